package dev.nificrm.store;

import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading the decisions that keep entities apart for a batch's golden ids (the resolver asks about every stored
 * candidate's entity, some 70,000 a batch of 10,000, while a store holds few decisions or none), on the embedded store.
 */
class KeptApartReadTest {
    private static final int ASKED = 200_000;

    @TempDir
    Path directory;

    private static List<String> ids(final String... named) {
        final List<String> ids = new ArrayList<>(ASKED);
        for (int i = 0; i < ASKED - named.length; i++) {
            ids.add("g-" + i);
        }
        ids.addAll(List.of(named));
        return ids;
    }

    /** A store holding these decisions (each two golden ids, in order), written as the store keeps them. */
    private JdbcEntityStore storeDeciding(final String... pairs) throws Exception {
        final Path file = directory.resolve("store-" + pairs.length + ".db");
        JdbcEntityStore.sqlite(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            for (int i = 0; i < pairs.length; i += 2) {
                statement.executeUpdate("insert into crm_kept_apart (golden_id_a, golden_id_b, decided_at) values ('" + pairs[i] + "', '"
                        + pairs[i + 1] + "', '2026-12-06T00:00:00Z')");
            }
        }
        return JdbcEntityStore.sqlite(file);
    }

    /** The bytes the calling thread allocates for a read, the second time it is made (the first prepares and loads classes). */
    private static long allocatedBy(final Supplier<Set<EntityPair>> read, final Set<EntityPair> expected) {
        final List<Set<EntityPair>> reads = new ArrayList<>(2);
        final long allocated = ThreadAllocation.leastOf(2, () -> reads.add(read.get()));
        reads.forEach(read1 -> assertEquals(expected, read1));
        return allocated;
    }

    @Test
    void aBatchsIdsAreNotHashedToLookUpNoDecisionOrAFew() throws Exception {
        final List<String> asked = ids("ann", "rita");
        try (JdbcEntityStore none = storeDeciding()) {
            final long allocated = allocatedBy(() -> none.findKeptApart(asked), Set.of());
            // a set of the 200,000 ids asked about: 8.4 MB
            assertTrue(allocated < 1_000_000, "no decision: allocated " + allocated + " bytes");
        }
        try (JdbcEntityStore few = storeDeciding("ann", "gene", "bob", "rita", "cyd", "tom")) {
            final long allocated = allocatedBy(() -> few.findKeptApart(asked),
                    Set.of(new EntityPair("ann", "gene"), new EntityPair("bob", "rita")));
            assertTrue(allocated < 1_000_000, "three decisions: allocated " + allocated + " bytes");
        }
    }

    @Test
    void everyDecisionNamingAnIdAskedAboutIsFoundWhicheverSideIsHashed() throws Exception {
        try (JdbcEntityStore store = storeDeciding("ann", "gene", "ann", "tom", "bob", "rita", "cyd", "tom", "dan", "eve")) {
            final Set<EntityPair> annAndRita = Set.of(new EntityPair("ann", "gene"), new EntityPair("ann", "tom"), new EntityPair("bob", "rita"));
            // many ids asked (the decisions hashed), asked as a set, as a list with repeats
            assertEquals(annAndRita, store.findKeptApart(ids("ann", "rita")));
            assertEquals(annAndRita, store.findKeptApart(new HashSet<>(ids("ann", "rita"))));
            final Collection<String> repeated = new ArrayList<>(ids("tom", "tom"));
            assertEquals(Set.of(new EntityPair("ann", "tom"), new EntityPair("cyd", "tom")), store.findKeptApart(repeated));
            // as many ids as decisions, or a few more (the ids hashed), and fewer (read by index)
            assertEquals(annAndRita, store.findKeptApart(List.of("rita", "ann", "x", "y", "z")));
            assertEquals(annAndRita, store.findKeptApart(List.of("rita", "ann", "v", "w", "x", "y", "z", "q", "p", "o")));
            assertEquals(Set.of(new EntityPair("dan", "eve")), store.findKeptApart(List.of("eve")));
            assertEquals(Set.of(), store.findKeptApart(List.of("nobody")));
        }
    }
}
