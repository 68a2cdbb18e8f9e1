package dev.nificrm.store;

import dev.nificrm.match.Matcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the compaction's walk back through the rows it keeps before its base when erased customers were changed in
 * them (the rows rewritten without the erased members, each join or leave of theirs replayed to choose whether it stays
 * as one by nobody; a shared store's alone, which keeps rows before its base for nodes behind): a PostgreSQL store (a
 * server of its own, started from Maven's binaries under the directory) of {@code stored} people (names, email, phone, postal code) compacted, then
 * {@code after} more people loaded in batches of 10,000, {@code erased} of them changed (a new email and phone) in one
 * batch, another batch loaded, and the changed customers erased in one FlowFile, compacting at its commit. Prints the
 * compaction's time and the log rows its replays read. Not a test; run from the test classes with the module's test
 * class path (a surefire report's {@code surefire.test.class.path}):
 * <pre>
 * java -Xmx1g -cp "$TEST_CLASS_PATH" dev.nificrm.store.ErasureWalkBackDriver /tmp/walk-back 100000 100000 100
 * </pre>
 */
final class ErasureWalkBackDriver {
    private static final int LOAD_BATCH = 10_000;

    private ErasureWalkBackDriver() {
    }

    public static void main(final String[] arguments) throws Exception {
        final Path directory = Path.of(arguments[0]);
        final int stored = Integer.parseInt(arguments[1]);
        final int after = Integer.parseInt(arguments[2]);
        final int erased = Integer.parseInt(arguments[3]);
        SharedStoreDriver.deleteAll(directory.resolve("node"));
        Files.createDirectories(directory);
        final Matcher matcher = ErasureCompactionDriver.MATCHER;
        try (dev.nificrm.testing.PostgresServer server = dev.nificrm.testing.PostgresServer.start(directory.resolve("postgres"));
             JdbcEntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(server.createDatabase("walk back").dataSource()),
                     "walk back", directory.resolve("node"))) {
            final EntityResolver resolver = new EntityResolver(matcher, store, true, true, dev.nificrm.match.MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
            final long loading = System.nanoTime();
            load(resolver, matcher, 0, stored, 0, null);
            ErasureCompactionDriver.report("compaction of the loaded log", store.compactKeyLog(false));
            final List<String> goldenIds = new ArrayList<>();
            // every erased customer from another batch after the base, spread over them
            final int every = Math.max(1, after / erased);
            load(resolver, matcher, stored, after, every, goldenIds);
            System.out.printf(Locale.ROOT, "loaded %,d + %,d people in %,d ms: %,d keys%n", stored, after, ErasureCompactionDriver.millisSince(loading),
                    store.statistics().keys());
            final EntityBatch changed = EntityBatch.of(matcher, "erp");
            for (int i = 0; i < goldenIds.size(); i++) {
                final int number = stored + i * every;
                changed.add(matcher.keys(person(number, 1)), "erp" + number, null, null);
            }
            final Resolution change = resolver.resolve(changed);
            change.pendingWrite().commit();
            for (int i = 0; i < goldenIds.size(); i++) {
                if (!goldenIds.get(i).equals(change.goldenId(i))) {
                    throw new IllegalStateException("person " + (stored + i * every) + " changed into another customer");
                }
            }
            load(resolver, matcher, stored + after, LOAD_BATCH, 0, null);
            final long rowsBefore = store.keyLog().rowsReplayed();
            final long started = System.nanoTime();
            store.erase(goldenIds, true).pendingWrite().commit();
            System.out.printf(Locale.ROOT, "erasure of %,d changed customers in one FlowFile, compacting at its commit: %,d ms, %,d log rows read"
                    + " by its replays%n", goldenIds.size(), ErasureCompactionDriver.millisSince(started), store.keyLog().rowsReplayed() - rowsBefore);
        }
        SharedStoreDriver.deleteAll(directory.resolve("node"));
    }

    /** Loads people {@code first} to {@code first + count - 1}, keeping the golden id of every {@code every}th (0: none). */
    private static void load(final EntityResolver resolver, final Matcher matcher, final int first, final int count, final int every,
                             final List<String> goldenIds) {
        for (int person = first; person < first + count; person += LOAD_BATCH) {
            final int size = Math.min(LOAD_BATCH, first + count - person);
            final EntityBatch people = EntityBatch.of(matcher, "erp");
            for (int i = 0; i < size; i++) {
                people.add(matcher.keys(person(person + i, 0)), "erp" + (person + i), null, null);
            }
            final Resolution resolution = resolver.resolve(people);
            resolution.pendingWrite().commit();
            for (int i = 0; i < size && every > 0; i++) {
                if ((person + i - first) % every == 0) {
                    goldenIds.add(resolution.goldenId(i));
                }
            }
        }
    }

    /** A person's values, the same for a number (version 1: another email and phone). */
    private static String[] person(final int number, final int version) {
        final SplittableRandom random = new SplittableRandom(number * 7919L + 20261206);
        final String first = word(random, 2);
        final String last = word(random, 3);
        return new String[] {first, last, first + "." + last + number + (version == 0 ? "" : "v" + version) + "@example.com",
                String.format(Locale.ROOT, "+1 %03d %03d %04d", 200 + number % 700, (number / 10_000 + version * 500) % 1_000, number % 10_000),
                String.format(Locale.ROOT, "%05d", 10_000 + random.nextInt(80_000))};
    }

    private static String word(final SplittableRandom random, final int syllables) {
        final String[] syllablesOf = {"ka", "lo", "mi", "ne", "ra", "ti", "vo", "su", "de", "ba", "gri", "hal", "jon", "pet", "wil", "zan"};
        final StringBuilder word = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            word.append(syllablesOf[random.nextInt(syllablesOf.length)]);
        }
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
