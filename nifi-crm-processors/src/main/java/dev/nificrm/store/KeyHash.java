package dev.nificrm.store;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 64-bit hashes the store files keys under: a blocking key of a rule, a comparison key of a field whose
 * frequency is counted, or a shard of a counter. Hashing keeps the store's key table compact and lets it hold any
 * key text; two different keys sharing a hash (about one chance in 10^7 at 10^6 entities) only add a candidate that
 * is then scored, or nudge a frequency.
 */
public final class KeyHash {
    /** Counters are spread over this many rows, so concurrent writers seldom wait for each other on one row. */
    public static final int COUNTER_SHARDS = 16;

    private KeyHash() {
    }

    /** The hash of a blocking key, e.g. rule {@code last_name~phonetic+postal_code} and key {@code SM0|2000|}. */
    public static long block(final String ruleName, final String key) {
        return hash("block:" + ruleName + '\u0000' + key);
    }

    /** The hash of a comparison key of a field whose values are counted for term frequencies. */
    public static long term(final String fieldName, final String value) {
        return hash("term:" + fieldName + '\u0000' + value);
    }

    /** The hashes of the shards of a named counter. */
    public static long[] counter(final String name) {
        final long[] shards = new long[COUNTER_SHARDS];
        for (int shard = 0; shard < COUNTER_SHARDS; shard++) {
            shards[shard] = hash("counter:" + name + '\u0000' + shard);
        }
        return shards;
    }

    private static long hash(final String text) {
        return MurmurHash3.hash128x64(text.getBytes(StandardCharsets.UTF_8))[0];
    }

    /**
     * Hashes keys of a fixed set of kinds (the blocking rules of a matcher, the counted fields) exactly as
     * {@link #block} and {@link #term} do, without building the text or its bytes: the kind's UTF-8 prefix and the key's
     * UTF-8 bytes are written into a buffer this hasher keeps, which is hashed in place. Not thread-safe: one per thread.
     */
    static final class Hasher {
        private static final long C1 = 0x87c37b91114253d5L;
        private static final long C2 = 0x4cf5ad432745937fL;
        private static final int BYTES_PER_CHAR = 3;

        private final byte[][] prefixes;
        private byte[] buffer = new byte[256];

        private Hasher(final List<String> prefixes) {
            this.prefixes = new byte[prefixes.size()][];
            for (int kind = 0; kind < prefixes.size(); kind++) {
                this.prefixes[kind] = prefixes.get(kind).getBytes(StandardCharsets.UTF_8);
            }
        }

        /** A hasher of the blocking keys of these rules, by rule index: {@code hash(rule, key) == block(ruleNames[rule], key)}. */
        static Hasher blocks(final List<String> ruleNames) {
            return new Hasher(ruleNames.stream().map(name -> "block:" + name + '\u0000').toList());
        }

        /** A hasher of the counted values of these fields, by field index: {@code hash(field, value) == term(fieldNames[field], value)}. */
        static Hasher terms(final List<String> fieldNames) {
            return new Hasher(fieldNames.stream().map(name -> "term:" + name + '\u0000').toList());
        }

        /** The hash of a key of one kind. */
        long hash(final int kind, final String key) {
            final byte[] prefix = prefixes[kind];
            final int most = prefix.length + key.length() * BYTES_PER_CHAR;
            if (most > buffer.length) {
                buffer = new byte[Math.max(most, buffer.length * 2)];
            }
            System.arraycopy(prefix, 0, buffer, 0, prefix.length);
            return murmur128Low(buffer, encode(key, buffer, prefix.length));
        }

        /** Writes the UTF-8 bytes of the text from {@code at}, as {@link String#getBytes} does (an unpaired surrogate is '?'); returns the end. */
        private static int encode(final String text, final byte[] bytes, final int at) {
            int end = at;
            final int length = text.length();
            for (int i = 0; i < length; i++) {
                final char c = text.charAt(i);
                if (c < 0x80) {
                    bytes[end++] = (byte) c;
                } else if (c < 0x800) {
                    bytes[end++] = (byte) (0xC0 | c >> 6);
                    bytes[end++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    final int codePoint = Character.toCodePoint(c, text.charAt(++i));
                    bytes[end++] = (byte) (0xF0 | codePoint >> 18);
                    bytes[end++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                    bytes[end++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                    bytes[end++] = (byte) (0x80 | codePoint & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    bytes[end++] = '?';
                } else {
                    bytes[end++] = (byte) (0xE0 | c >> 12);
                    bytes[end++] = (byte) (0x80 | c >> 6 & 0x3F);
                    bytes[end++] = (byte) (0x80 | c & 0x3F);
                }
            }
            return end;
        }

        /** The first half of MurmurHash3 x64 128 with seed 0 (Commons Codec's {@code hash128x64(data)[0]}) of the first {@code length} bytes. */
        private static long murmur128Low(final byte[] data, final int length) {
            long h1 = 0;
            long h2 = 0;
            final int blocks = length >> 4;
            for (int block = 0; block < blocks; block++) {
                final int index = block << 4;
                final long k1 = littleEndianLong(data, index);
                final long k2 = littleEndianLong(data, index + 8);
                h1 ^= Long.rotateLeft(k1 * C1, 31) * C2;
                h1 = Long.rotateLeft(h1, 27) + h2;
                h1 = h1 * 5 + 0x52dce729;
                h2 ^= Long.rotateLeft(k2 * C2, 33) * C1;
                h2 = Long.rotateLeft(h2, 31) + h1;
                h2 = h2 * 5 + 0x38495ab5;
            }
            final int tail = blocks << 4;
            final int rest = length - tail;
            if (rest > 8) {
                long k2 = 0;
                for (int i = rest - 1; i >= 8; i--) {
                    k2 = k2 << 8 | data[tail + i] & 0xFFL;
                }
                h2 ^= Long.rotateLeft(k2 * C2, 33) * C1;
            }
            if (rest > 0) {
                long k1 = 0;
                for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
                    k1 = k1 << 8 | data[tail + i] & 0xFFL;
                }
                h1 ^= Long.rotateLeft(k1 * C1, 31) * C2;
            }
            h1 ^= length;
            h2 ^= length;
            h1 += h2;
            h2 += h1;
            h1 = fmix64(h1);
            h2 = fmix64(h2);
            return h1 + h2;
        }

        private static long littleEndianLong(final byte[] data, final int index) {
            return data[index] & 0xFFL | (data[index + 1] & 0xFFL) << 8 | (data[index + 2] & 0xFFL) << 16 | (data[index + 3] & 0xFFL) << 24
                    | (data[index + 4] & 0xFFL) << 32 | (data[index + 5] & 0xFFL) << 40 | (data[index + 6] & 0xFFL) << 48
                    | (data[index + 7] & 0xFFL) << 56;
        }

        private static long fmix64(final long value) {
            long hash = value;
            hash ^= hash >>> 33;
            hash *= 0xff51afd7ed558ccdL;
            hash ^= hash >>> 33;
            hash *= 0xc4ceb9fe1a85ec53L;
            hash ^= hash >>> 33;
            return hash;
        }
    }
}
