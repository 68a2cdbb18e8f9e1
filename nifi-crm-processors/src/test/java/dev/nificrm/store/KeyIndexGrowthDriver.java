package dev.nificrm.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Measures what applying changes costs while the key index grows: changes of {@code keysPerApply} new keys (members
 * joining 4 new blocks each, as a batch of new customers does) applied one after another up to {@code keys} keys,
 * {@code pauseMillis} apart (the matching of the next batch; 0: back to back), each apply's wall time reported when it
 * is slow, then the longest, the median and the total. Not a test (minutes, about 1.2 GB of memory outside the heap);
 * run from the test classes:
 * <pre>
 * java -Xmx512m -cp nifi-crm-processors/target/classes:nifi-crm-processors/target/test-classes \
 *     dev.nificrm.store.KeyIndexGrowthDriver /tmp/key-index-growth 13500000 100000 500
 * </pre>
 */
final class KeyIndexGrowthDriver {
    private static final int BLOCKS_PER_MEMBER = 4;

    private KeyIndexGrowthDriver() {
    }

    public static void main(final String[] arguments) throws IOException, InterruptedException {
        final Path directory = Path.of(arguments[0]);
        final long keys = Long.parseLong(arguments[1]);
        final int keysPerApply = Integer.parseInt(arguments[2]);
        final long pauseMillis = arguments.length > 3 ? Long.parseLong(arguments[3]) : 0;
        deleteAll(directory);
        final SplittableRandom random = new SplittableRandom(20261203);
        final int applies = (int) ((keys + keysPerApply - 1) / keysPerApply);
        final long[] nanos = new long[applies];
        long member = 1;
        final long started = System.nanoTime();
        try (KeyIndex index = KeyIndex.open(directory)) {
            // as a store serving commits does (an index being built doubles on the writer's thread)
            index.growInBackground();
            for (int apply = 0; apply < applies; apply++) {
                Thread.sleep(pauseMillis);
                final KeyChanges changes = new KeyChanges();
                for (int joined = 0; joined < keysPerApply; joined += BLOCKS_PER_MEMBER) {
                    changes.join(member++, random.longs(BLOCKS_PER_MEMBER).toArray());
                }
                final long before = System.nanoTime();
                index.apply(changes, apply + 1, apply + 1, true);
                nanos[apply] = System.nanoTime() - before;
                if (nanos[apply] > 1_000_000_000L) {
                    System.out.printf("apply %d (%,d keys after it): %,d ms%n", apply + 1, index.size(), nanos[apply] / 1_000_000);
                }
            }
            final long total = System.nanoTime() - started - applies * pauseMillis * 1_000_000;
            final long applying = Arrays.stream(nanos).sum();
            final int longest = Stream.iterate(0, i -> i + 1).limit(applies).max(Comparator.comparingLong(i -> nanos[i])).orElseThrow();
            final long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            System.out.printf("%d applies of %,d keys to %,d keys: longest %,d ms (apply %d), median %,d ms, applies %,.1f s, total without the pauses %,.1f s, "
                            + "changes that waited for a doubling %d%n", applies, keysPerApply, index.size(), nanos[longest] / 1_000_000, longest + 1,
                    sorted[applies / 2] / 1_000_000, applying / 1e9, total / 1e9, index.synchronousGrowths());
        }
        deleteAll(directory);
    }

    private static void deleteAll(final Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
