package dev.nificrm.store;

import org.apache.commons.codec.digest.MurmurHash3;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /**
     * The name a blocking rule's keys are hashed under in one generation of them: the rule's name for generation 0 (the
     * keys written before the store kept its rules), the name and the generation after it otherwise, so that keys
     * built anew never mix with blocks left behind.
     */
    public static String generationOf(final String ruleName, final int generation) {
        return generation == 0 ? ruleName : ruleName + '\u0001' + generation;
    }

    /** The hash of a comparison key of a field whose values are counted for term frequencies. */
    public static long term(final String fieldName, final String value) {
        return hash("term:" + fieldName + '\u0000' + value);
    }

    /** The shards of the counter of stored records (members), the population the match prior is estimated from. */
    public static long[] population() {
        return counter("population");
    }

    /** The shards of the counter of stored records with a value in a field whose frequencies are counted. */
    public static long[] fieldTotal(final String fieldName) {
        return counter("total:" + fieldName);
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
     * {@link #block} and {@link #term} do, without building the text or its bytes: the key's UTF-8 bytes are written
     * into a buffer this hasher keeps, after the bytes of the kind's UTF-8 prefix that do not fill a 16-byte block of
     * MurmurHash3, and hashed in place from the state the prefix's whole blocks leave (worked out once per kind: the
     * prefix of a blocking rule, {@code block:} and the rule's name, is often longer than the key). Not thread-safe: one
     * per thread.
     */
    static final class Hasher {
        private static final long C1 = 0x87c37b91114253d5L;
        private static final long C2 = 0x4cf5ad432745937fL;
        private static final int BYTES_PER_CHAR = 3;
        private static final int BLOCK_BYTES = 16;
        private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        /** Per kind, the prefix's bytes after its whole 16-byte blocks. */
        private final byte[][] prefixTails;
        /** Per kind, the length of the prefix's whole blocks and the two halves of the state they leave. */
        private final int[] prefixBlockBytes;
        private final long[] prefixH1;
        private final long[] prefixH2;
        private byte[] buffer = new byte[256];

        private Hasher(final List<String> prefixes) {
            final int kinds = prefixes.size();
            this.prefixTails = new byte[kinds][];
            this.prefixBlockBytes = new int[kinds];
            this.prefixH1 = new long[kinds];
            this.prefixH2 = new long[kinds];
            final long[] state = new long[2];
            for (int kind = 0; kind < kinds; kind++) {
                final byte[] prefix = prefixes.get(kind).getBytes(StandardCharsets.UTF_8);
                final int blockBytes = prefix.length / BLOCK_BYTES * BLOCK_BYTES;
                state[0] = 0;
                state[1] = 0;
                mixBlocks(prefix, 0, blockBytes, state);
                prefixTails[kind] = Arrays.copyOfRange(prefix, blockBytes, prefix.length);
                prefixBlockBytes[kind] = blockBytes;
                prefixH1[kind] = state[0];
                prefixH2[kind] = state[1];
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
            final byte[] tail = prefixTails[kind];
            final int most = tail.length + key.length() * BYTES_PER_CHAR;
            if (most > buffer.length) {
                buffer = new byte[Math.max(most, buffer.length * 2)];
            }
            System.arraycopy(tail, 0, buffer, 0, tail.length);
            final int length = encode(key, buffer, tail.length);
            return murmur128Low(buffer, length, prefixBlockBytes[kind], prefixH1[kind], prefixH2[kind]);
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

        /**
         * The first half of MurmurHash3 x64 128 with seed 0 (Commons Codec's {@code hash128x64(data)[0]}) of
         * {@code hashedBytes} bytes whose whole blocks left the state {@code h1}, {@code h2}, followed by the first
         * {@code length} bytes of {@code data}.
         */
        private static long murmur128Low(final byte[] data, final int length, final int hashedBytes, final long h1, final long h2) {
            final long[] state = {h1, h2};
            final int tail = length / BLOCK_BYTES * BLOCK_BYTES;
            mixBlocks(data, 0, tail, state);
            return finish(data, tail, length, hashedBytes + length, state[0], state[1]);
        }

        /** MurmurHash3 x64 128's body over the 16-byte blocks of {@code data} from {@code from} to {@code to}, on {@code state}. */
        private static void mixBlocks(final byte[] data, final int from, final int to, final long[] state) {
            long h1 = state[0];
            long h2 = state[1];
            for (int index = from; index < to; index += BLOCK_BYTES) {
                final long k1 = (long) LITTLE_ENDIAN_LONG.get(data, index);
                final long k2 = (long) LITTLE_ENDIAN_LONG.get(data, index + 8);
                h1 ^= Long.rotateLeft(k1 * C1, 31) * C2;
                h1 = Long.rotateLeft(h1, 27) + h2;
                h1 = h1 * 5 + 0x52dce729;
                h2 ^= Long.rotateLeft(k2 * C2, 33) * C1;
                h2 = Long.rotateLeft(h2, 31) + h1;
                h2 = h2 * 5 + 0x38495ab5;
            }
            state[0] = h1;
            state[1] = h2;
        }

        /** MurmurHash3 x64 128's tail (the bytes of {@code data} from {@code tail} to {@code end}) and finalisation, for {@code length} bytes in all. */
        private static long finish(final byte[] data, final int tail, final int end, final int length, final long blocksH1, final long blocksH2) {
            long h1 = blocksH1;
            long h2 = blocksH2;
            final int rest = end - tail;
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
