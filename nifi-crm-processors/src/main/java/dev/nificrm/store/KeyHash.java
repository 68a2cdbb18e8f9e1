package dev.nificrm.store;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;

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
}
