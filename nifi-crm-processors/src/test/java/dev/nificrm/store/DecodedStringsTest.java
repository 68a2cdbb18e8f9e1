package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class DecodedStringsTest {
    private static final String SEPARATOR = String.valueOf(JdbcEntityStore.FIELD_SEPARATOR);

    private static StoredMember member(final String encodedKeys, final int... positions) {
        return new StoredMember(1, "g-1", "crm", encodedKeys.getBytes(StandardCharsets.UTF_8), 0, positions);
    }

    @Test
    void aValueDecodedAgainIsTheStringDecodedBefore() {
        // two stored candidates of one block: the scorer asks for each one's keys once per pair
        final StoredMember first = member("smith" + SEPARATOR + "john" + SEPARATOR + "2000", 0, 1, 2);
        final StoredMember second = member("smith" + SEPARATOR + "jane" + SEPARATOR + "2000", 0, 1, 2);
        final String[] firstKeys = first.keys();
        final String[] secondKeys = second.keys();
        assertArrayEquals(new String[] {"smith", "john", "2000"}, firstKeys);
        assertArrayEquals(new String[] {"smith", "jane", "2000"}, secondKeys);
        assertSame(firstKeys[0], secondKeys[0], "one string for the surname both candidates hold");
        assertSame(firstKeys[2], secondKeys[2]);
        assertSame(firstKeys[1], first.keys()[1], "the same candidate's keys asked for again");
        assertNotSame(first.keys(), first.keys(), "still a new array on each call");
    }

    @Test
    void valuesSharingASlotAreEachTheirOwnValue() {
        // far more values than slots: every answer is the value asked for, whichever value a slot held before
        final DecodedStrings strings = DecodedStrings.forThread();
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            values.add(Integer.toString(i * 7919, 36));
        }
        for (int round = 0; round < 2; round++) {
            for (final String value : values) {
                final byte[] bytes = ("#" + value + "#").getBytes(StandardCharsets.US_ASCII);
                assertEquals(value, strings.decode(bytes, 1, bytes.length - 1, 0));
            }
        }
        // values of one length and hash-colliding characters ("Aa" and "BB" hash alike)
        final byte[] aa = "xAay".getBytes(StandardCharsets.US_ASCII);
        final byte[] bb = "xBBy".getBytes(StandardCharsets.US_ASCII);
        assertEquals("Aa", strings.decode(aa, 1, 3, 0));
        assertEquals("BB", strings.decode(bb, 1, 3, 0));
        assertEquals("Aa", strings.decode(aa, 1, 3, 0));
        assertEquals("", strings.decode(aa, 2, 2, 0));
    }

    @Test
    void valuesOfOneFieldDoNotPushOutThoseOfAnother() {
        final DecodedStrings strings = DecodedStrings.forThread();
        final byte[] surname = "smith".getBytes(StandardCharsets.US_ASCII);
        final String kept = strings.decode(surname, 0, surname.length, 1);
        // a batch's worth of emails, each decoded once, in the field before
        for (int i = 0; i < 100_000; i++) {
            final byte[] email = ("person" + i + "@example.com").getBytes(StandardCharsets.US_ASCII);
            strings.decode(email, 0, email.length, 0);
        }
        assertSame(kept, strings.decode(surname, 0, surname.length, 1));
        assertEquals("smith", strings.decode(surname, 0, surname.length, 0), "the same value in another field: its own slot");
    }

    @Test
    void valuesBeyondAsciiAndLongValuesAreDecodedAsTheyAre() {
        final DecodedStrings strings = DecodedStrings.forThread();
        final byte[] accented = "m\u00fcller".getBytes(StandardCharsets.UTF_8);
        assertEquals("m\u00fcller", strings.decode(accented, 0, accented.length, 0));
        assertNotSame(strings.decode(accented, 0, accented.length, 0), strings.decode(accented, 0, accented.length, 0));
        final byte[] emoji = "\uD83D\uDE00 ann".getBytes(StandardCharsets.UTF_8);
        assertEquals("\uD83D\uDE00 ann", strings.decode(emoji, 0, emoji.length, 0));
        final byte[] long1 = "a".repeat(65).getBytes(StandardCharsets.US_ASCII);
        assertEquals("a".repeat(65), strings.decode(long1, 0, long1.length, 0));
        assertNotSame(strings.decode(long1, 0, long1.length, 0), strings.decode(long1, 0, long1.length, 0));
    }

    @Test
    void eachThreadHasItsOwnTable() throws InterruptedException {
        final byte[] bytes = "smith".getBytes(StandardCharsets.US_ASCII);
        final String here = DecodedStrings.forThread().decode(bytes, 0, bytes.length, 0);
        final AtomicReference<DecodedStrings> otherTable = new AtomicReference<>();
        final AtomicReference<String> there = new AtomicReference<>();
        final Thread other = new Thread(() -> {
            otherTable.set(DecodedStrings.forThread());
            there.set(otherTable.get().decode(bytes, 0, bytes.length, 0));
        });
        other.start();
        other.join();
        assertNotSame(DecodedStrings.forThread(), otherTable.get());
        assertEquals(here, there.get());
        assertNotSame(here, there.get(), "another thread decodes its own string: nothing is shared between threads");
        assertSame(here, DecodedStrings.forThread().decode(bytes, 0, bytes.length, 0));
    }
}
