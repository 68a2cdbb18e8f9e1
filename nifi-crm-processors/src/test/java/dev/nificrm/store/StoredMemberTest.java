package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

class StoredMemberTest {

    private static StoredMember member(final String sourceId, final String encodedKeys, final int... positions) {
        final byte[] id = sourceId.getBytes(StandardCharsets.UTF_8);
        final byte[] keys = encodedKeys.getBytes(StandardCharsets.UTF_8);
        final byte[] encoded = new byte[id.length + keys.length];
        System.arraycopy(id, 0, encoded, 0, id.length);
        System.arraycopy(keys, 0, encoded, id.length, keys.length);
        return new StoredMember(7, "g-1", "crm", encoded, id.length, positions);
    }

    @Test
    void makesItsSourceAndKeysFromOneArray() {
        final String separator = String.valueOf(JdbcEntityStore.FIELD_SEPARATOR);
        // keys of a layout (surname, first name, city) asked for as (first name, city, postcode, surname)
        final StoredMember member = member("003A\u00e9", "l\u00e9e" + separator + "\uD83D\uDE00 ann" + separator, 1, 2, -1, 0);
        assertEquals(7, member.memberId());
        assertEquals("g-1", member.goldenId());
        assertEquals(new SourceKey("crm", "003A\u00e9"), member.source());
        assertArrayEquals(new String[] {"\uD83D\uDE00 ann", null, null, "l\u00e9e"}, member.keys(), "an empty key and a field the layout lacks are missing");
        assertNotSame(member.keys(), member.keys(), "a new array on each call: a caller may not share it");
    }

    @Test
    void aMemberWithoutKeysOrSourceIdHasNone() {
        assertArrayEquals(new String[] {null, null}, member("", "", 0, 1).keys());
        assertEquals(new SourceKey("crm", ""), member("", "", 0, 1).source());
        assertArrayEquals(new String[] {"x"}, member("", "x", 0).keys());
    }
}
