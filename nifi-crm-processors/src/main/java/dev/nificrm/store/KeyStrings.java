package dev.nificrm.store;

import java.nio.charset.StandardCharsets;

/**
 * Comparison keys decoded from their stored UTF-8 bytes, one string for equal short values while it is remembered. A
 * batch's stored candidates repeat the same first names, surnames, birth dates, cities and postcodes thousands of
 * times; a string each is garbage that lives as long as the batch, which the collector copies and marks. Remembers one
 * value per slot of a small table (a value replaces another of its slot), ASCII values up to {@value #LONGEST} bytes
 * (longer ones, such as emails and street lines, seldom repeat), and is used by one reader at a time.
 */
final class KeyStrings {
    private static final int SLOTS = 1 << 14;
    private static final int LONGEST = 24;

    private final String[] strings = new String[SLOTS];

    /** The text of the bytes: a string decoded earlier when it is remembered and equal, else a new one. */
    String of(final byte[] bytes, final int start, final int length) {
        if (length > LONGEST) {
            return new String(bytes, start, length, StandardCharsets.UTF_8);
        }
        // String.hashCode of the ASCII text, which a string remembered has cached
        int hash = 0;
        for (int i = start; i < start + length; i++) {
            final byte value = bytes[i];
            if (value < 0) {
                return new String(bytes, start, length, StandardCharsets.UTF_8);
            }
            hash = 31 * hash + value;
        }
        final int slot = (hash ^ (hash >>> 14)) & (SLOTS - 1);
        final String known = strings[slot];
        if (known != null && known.length() == length && known.hashCode() == hash && sameText(known, bytes, start)) {
            return known;
        }
        final String decoded = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        strings[slot] = decoded;
        return decoded;
    }

    private static boolean sameText(final String text, final byte[] bytes, final int start) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }
}
