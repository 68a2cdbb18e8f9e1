package dev.nificrm.systemtest;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * templates/crm-migration.json in a real NiFi of its own, killed with SIGKILL ({@code kill -9}) in the middle of a
 * migration of 100,000 customers, restarted in the same home, and left to finish: every customer of the exports is in
 * the output exactly once, none lost, none twice.
 * <p>
 * The assertion does not depend on how the flow splits its outputs (unique, duplicates, review, golden records...) or
 * its errors (invalid, failed): every CSV file under the output and error directories is read, and every customer id of
 * the input must appear exactly once across all of them.
 */
@OwnNiFi(value = "crash-recovery", heavy = true)
class CrashRecoveryIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int FILES = 10;
    private static final int CUSTOMERS_PER_FILE = 10_000;
    /** NiFi is killed once this many records are out: some exports are through, others in flight in every step. */
    private static final long KILL_AFTER_RECORDS = 20_000;
    /** A value with a backslash, which a CSV reader with an escape character would change. */
    private static final String BACKSLASH_CITY = "Share\\Town";
    /** The columns a customer's id is written under: the Salesforce export's, and the HubSpot import's. */
    private static final List<String> ID_COLUMNS = List.of("Id", "external_id");
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

    private final Path work = Path.of("target/crash-work").toAbsolutePath();

    @Test
    void aMigrationKilledInTheMiddleFinishesAfterARestartWithEveryCustomerExactlyOnce() throws Exception {
        NiFiServer.deleteRecursively(work);
        final Path staging = Files.createDirectories(work.resolve("staging"));
        final Path input = Files.createDirectories(work.resolve("input"));
        final Path output = work.resolve("output");
        final Path errors = work.resolve("errors");
        final Set<String> customers = writeExports(staging);
        assertEquals(FILES * CUSTOMERS_PER_FILE, customers.size());

        final long started = System.nanoTime();
        NiFiServer nifi = NiFiExtension.ownNiFi("crash-recovery");
        try {
            nifi.awaitProcessorTypes(NarContents.processorTypes(NarContents.findNar(nifi.getHome().resolve("extensions"), "nifi-crm-nar-")),
                    NiFiExtension.STARTUP_TIMEOUT);
            final MigrationFlow flow = MigrationFlow.upload(nifi.client(), ProjectPaths.templates().resolve("crm-migration.json"), "CRM Migration crash IT");
            final Map<String, String> parameters = MigrationFlow.runParameters(input, work.resolve("processed"), output, errors,
                    "salesforce-contact", "hubspot-contact");
            flow.setParameters(parameters, TIMEOUT);
            flow.enableServices(TIMEOUT);
            assertEquals(List.of(), flow.invalidProcessors(TIMEOUT));
            // the exports are moved into the input directory whole (below), so List CRM Exports may take them at once and
            // look every 250 ms (shipped: every 5 s, files 3 s old: the first records 3 to 8 s after the drop); NiFi is
            // still killed by the records written, not by the time
            flow.configure("List CRM Exports", Map.of("schedulingPeriod", "250 millis"), Map.of("Minimum File Age", "0 sec"));
            flow.start();
            try (Stream<Path> exports = Files.list(staging)) {
                for (final Path export : exports.sorted().toList()) {
                    // moved in whole, so the listing never sees half a file
                    Files.move(export, input.resolve(export.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }

            final long dropped = System.nanoTime();
            final IdCounts ids = new IdCounts(output, errors);
            final long recordsBeforeKill = awaitRecords(ids, KILL_AFTER_RECORDS);
            nifi.kill();
            final long killedAt = System.nanoTime();
            System.out.printf(Locale.ROOT, "crash recovery: killed NiFi %.1f s after the exports were dropped, %d of %d records written%n",
                    (killedAt - dropped) / 1e9, recordsBeforeKill, customers.size());
            assertTrue(recordsBeforeKill < customers.size(), "NiFi was killed before the migration was complete: " + recordsBeforeKill);

            nifi = nifi.restart(NiFiExtension.STARTUP_TIMEOUT);
            final long restarted = System.nanoTime();
            final Map<String, Integer> written = awaitEveryCustomer(nifi, customers, ids);
            final long finished = System.nanoTime();
            System.out.printf(Locale.ROOT, "crash recovery: restart took %.1f s, the migration finished %.1f s after it; %d customers, in all %.1f s%n",
                    (restarted - killedAt) / 1e9, (finished - restarted) / 1e9, customers.size(), (finished - started) / 1e9);

            final List<String> lost = customers.stream().filter(id -> !written.containsKey(id)).sorted().toList();
            final List<String> twice = written.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
            final List<String> unknown = written.keySet().stream().filter(id -> !customers.contains(id)).sorted().toList();
            assertEquals(List.of(), lost.subList(0, Math.min(20, lost.size())), lost.size() + " customers lost");
            assertEquals(List.of(), twice.subList(0, Math.min(20, twice.size())), twice.size() + " customers written more than once");
            assertEquals(List.of(), unknown, "ids that are no customer of the input");
            assertTrue(anyFileHolds(output, BACKSLASH_CITY), "the reader keeps backslashes (no escape character): " + BACKSLASH_CITY);
        } finally {
            nifi.close();
        }
    }

    /** Waits until at least the given number of records are written under the output and error directories; returns how many. */
    private static long awaitRecords(final IdCounts ids, final long records) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            final long written = ids.count().values().stream().mapToLong(Integer::longValue).sum();
            if (written >= records) {
                return written;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(written + " records written within " + TIMEOUT + ", fewer than " + records);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Waits until every customer is written and the flow has nothing queued for a few polls, then returns how often each
     * id was written.
     */
    private static Map<String, Integer> awaitEveryCustomer(final NiFiServer nifi, final Set<String> customers, final IdCounts ids)
            throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int quietPolls = 0;
        Map<String, Integer> written = Map.of();
        while (quietPolls < 6) {
            final long queued = nifi.client().get("/flow/process-groups/root/status?recursive=true").path("processGroupStatus")
                    .path("aggregateSnapshot").path("flowFilesQueued").asLong(-1);
            written = ids.count();
            quietPolls = queued == 0 && written.keySet().containsAll(customers) ? quietPolls + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new IOException("The migration did not finish within " + TIMEOUT + " of the restart: " + written.size() + " of "
                        + customers.size() + " customers written, " + queued + " FlowFiles queued. See " + nifi.getLogFile());
            }
            Thread.sleep(POLL.toMillis());
        }
        return written;
    }

    /**
     * How often each customer id appears across every CSV file under the output and error directories. Each finished file
     * is read once and its counts kept by path, size and modification time: a poll reads only the files that are new or
     * changed since the last, so the test does not take more and more CPU from NiFi as the outputs grow.
     */
    private static final class IdCounts {
        private record FileCounts(long size, FileTime modified, Map<String, Integer> counts) {
        }

        private final Path output;
        private final Path errors;
        private final Map<Path, FileCounts> read = new HashMap<>();

        IdCounts(final Path output, final Path errors) {
            this.output = output;
            this.errors = errors;
        }

        Map<String, Integer> count() throws IOException {
            final Map<String, Integer> counts = new HashMap<>();
            final Set<Path> present = new HashSet<>();
            for (final Path file : concat(csvFiles(output), csvFiles(errors))) {
                final FileCounts fileCounts = counted(file);
                if (fileCounts != null) {
                    present.add(file);
                    fileCounts.counts().forEach((id, times) -> counts.merge(id, times, Integer::sum));
                }
            }
            read.keySet().retainAll(present);
            return counts;
        }

        /** The counts of one file, read when it is new or changed since the last poll; null when it is gone. */
        private FileCounts counted(final Path file) throws IOException {
            final BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (final NoSuchFileException e) {
                return null;
            }
            final FileCounts known = read.get(file);
            if (known != null && known.size() == attributes.size() && known.modified().equals(attributes.lastModifiedTime())) {
                return known;
            }
            final Map<String, Integer> counts = new HashMap<>();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = READ.parse(reader)) {
                final boolean golden = parser.getHeaderMap().containsKey(RunSummary.MERGED_IDS_FIELD);
                final String idColumn = ID_COLUMNS.stream().filter(parser.getHeaderMap()::containsKey).findFirst()
                        .orElseThrow(() -> new IOException(file + " has none of the id columns " + ID_COLUMNS + ": " + parser.getHeaderNames()));
                for (final CSVRecord record : parser) {
                    // a golden record stands for every customer record merged into it, each named in its crm_merged_ids
                    for (final String id : golden ? RunSummary.mergedIds(record) : List.of(record.get(idColumn))) {
                        counts.merge(id, 1, Integer::sum);
                    }
                }
            } catch (final IOException | IllegalStateException | java.io.UncheckedIOException e) {
                // a file PutFile is still renaming into place is read on the next poll
                if (!Files.exists(file)) {
                    return null;
                }
                throw e;
            }
            final FileCounts fileCounts = new FileCounts(attributes.size(), attributes.lastModifiedTime(), counts);
            read.put(file, fileCounts);
            return fileCounts;
        }
    }

    private static List<Path> concat(final List<Path> first, final List<Path> second) {
        final List<Path> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static boolean anyFileHolds(final Path directory, final String text) throws IOException {
        for (final Path file : csvFiles(directory)) {
            if (Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** The finished CSV files below a directory (PutFile writes a dot file first and renames it when complete). */
    private static List<Path> csvFiles(final Path directory) throws IOException {
        return FinishedFiles.below(directory).stream().filter(file -> file.getFileName().toString().endsWith(".csv")).toList();
    }

    /**
     * Writes {@value #FILES} Salesforce Contact exports of {@value #CUSTOMERS_PER_FILE} customers each, with the kinds of
     * records a real export has: duplicates of a person under another id, invalid emails and phones, missing values.
     *
     * @return every customer id written
     */
    private static Set<String> writeExports(final Path directory) throws IOException {
        final Random random = new Random(20261130L);
        final String[] firstNames = {"Ann", "Bob", "Carla", "Dmitri", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kaia", "Liam", "Mei", "Noor"};
        final String[] lastNames = {"Smith", "Garcia", "Nguyen", "Okafor", "Kowalski", "Rossi", "Haddad", "Tanaka", "Schmidt", "Dubois", "Silva", "Kim"};
        final Set<String> ids = new HashSet<>();
        int next = 0;
        for (int file = 0; file < FILES; file++) {
            final Path export = directory.resolve(String.format(Locale.ROOT, "contacts-%02d.csv", file));
            final List<String[]> people = new ArrayList<>();
            try (Writer writer = Files.newBufferedWriter(export, StandardCharsets.UTF_8);
                 CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                         .setHeader("Id", "FirstName", "LastName", "Email", "Phone", "Birthdate", "MailingPostalCode", "MailingCity").get())) {
                for (int row = 0; row < CUSTOMERS_PER_FILE; row++) {
                    final String id = String.format(Locale.ROOT, "003CRASH%010d", next++);
                    ids.add(id);
                    final String[] person;
                    if (!people.isEmpty() && random.nextInt(20) == 0) {
                        // the same person again under another id, as two sales reps entered them
                        person = people.get(random.nextInt(people.size())).clone();
                    } else {
                        final String first = firstNames[random.nextInt(firstNames.length)];
                        final String last = lastNames[random.nextInt(lastNames.length)] + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26));
                        person = new String[] {first, last, (first + "." + last + random.nextInt(1000) + "@example.com").toLowerCase(Locale.ROOT),
                                String.format(Locale.ROOT, "(415) 555-%04d", random.nextInt(10_000)),
                                String.format(Locale.ROOT, "19%02d-%02d-%02d", 40 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                                String.format(Locale.ROOT, "9%04d", random.nextInt(10_000)), random.nextInt(100) == 0 ? BACKSLASH_CITY : "San Francisco"};
                        people.add(person);
                    }
                    final String[] values = person.clone();
                    switch (random.nextInt(50)) {
                        case 0 -> values[2] = "not-an-email";
                        case 1 -> values[3] = "12";
                        case 2 -> values[4] = "";
                        default -> {
                            // most records are fine
                        }
                    }
                    printer.printRecord(id, values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
                }
            }
        }
        return ids;
    }
}
