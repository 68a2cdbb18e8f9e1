package dev.nificrm.benchmarks;

import dev.nificrm.store.StoreStatistics;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What a kept benchmark store holds and how it was made, written beside it once its load completed: a later run reuses
 * the store only when it was loaded with the same people (seed and size) into the same schema.
 *
 * @param population       the people loaded (distinct people from the generator)
 * @param seed             the generator's seed
 * @param matchesStore     whether each loaded batch was also matched against the people stored before it
 * @param schema           the fingerprint of the store's migrations that created the tables ({@link CodeFingerprint})
 * @param code             the fingerprint of the store and match code that loaded it
 * @param statistics       the store's statistics after the load
 * @param loadSeconds      how long the load took (comparison keys, resolving and committing; not generating)
 * @param loadedAt         when the load ended (ISO-8601)
 */
record StoreManifest(int population, long seed, boolean matchesStore, String schema, String code, StoreStatistics statistics, double loadSeconds,
                     String loadedAt) {
    static final String FILE_NAME = "manifest.properties";

    /**
     * Whether the kept store can stand in for (or be the start of) a load of {@code population} people from
     * {@code seed}, loaded the same way into this schema.
     */
    boolean fits(final int expectedPopulation, final long expectedSeed, final boolean expectedMatchesStore, final String expectedSchema) {
        return population == expectedPopulation && seed == expectedSeed && matchesStore == expectedMatchesStore && schema.equals(expectedSchema);
    }

    double loadRecordsPerSecond() {
        return population / loadSeconds;
    }

    /** The manifest in {@code directory}, if a completed load wrote one. */
    static Optional<StoreManifest> read(final Path directory) {
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        return Optional.of(new StoreManifest(Integer.parseInt(properties.getProperty("population")),
                Long.parseLong(properties.getProperty("seed")), Boolean.parseBoolean(properties.getProperty("matchesStore", "true")),
                properties.getProperty("schema"), properties.getProperty("code"),
                new StoreStatistics(Long.parseLong(properties.getProperty("entities")), Long.parseLong(properties.getProperty("members")),
                        Long.parseLong(properties.getProperty("keys")), Long.parseLong(properties.getProperty("events")),
                        Long.parseLong(properties.getProperty("bytesOnDisk"))),
                Double.parseDouble(properties.getProperty("loadSeconds")), properties.getProperty("loadedAt")));
    }

    /** Writes the manifest into {@code directory}: the last step of keeping a store. */
    void write(final Path directory) {
        final Properties properties = new Properties();
        properties.setProperty("population", Integer.toString(population));
        properties.setProperty("seed", Long.toString(seed));
        properties.setProperty("matchesStore", Boolean.toString(matchesStore));
        properties.setProperty("schema", schema);
        properties.setProperty("code", code);
        properties.setProperty("entities", Long.toString(statistics.entities()));
        properties.setProperty("members", Long.toString(statistics.members()));
        properties.setProperty("keys", Long.toString(statistics.keys()));
        properties.setProperty("events", Long.toString(statistics.events()));
        properties.setProperty("bytesOnDisk", Long.toString(statistics.bytesOnDisk()));
        properties.setProperty("loadSeconds", Double.toString(loadSeconds));
        properties.setProperty("loadedAt", loadedAt);
        try (Writer writer = Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            properties.store(writer, "A benchmark entity store, kept for later runs of StoreBenchmark");
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not write the manifest into " + directory, e);
        }
    }
}
