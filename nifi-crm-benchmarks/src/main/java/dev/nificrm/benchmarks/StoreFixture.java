package dev.nificrm.benchmarks;

import dev.nificrm.store.EntityStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the entity store benchmark keeps its stores, one per size: a store being loaded (empty, or resumed from a
 * smaller kept store, since a population of n people begins with the population of any smaller size), copies of it
 * kept at checkpoints and at the end (each with its {@link StoreManifest}), and for every run a fresh working copy of a
 * kept store to match against, so the batches a run commits never change what the next run starts from.
 */
interface StoreFixture extends AutoCloseable {

    /** The manifests of the kept stores, by population. */
    Map<Integer, StoreManifest> kept();

    /** A new empty store to load into. */
    EntityStore createEmpty();

    /** A store to load into that starts as a copy of the kept store of {@code population} people. */
    EntityStore resume(int population);

    /**
     * Keeps a copy of the store being loaded, as the kept store of {@code manifest.population()} people; the store stays
     * open, and nothing may write to it meanwhile.
     */
    void checkpoint(EntityStore loading, StoreManifest manifest);

    /** Closes the loaded store and keeps it, as the kept store of {@code manifest.population()} people. */
    void keep(EntityStore loaded, StoreManifest manifest);

    /** Opens a working copy of the kept store of {@code population} people; its changes stay out of the kept one. */
    EntityStore openWorkingCopy(int population);

    /** How the store runs (engine, version, durability, connections), for the report. */
    String describe();

    /** The process id of the database server this fixture started, or -1 when the store runs inside this process. */
    default long serverPid() {
        return -1;
    }

    @Override
    void close();

    /** The kept stores under {@code base}: directories {@code <prefix>-<population>} holding a manifest. */
    static Map<Integer, StoreManifest> keptUnder(final Path base, final String prefix) {
        final Map<Integer, StoreManifest> kept = new TreeMap<>();
        if (!Files.isDirectory(base)) {
            return kept;
        }
        final Pattern name = Pattern.compile(Pattern.quote(prefix) + "-(\\d+)");
        try (Stream<Path> directories = Files.list(base)) {
            for (final Path directory : directories.filter(Files::isDirectory).toList()) {
                final Matcher matcher = name.matcher(directory.getFileName().toString());
                if (matcher.matches()) {
                    StoreManifest.read(directory).ifPresent(manifest -> kept.put(Integer.parseInt(matcher.group(1)), manifest));
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not list the kept stores in " + base, e);
        }
        return kept;
    }

    /** Deletes a file or a directory with everything in it; nothing when it does not exist. */
    static void deleteTree(final Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not delete " + root, e);
        }
    }
}
