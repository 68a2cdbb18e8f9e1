package dev.nificrm.match;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A record's keys as a store's candidate for one pair gives them ({@code JdbcEntityStore.decodeKeys}), for tests of
 * comparisons read where the store holds the values: the member's keys as UTF-8, a value whose bytes are the partner's
 * characters given as the partner's string, any other left as bytes for a decoder that counts the strings it makes.
 */
final class StoredKeys {
    private StoredKeys() {
    }

    /** {@code keys} written into {@code room} as a store's candidate for one pair with {@code partner}. */
    static CandidateKeys stored(final CandidateKeys room, final String[] keys, final String[] partner, final CountingDecoder decoder) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int[] from = new int[keys.length];
        final int[] to = new int[keys.length];
        for (int field = 0; field < keys.length; field++) {
            from[field] = bytes.size();
            if (keys[field] != null) {
                bytes.writeBytes(keys[field].getBytes(StandardCharsets.UTF_8));
            }
            to[field] = bytes.size();
        }
        final byte[] encoded = bytes.toByteArray();
        final String[] written = room.room(encoded, decoder);
        for (int field = 0; field < keys.length; field++) {
            if (keys[field] == null) {
                continue;
            }
            if (sameCharacters(partner[field], encoded, from[field], to[field])) {
                written[field] = partner[field];
            } else {
                room.leave(field, from[field], to[field], field);
            }
        }
        return room;
    }

    /** The store's test for the partner's string: its characters are the bytes, one each (ASCII alone). */
    private static boolean sameCharacters(final String value, final byte[] bytes, final int from, final int to) {
        if (value == null || value.length() != to - from) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a member's UTF-8 value as the store does, counting the strings made per field (its position). */
    static final class CountingDecoder implements CandidateKeys.Decoder {
        private final int[] decodes;

        CountingDecoder(final int fields) {
            this.decodes = new int[fields];
        }

        @Override
        public String decode(final byte[] bytes, final int from, final int to, final int position) {
            decodes[position]++;
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }

        /** The strings made of the field's values since the last {@link #reset}. */
        int decodes(final int field) {
            return decodes[field];
        }

        void reset() {
            java.util.Arrays.fill(decodes, 0);
        }
    }

    /**
     * {@code value} (two characters or more) with one typo: a character replaced by one of {@code replacements}, dropped,
     * one of {@code insertions} added, or two neighbours swapped.
     */
    static String typo(final Random random, final String value, final String replacements, final String insertions) {
        final StringBuilder typo = new StringBuilder(value);
        final int at = random.nextInt(value.length() - 1);
        switch (random.nextInt(4)) {
            case 0 -> typo.setCharAt(at, replacements.charAt(random.nextInt(replacements.length())));
            case 1 -> typo.deleteCharAt(at);
            case 2 -> typo.insert(at, insertions.charAt(random.nextInt(insertions.length())));
            default -> {
                typo.setCharAt(at, value.charAt(at + 1));
                typo.setCharAt(at + 1, value.charAt(at));
            }
        }
        return typo.toString();
    }
}
