package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class KeyStringsTest {

    private static String decode(final KeyStrings strings, final String text) {
        // the value in the middle of other bytes, as a key among a member's keys
        final byte[] value = text.getBytes(StandardCharsets.UTF_8);
        final byte[] bytes = new byte[value.length + 6];
        System.arraycopy(value, 0, bytes, 3, value.length);
        return strings.of(bytes, 3, value.length);
    }

    @Test
    void equalShortKeysAreOneStringAndEveryKeyReadsAsItsText() {
        final KeyStrings strings = new KeyStrings();
        final String mary = decode(strings, "mary");
        assertEquals("mary", mary);
        assertSame(mary, decode(strings, "mary"), "an equal short key is the string decoded before");
        assertEquals("marie", decode(strings, "marie"));
        assertEquals("1970-01-01", decode(strings, "1970-01-01"));
        // not ASCII, or long: decoded each time, correctly
        assertEquals("zoë", decode(strings, "zoë"));
        assertNotSame(decode(strings, "zoë"), decode(strings, "zoë"));
        final String email = "mary.smith@example.com.au.long";
        assertEquals(email, decode(strings, email));
        assertEquals("", decode(strings, ""));
    }

    @Test
    void manyDistinctKeysSharingSlotsStillReadAsTheirOwnText() {
        final KeyStrings strings = new KeyStrings();
        final Set<String> seen = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100_000; i++) {
                final String text = "k" + Integer.toString(i, 36);
                final String decoded = decode(strings, text);
                assertEquals(text, decoded);
                seen.add(decoded);
            }
        }
        assertEquals(100_000, seen.size());
    }
}
