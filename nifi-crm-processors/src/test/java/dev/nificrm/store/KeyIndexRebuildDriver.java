package dev.nificrm.store;

import dev.nificrm.match.MatchSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures building the key index again from the store (what a node's catch-up does when it must: a failed commit, a
 * restore, a compaction it was behind): an embedded store of {@code stored} people (names, email, phone, postal code, as
 * SharedStoreDriver loads them), its log compacted into a base when {@code compacted} (else every row replayed), then
 * the index built again {@code rounds} times, each time reported (wall and CPU time). Not a test; run from the test classes with the module's test class path, under a profiler
 * if wanted:
 * <pre>
 * java -Xmx1g -XX:StartFlightRecording=filename=/tmp/rebuild.jfr -cp "$TEST_CLASS_PATH" \
 *     dev.nificrm.store.KeyIndexRebuildDriver /tmp/key-index-rebuild 200000 true 3
 * </pre>
 */
final class KeyIndexRebuildDriver {
    private static final int LOAD_BATCH = 10_000;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private KeyIndexRebuildDriver() {
    }

    public static void main(final String[] arguments) throws Exception {
        final Path directory = Path.of(arguments[0]);
        final int stored = Integer.parseInt(arguments[1]);
        final boolean compacted = Boolean.parseBoolean(arguments[2]);
        final int rounds = Integer.parseInt(arguments[3]);
        final boolean keep = arguments.length > 4 && Boolean.parseBoolean(arguments[4]);
        final boolean loaded = keep && Files.exists(directory.resolve("entity-store.db"));
        if (!loaded) {
            SharedStoreDriver.deleteAll(directory);
            Files.createDirectories(directory);
        }
        try (JdbcEntityStore store = (JdbcEntityStore) JdbcEntityStore.sqlite(directory.resolve("entity-store.db"))) {
            if (!loaded) {
                final EntityResolver resolver = new EntityResolver(ErasureCompactionDriver.MATCHER, store, true, true,
                        MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
                final SplittableRandom random = new SplittableRandom(20261206);
                final long loading = System.nanoTime();
                for (int person = 0; person < stored; person += LOAD_BATCH) {
                    resolver.resolve(SharedStoreDriver.people(ErasureCompactionDriver.MATCHER, "erp", random, person,
                            Math.min(LOAD_BATCH, stored - person), false)).pendingWrite().commit();
                }
                System.out.printf(Locale.ROOT, "loaded %,d people in %,d ms%n", stored, ErasureCompactionDriver.millisSince(loading));
                if (compacted) {
                    ErasureCompactionDriver.report("compaction", store.compactKeyLog(false));
                }
            }
            System.out.printf(Locale.ROOT, "%,d keys%n", store.statistics().keys());
            for (int round = 0; round < rounds; round++) {
                store.keyLog().markStale();
                final long started = System.nanoTime();
                final long cpu = THREADS.getCurrentThreadCpuTime();
                store.findKeys(new long[] {1});
                // the CPU time of this thread, which builds the index (the wall time depends on what else the machine runs)
                System.out.printf(Locale.ROOT, "key index built again: %,d ms, %,d ms of CPU%n", ErasureCompactionDriver.millisSince(started),
                        (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000);
            }
        }
        if (!keep) {
            SharedStoreDriver.deleteAll(directory);
        }
    }
}
