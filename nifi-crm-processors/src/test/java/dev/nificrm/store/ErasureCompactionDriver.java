package dev.nificrm.store;

import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.roles.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures what compacting the key log at an erasure costs on an embedded store of {@code stored} people (names, email,
 * phone, postal code, as SharedStoreDriver loads them): the compaction after an erasure (time, the base's bytes, the log's
 * rows and bytes it took in), an erasure committed without and with it, one FlowFile erasing 100 customers, and building
 * the key index again from the compacted log (what every other node of a shared store does after a compacting erasure).
 * Not a test; run from the test classes with the module's test class path (a surefire report's
 * {@code surefire.test.class.path}):
 * <pre>
 * java -Xmx1g -cp "$TEST_CLASS_PATH" dev.nificrm.store.ErasureCompactionDriver /tmp/erasure-store 100000
 * </pre>
 */
final class ErasureCompactionDriver {
    private static final int LOAD_BATCH = 10_000;
    /** People with a name, email, phone and postal code. */
    static final Matcher MATCHER = new Matcher(List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.EMAIL),
            MatchField.of(Role.PHONE), MatchField.of(Role.POSTAL_CODE)), MatchSettings.defaults(), "US");

    private ErasureCompactionDriver() {
    }

    public static void main(final String[] arguments) throws Exception {
        final Path directory = Path.of(arguments[0]);
        final int stored = Integer.parseInt(arguments[1]);
        SharedStoreDriver.deleteAll(directory);
        Files.createDirectories(directory);
        final Matcher matcher = MATCHER;
        final SplittableRandom random = new SplittableRandom(20261205);
        final List<String> goldenIds = new ArrayList<>();
        try (JdbcEntityStore store = (JdbcEntityStore) JdbcEntityStore.sqlite(directory.resolve("entity-store.db"))) {
            final EntityResolver resolver = new EntityResolver(matcher, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
            final long loading = System.nanoTime();
            for (int person = 0; person < stored; person += LOAD_BATCH) {
                final int size = Math.min(LOAD_BATCH, stored - person);
                final Resolution resolution = resolver.resolve(SharedStoreDriver.people(matcher, "erp", random, person, size, false));
                resolution.pendingWrite().commit();
                for (int i = 0; i < 20; i++) {
                    goldenIds.add(resolution.goldenId(i));
                }
            }
            System.out.printf(Locale.ROOT, "loaded %,d people in %,d ms: %,d keys, %,d bytes on disk%n", stored, millisSince(loading),
                    store.statistics().keys(), store.statistics().bytesOnDisk());
            report("compaction of the loaded log", store.compactKeyLog(false));

            long started = System.nanoTime();
            store.erase(List.of(goldenIds.get(0)), false).pendingWrite().commit();
            System.out.printf(Locale.ROOT, "erasure of 1 customer, not compacting: %,d ms%n", millisSince(started));
            report("compaction after it", store.compactKeyLog(false));

            started = System.nanoTime();
            store.erase(List.of(goldenIds.get(1)), true).pendingWrite().commit();
            System.out.printf(Locale.ROOT, "erasure of 1 customer, compacting at its commit: %,d ms%n", millisSince(started));

            started = System.nanoTime();
            store.erase(goldenIds.subList(2, 102), true).pendingWrite().commit();
            System.out.printf(Locale.ROOT, "erasure of 100 customers in one FlowFile, compacting at its commit: %,d ms%n", millisSince(started));

            store.keyLog().markStale();
            started = System.nanoTime();
            store.findKeys(new long[] {1});
            System.out.printf(Locale.ROOT, "key index built again from the compacted log (another node's catch-up): %,d ms; %,d bytes on disk%n",
                    millisSince(started), store.statistics().bytesOnDisk());
        }
        SharedStoreDriver.deleteAll(directory);
    }

    static void report(final String what, final KeyLogCompaction compaction) {
        System.out.printf(Locale.ROOT, "%s: %,d ms, %,d log rows (%,d bytes) into a base of %,d keys, %,d bytes%n", what, compaction.nanos() / 1_000_000,
                compaction.rowsRemoved(), compaction.logBytes(), compaction.keys(), compaction.baseBytes());
    }

    static long millisSince(final long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
