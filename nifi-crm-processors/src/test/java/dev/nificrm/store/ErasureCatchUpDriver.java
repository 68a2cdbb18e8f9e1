package dev.nificrm.store;

import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures what a PostgreSQL node behind an erasure pays to catch up: nodes A and B share a store of {@code stored}
 * people; B takes the log in, A writes one FlowFile of 1,000 new people and erases one customer (compacting the key log,
 * as EraseCRMRecord does by default), then B's next read of keys is timed, with the builds of B's index it caused, five
 * times. With a third argument {@code own}, the customer erased is one of the FlowFile's new people, so B is behind the
 * erased customer's own write too; with {@code changed}, the FlowFile also gives a stored customer new keys (a new name,
 * email, phone and postal code, as its CRM record changed) and that customer is erased, so B is behind a write that changed
 * the erased customer; with {@code twice}, each round writes two such FlowFiles, the second changing the customer's keys
 * again (another name, email and phone), so B is behind two writes that changed the erased customer. Not a test; run from the test classes with the module's test class path (a surefire
 * report's {@code surefire.test.class.path}); it starts a PostgreSQL server of its own under the directory:
 * <pre>
 * java -Xmx1g -cp "$TEST_CLASS_PATH" dev.nificrm.store.ErasureCatchUpDriver /tmp/erasure-catch-up 100000 [own|changed|twice]
 * </pre>
 * With {@code -DurlOptions=prepareThreshold=-1} (or other options of the PostgreSQL driver's URL), the stores connect so.
 */
final class ErasureCatchUpDriver {
    private static final int LOAD_BATCH = 10_000;
    private static final int ROUNDS = 5;
    /** The erasing thread's allocations (and the plain compaction's): the compaction writes the base and reads the one before it part by part to replay blocks. */
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ErasureCatchUpDriver() {
    }

    public static void main(final String[] arguments) throws Exception {
        final Path directory = Path.of(arguments[0]);
        final int stored = Integer.parseInt(arguments[1]);
        final boolean ownWrite = arguments.length > 2 && "own".equals(arguments[2]);
        final boolean twice = arguments.length > 2 && "twice".equals(arguments[2]);
        final boolean changedWrite = twice || arguments.length > 2 && "changed".equals(arguments[2]);
        SharedStoreDriver.deleteAll(directory);
        Files.createDirectories(directory);
        final Matcher matcher = ErasureCompactionDriver.MATCHER;
        final SplittableRandom random = new SplittableRandom(20261205);
        final List<String> goldenIds = new ArrayList<>();
        try (PostgresServer server = PostgresServer.start(directory.resolve("postgres"))) {
            final PostgresDatabase created = server.createDatabase("erasure-catch-up");
            // the connection's options, as an operator's URL would give them (prepareThreshold=-1: bytea read as binary)
            final String urlOptions = System.getProperty("urlOptions", "");
            final PostgresDatabase database = urlOptions.isEmpty() ? created
                    : new PostgresDatabase(created.name(), created.jdbcUrl() + "?" + urlOptions, created.user(), created.password());
            try (JdbcEntityStore a = (JdbcEntityStore) JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "node A",
                    directory.resolve("a"));
                 JdbcEntityStore b = (JdbcEntityStore) JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "node B",
                         directory.resolve("b"))) {
                final EntityResolver resolver = new EntityResolver(matcher, a, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
                int person = 0;
                final long loading = System.nanoTime();
                while (person < stored) {
                    final int size = Math.min(LOAD_BATCH, stored - person);
                    final Resolution resolution = resolver.resolve(SharedStoreDriver.people(matcher, "erp", random, person, size, false));
                    resolution.pendingWrite().commit();
                    for (int i = 0; i < 20 && i < size; i++) {
                        goldenIds.add(resolution.goldenId(i));
                    }
                    person += size;
                }
                System.out.printf(Locale.ROOT, "loaded %,d people on A in %,d ms: %,d keys%n", stored, ErasureCompactionDriver.millisSince(loading), a.statistics().keys());
                final long compactionAllocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                final KeyLogCompaction loadedCompaction = a.compactKeyLog(false);
                ErasureCompactionDriver.report(String.format(Locale.ROOT, "A's compaction of the loaded log (no erasure, allocating %,d MB)",
                        (THREADS.getCurrentThreadAllocatedBytes() - compactionAllocatedBefore) >> 20), loadedCompaction);
                long started = System.nanoTime();
                b.findKeys(new long[] {1});
                System.out.printf(Locale.ROOT, "B opened and took the log in: %,d ms%n", ErasureCompactionDriver.millisSince(started));
                for (int round = 0; round < ROUNDS; round++) {
                    final EntityBatch batch = SharedStoreDriver.people(matcher, "erp", random, person, 1_000, false);
                    if (changedWrite) {
                        // stored person number {round} (the first of the first load) with new keys: the same source record
                        batch.add(matcher.keys(new String[] {"Renamed", "Changedperson", "renamed.changed" + round + "@example.com",
                                String.format(Locale.ROOT, "+1 999 %03d %04d", round, round), "99999"}), "erp" + round, null, null);
                    }
                    final Resolution written = resolver.resolve(batch);
                    written.pendingWrite().commit();
                    person += 1_000;
                    if (twice) {
                        final EntityBatch again = SharedStoreDriver.people(matcher, "erp", random, person, 1_000, false);
                        again.add(matcher.keys(new String[] {"Renamedagain", "Changedtwice", "changed.twice" + round + "@example.com",
                                String.format(Locale.ROOT, "+1 998 %03d %04d", round, round), "99999"}), "erp" + round, null, null);
                        resolver.resolve(again).pendingWrite().commit();
                        person += 1_000;
                    }
                    started = System.nanoTime();
                    final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                    a.erase(List.of(ownWrite ? written.goldenId(0) : goldenIds.get(round))).pendingWrite().commit();
                    final long erasing = ErasureCompactionDriver.millisSince(started);
                    final long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                    final long rebuilds = b.keyLog().rebuilds();
                    started = System.nanoTime();
                    b.findKeys(new long[] {1});
                    System.out.printf(Locale.ROOT, "round %d: A erased 1 customer%s, compacting, in %,d ms (allocating %,d MB); B, behind them, caught up in %,d ms, "
                            + "building its index %d times; log rows %d%n", round + 1,
                            ownWrite ? " of the FlowFile B lacks" : twice ? " the two FlowFiles B lacks changed"
                                    : changedWrite ? " the FlowFile B lacks changed" : "", erasing, allocated >> 20, ErasureCompactionDriver.millisSince(started),
                            (b.keyLog().rebuilds() - rebuilds) / 2, a.keyEntries(false).size());
                }
            }
        }
        SharedStoreDriver.deleteAll(directory);
    }
}
