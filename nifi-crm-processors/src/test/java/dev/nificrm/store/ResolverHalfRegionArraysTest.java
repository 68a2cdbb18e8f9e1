package dev.nificrm.store;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.nificrm.store.EntityStoreContractTest.PERSON_MATCHER;
import static dev.nificrm.store.EntityStoreContractTest.batch;
import static dev.nificrm.store.EntityStoreContractTest.commit;
import static dev.nificrm.store.EntityStoreContractTest.resolver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch's arrays by block number in the resolver (h276): a batch of 16,000 people (12,000 of them stored) names some 100,000 blocks, and an
 * array of them (their hashes sorted for the store's reads, the key entries, the blocks read whole or in part, the
 * members read, the observed blocks and their counts) is 400 KB to 1.2 MB, a G1 humongous object from 512 KB (half a
 * region at -Xmx512m), allocated outside the young generation, where one past the heap's occupancy threshold starts a
 * concurrent cycle. They are held in pages ({@link LongPages}, {@link ObjectPages}) and read a page at a time. JFR's
 * allocations outside a thread's buffer (every humongous one is) tell the arrays allocated, by the code that allocated them.
 */
class ResolverHalfRegionArraysTest {
    private static final int STORED = 12_000;
    private static final int NEW = 4_000;
    private static final long HALF_REGION = 512 * 1024;

    @TempDir
    Path directory;

    private static String[][] people(final String system, final int from, final int to) {
        final String[][] rows = new String[to - from][];
        for (int person = from; person < to; person++) {
            rows[person - from] = MergeExplanationAllocationTest.person(system, person);
        }
        return rows;
    }

    @Test
    void holdsNoArrayOfHalfARegion() throws IOException {
        final List<String> humongous = new ArrayList<>();
        try (JdbcEntityStore store = JdbcEntityStore.sqlite(directory.resolve("store.db"))) {
            final EntityResolver resolver = resolver(store);
            commit(resolver, batch(PERSON_MATCHER, "crm", people("crm", 0, STORED)));
            // every stored person's copy from another system (their blocks listed and observed), and new people
            final EntityBatch batch = batch(PERSON_MATCHER, "web", people("web", 0, STORED + NEW));
            final Path file = directory.resolve("allocations.jfr");
            final Resolution resolution;
            try (Recording recording = new Recording()) {
                recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
                recording.start();
                resolution = resolver.resolve(batch);
                recording.stop();
                recording.dump(file);
            }
            resolution.pendingWrite().rollback();
            for (int person = 0; person < STORED; person += 1_200) {
                assertEquals(EntityStatus.EXISTING, resolution.status(person), "a copy of a stored person");
            }
            for (final RecordedEvent event : RecordingFile.readAllEvents(file)) {
                final String site = storeSite(event);
                if (event.getLong("allocationSize") >= HALF_REGION && site != null) {
                    humongous.add(event.getClass("objectClass").getName() + " of " + event.getLong("allocationSize") + " bytes at " + site);
                }
            }
        }
        assertTrue(humongous.isEmpty(), () -> "arrays of half a region allocated by the store's code: " + humongous);
    }

    /**
     * The store's method that allocated (the first of this project's frames, when it is the store's), or null for an
     * allocation of other code (the matcher's: its own tests bound them) and for the key log's row of the change
     * ({@link KeyChanges#encode}: one array handed whole to the database as the row's value, not by block number).
     */
    private static String storeSite(final RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return null;
        }
        for (final RecordedFrame frame : event.getStackTrace().getFrames()) {
            final String type = frame.getMethod().getType().getName();
            if (type.equals(KeyChanges.class.getName()) && frame.getMethod().getName().equals("encode")) {
                return null;
            }
            if (type.startsWith("dev.nificrm.")) {
                return type.startsWith("dev.nificrm.store.") ? type + "." + frame.getMethod().getName() + ":" + frame.getLineNumber() : null;
            }
        }
        return null;
    }
}
