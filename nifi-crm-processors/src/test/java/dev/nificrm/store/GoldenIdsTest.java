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
    void aGoldenIdInCapitalsOrInBracesIsReadAsTheStoreKeepsIt() {
        final String id = "01939b7e-4f2a-7c3d-8e1f-0a1b2c3d4e5f";
        assertEquals(id, GoldenIds.canonical(id));
        assertEquals(id, GoldenIds.canonical("01939B7E-4F2A-7C3D-8E1F-0A1B2C3D4E5F"));
        assertEquals(id, GoldenIds.canonical("{01939b7e-4f2a-7c3d-8e1f-0a1b2c3d4e5f}"));
        assertEquals(id, GoldenIds.canonical("{01939B7E-4f2a-7C3D-8e1f-0A1B2C3D4E5F}"));
        // anything else is no golden id spelt otherwise: looked up as it is
        for (final String other : new String[] {"{01939b7e-4f2a-7c3d-8e1f-0a1b2c3d4e5f", "01939b7e-4f2a-7c3d-8e1f-0a1b2c3d4e5f}",
                "01939B7E4F2A7C3D8E1F0A1B2C3D4E5F", "01939b7e-4f2a-7c3d-8e1f-0a1b2c3d4e5g", "01939b7e4-f2a-7c3d-8e1f-0a1b2c3d4e5f",
                "(01939b7e-4f2a-7c3d-8e1f-0a1b2c3d4e5f)", "ACME-42", ""}) {
            assertEquals(other, GoldenIds.canonical(other));
        }
        assertEquals(null, GoldenIds.canonical(null));
    }

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
