package dev.nificrm.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nificrm.testing.ThreadAllocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a batch's stored entities ({@link EntityStore#findEntities}) on the embedded store: a batch asks about
 * thousands of golden ids, in no order, created in time order ({@link GoldenIds}) as the entities' row numbers are.
 */
class EntitiesReadTest {
    private static final int STORED = 200_000;
    private static final int ASKED = 20_000;

    @TempDir
    Path directory;

    /** A store of {@link #STORED} entities whose golden ids sort as they were created; every 1,000th merged away, the next erased. */
    private Path storeOfEntities() throws Exception {
        final Path file = directory.resolve("entities.db");
        JdbcEntityStore.sqlite(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            statement.executeUpdate("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + STORED + ")"
                    + " insert into crm_entity (created_seq, golden_id, created_at, updated_at, member_count, merged_into, erased_at)"
                    + " select i, " + goldenIdOf("i") + ", '2026-12-07T00:00:00Z', '2026-12-07T00:00:00Z', 1 + i % 3,"
                    + " case when i % 1000 = 0 then " + goldenIdOf("i + 1") + " end, case when i % 1000 = 1 then '2026-12-07T00:00:01Z' end from n");
        }
        return file;
    }

    /** A golden id in SQL: a UUID whose leading digits are the entity's number, so that ids sort as they were made. */
    private static String goldenIdOf(final String number) {
        return "printf('%08x-0000-7000-8000-%012x', " + number + ", (" + number + ") * 7919 % 65521)";
    }

    private static String goldenIdOf(final int number) {
        return String.format("%08x-0000-7000-8000-%012x", number, (long) number * 7919 % 65521);
    }

    @Test
    void aBatchsEntitiesAreReadWithTheirGoldenIdsMadeStringsOnce() throws Exception {
        final Path file = storeOfEntities();
        final List<String> asked = new ArrayList<>(ASKED);
        final Random random = new Random(9);
        final Set<Integer> numbers = new HashSet<>();
        while (numbers.size() < ASKED) {
            numbers.add(1 + random.nextInt(STORED));
        }
        numbers.forEach(number -> asked.add(goldenIdOf(number)));
        Collections.shuffle(asked, random);
        asked.add("not-stored");
        try (JdbcEntityStore store = JdbcEntityStore.sqlite(file)) {
            final ThreadAllocation.Least least = new ThreadAllocation.Least();
            Map<String, StoredEntity> found = Map.of();
            for (int round = 0; round < 3; round++) {
                found = least.count(() -> store.findEntities(asked));
            }

            // the live entities asked about, each with its row's number and member count; merged and erased ones left out
            int live = 0;
            for (final int number : numbers) {
                final StoredEntity entity = found.get(goldenIdOf(number));
                if (number % 1000 == 0 || number % 1000 == 1) {
                    assertNull(entity, "entity " + number);
                } else {
                    live++;
                    assertEquals(new StoredEntity(goldenIdOf(number), number, 1 + number % 3), entity, "entity " + number);
                }
            }
            assertEquals(live, found.size());
            // each live row's golden id was read from SQLite twice, once for the map and once for the entity (a direct
            // buffer, two byte arrays and a string each): 610 bytes an entity asked about; 344 read once
            assertTrue(least.bytes() < 450L * ASKED, "allocated " + least.bytes() + " bytes for " + ASKED + " entities");
        }
    }
}
