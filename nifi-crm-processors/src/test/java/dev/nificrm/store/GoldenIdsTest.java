package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldenIdsTest {

    @Test
    void idsAreVersion7UuidsCarryingTheirMillisecond() {
        final Instant now = Instant.parse("2026-12-01T05:30:00.123Z");
        final UUID id = UUID.fromString(new GoldenIds(Clock.fixed(now, ZoneOffset.UTC)).get());
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(now.toEpochMilli(), id.getMostSignificantBits() >>> 16);
    }

    @Test
    void idsOfOneMillisecondDifferAndLaterIdsSortAfterEarlierOnes() {
        final Instant start = Instant.parse("2026-12-01T05:30:00Z");
        final GoldenIds first = new GoldenIds(Clock.fixed(start, ZoneOffset.UTC));
        final GoldenIds later = new GoldenIds(Clock.fixed(start.plusMillis(1), ZoneOffset.UTC));
        final Set<String> seen = new HashSet<>();
        final List<String> earlier = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            final String id = first.get();
            assertTrue(seen.add(id), "an id came twice");
            earlier.add(id);
        }
        final String next = later.get();
        for (final String id : earlier) {
            assertTrue(id.compareTo(next) < 0, "an id of an earlier millisecond sorts after a later one");
        }
    }
}
