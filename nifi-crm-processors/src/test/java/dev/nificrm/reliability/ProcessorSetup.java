package dev.nificrm.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.RecordServices;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.processors.MergeCRMRecord;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One processor of the bundle as the reliability tests run it: its class, the properties it needs besides its Record
 * Reader and Writer, what its outputs must account for ({@link Contract}), whether it works on an entity store of its
 * own, and the attributes a FlowFile reaches it with. The catalogue, the fuzzing, the leak check and the concurrency
 * check run every setup of {@link ProcessorSetups#ALL}.
 *
 * @param name       how the setup is named in test names, e.g. {@code MapCRMRecord (Salesforce → HubSpot)}
 * @param type       the processor class
 * @param contract   what the outputs of one FlowFile must account for
 * @param store      whether the processor gets an {@link EmbeddedEntityStore} of its own, in a new temporary directory, as
 *                   the controller service {@value #STORE_ID}; {@link Started#close()} disables it and deletes the directory
 * @param stored     what that store knows before a run ({@link #withCustomersStored()}, {@link #withCustomersSynced()})
 * @param configure  sets the processor's own properties on a fresh runner (the store, when it has one, is there already)
 * @param attributes the attributes of a FlowFile with the given content as the flow hands it over (e.g. HandleHttpRequest's)
 * @param fedBy      the setup whose output records this one receives, as the flow connects them ({@link #fedBy(ProcessorSetup)}), or null
 */
record ProcessorSetup(String name, Class<? extends Processor> type, Contract contract, boolean store, Stored stored,
                      Consumer<TestRunner> configure, Function<byte[], Map<String, String>> attributes, ProcessorSetup fedBy) {

    /** The identifier of the setup's entity store service. */
    static final String STORE_ID = "entity-store";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record processor judged by the {@link Contract#RECORDS} contract, without a store, given FlowFiles without attributes. */
    ProcessorSetup(final String name, final Class<? extends Processor> type, final Consumer<TestRunner> configure) {
        this(name, type, Contract.RECORDS, false, Stored.NOTHING, configure, content -> Map.of(), null);
    }

    /** This setup with an entity store of its own for every runner, empty. */
    ProcessorSetup withStore() {
        return new ProcessorSetup(name, type, contract, true, Stored.NOTHING, configure, attributes, fedBy);
    }

    /**
     * This setup with an entity store of its own for every runner, knowing the customers of the catalogue's clean export
     * from Salesforce and HubSpot (records 0031 and 0032 of each), so that the requests and records naming them find them.
     */
    ProcessorSetup withCustomersStored() {
        return new ProcessorSetup(name, type, contract, true, Stored.CUSTOMERS, configure, attributes, fedBy);
    }

    /**
     * This setup with an entity store of its own for every runner, where the customers of the catalogue's clean export were
     * synced a first cycle by this setup, a Three-Way Sync from Salesforce to HubSpot fed by MatchCRMRecord as the sync
     * flows run it ({@link StoreTemplate#SYNCED}), and then changed in HubSpot: Salesforce record 0031's customer has another
     * first name and phone there, 0032's is deleted there, and both changes were synced back to Salesforce. So a record of
     * the catalogue from Salesforce meets snapshots on both sides: changing a field HubSpot changed is a conflict, changing
     * 0032 meets a deletion, and 0031 and 0032 as the export holds them were read before the sync's writes landed.
     */
    ProcessorSetup withCustomersSynced() {
        return new ProcessorSetup(name, type, contract, true, Stored.SYNCED, configure, attributes, fedBy);
    }

    /** This setup judged by another contract. */
    ProcessorSetup judgedBy(final Contract judged) {
        return new ProcessorSetup(name, type, judged, store, stored, configure, attributes, fedBy);
    }

    /** This setup given FlowFiles with the attributes the function makes of their content. */
    ProcessorSetup given(final Function<byte[], Map<String, String>> flowFileAttributes) {
        return new ProcessorSetup(name, type, contract, store, stored, configure, flowFileAttributes, fedBy);
    }

    /**
     * This setup fed as a flow feeds it: the content goes through the upstream setup first, on the same entity store (a
     * service of its own on the store's directory, as two processors of a flow share one), and the records it writes to
     * the relationships it passes on, joined into one FlowFile (JSON, as the upstream's JSON writer wrote them), are this
     * setup's input. Content the upstream fails whole stops there, as in the flow.
     */
    ProcessorSetup fedBy(final ProcessorSetup upstream) {
        return new ProcessorSetup(name, type, contract, store, stored, configure, attributes, upstream);
    }

    /**
     * A fresh runner of the processor, configured, without reader and writer. For a setup with a store, use {@link #start()}
     * instead, which closes the store after.
     */
    TestRunner newRunner() {
        if (store) {
            throw new IllegalStateException(name + " works on an entity store: start() it, and close it after");
        }
        final TestRunner runner = TestRunners.newTestRunner(type);
        configure.accept(runner);
        return runner;
    }

    /** A fresh runner of the processor, configured, without reader and writer, with its own entity store when it uses one. */
    Started start() throws IOException {
        final TestRunner runner = TestRunners.newTestRunner(type);
        Path directory = null;
        if (store) {
            directory = switch (stored) {
                case NOTHING -> StoreTemplate.EMPTY.copy();
                case CUSTOMERS -> StoreTemplate.WITH_CUSTOMERS.copy();
                case SYNCED -> StoreTemplate.Synced.TEMPLATE.copy();
            };
            final EmbeddedEntityStore service = new EmbeddedEntityStore();
            try {
                runner.addControllerService(STORE_ID, service);
            } catch (final InitializationException e) {
                throw new IllegalStateException(e);
            }
            runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, directory.toString());
            runner.enableControllerService(service);
        }
        configure.accept(runner);
        return new Started(runner, directory);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * An entity store a setup starts from, made once a test JVM by an EmbeddedEntityStore enabled on a new directory (its
     * migrations run, its key index created), filled and disabled, then copied into a new directory for every runner of a
     * setup with a store: each run finds a store of its own, as one reopened after a restart, without creating the schema
     * and its key index again (hundreds of runs, each waiting for the disk to sync). The store's first creation is tested by
     * the store's own tests and here once.
     */
    private static final class StoreTemplate {
        private static final int BLOCK = 4096;
        /** An empty store. */
        static final StoreTemplate EMPTY = new StoreTemplate((runner, directory) -> {
        });
        /**
         * A store that knows the customers of the catalogue's clean export (Salesforce records 0031 and 0032, and HubSpot
         * records 0031 and 0032 of the same people), as MatchCRMRecord stored them.
         */
        static final StoreTemplate WITH_CUSTOMERS = new StoreTemplate((runner, directory) -> storeCustomers(runner));

        private final List<TemplateFile> files;

        private StoreTemplate(final Fill fill) {
            try {
                final Path template = Files.createTempDirectory("reliability-store-template");
                final TestRunner runner = TestRunners.newTestRunner(MatchCRMRecord.class);
                final EmbeddedEntityStore service = new EmbeddedEntityStore();
                runner.addControllerService(STORE_ID, service);
                runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, template.toString());
                runner.enableControllerService(service);
                fill.fill(runner, template);
                runner.disableControllerService(service);
                files = read(template);
                delete(template);
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Fills a new store: a runner of MatchCRMRecord with the store enabled on the directory as {@value #STORE_ID}. */
        @FunctionalInterface
        private interface Fill {
            void fill(TestRunner runner, Path directory) throws Exception;
        }

        /** The store of {@link #withCustomersSynced()}, made when a setup first needs it. */
        static final class Synced {
            static final StoreTemplate TEMPLATE = new StoreTemplate(StoreTemplate::syncCustomers);

            private Synced() {
            }
        }

        /**
         * A first cycle of the sync flows on the clean export: its Salesforce records matched and merged to HubSpot by the
         * Three-Way Sync setup (fed by its MatchCRMRecord), then HubSpot's rows of the two customers as a person changed
         * them after the sync wrote them (0031's first name and phone changed, 0032 deleted), read back with the golden ids
         * the sync wrote into them, matched as from HubSpot and merged to Salesforce.
         */
        private static void syncCustomers(final TestRunner unused, final Path directory) throws Exception {
            final ProcessorSetup merge = ProcessorSetups.ALL.stream().filter(setup -> setup.stored() == Stored.SYNCED).findFirst().orElseThrow();
            final List<JsonNode> matched = runOn(directory, merge.fedBy(), RecordFormat.CSV, BadInputCatalogue.cleanExport(), runner -> {
            }, MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED, MatchCRMRecord.REL_REVIEW);
            final List<JsonNode> merged = runOn(directory, merge, RecordFormat.JSON, JSON.writeValueAsBytes(matched), runner -> {
            }, MergeCRMRecord.REL_MERGED);
            if (merged.size() != 2) {
                throw new IllegalStateException("the first cycle merges both customers to HubSpot: " + merged);
            }
            final ArrayNode hubspot = JSON.createArrayNode();
            final String changed = Instant.now().plus(Duration.ofMinutes(1)).toString();
            for (final JsonNode record : matched) {
                final ObjectNode row = hubspot.addObject();
                final boolean deleted = record.path("Id").asText().equals("0032");
                row.put("Id", "hs-" + record.path("Id").asText());
                if (!deleted) {
                    row.put("FirstName", "Annie");
                    row.put("Phone", "(415) 555-0199");
                }
                row.put("LastModifiedDate", changed);
                row.put("IsDeleted", deleted);
                row.put("external_id", record.path("crm_match_id").asText());
            }
            final List<JsonNode> matchedInHubSpot = runOn(directory, merge.fedBy(), RecordFormat.JSON, JSON.writeValueAsBytes(hubspot),
                    runner -> runner.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "hubspot"), MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED,
                    MatchCRMRecord.REL_REVIEW);
            final List<JsonNode> mergedBack = runOn(directory, merge, RecordFormat.JSON, JSON.writeValueAsBytes(matchedInHubSpot), runner -> {
                runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "hubspot");
                runner.setProperty(MergeCRMRecord.TARGET_SYSTEM, "salesforce");
            }, MergeCRMRecord.REL_MERGED);
            if (mergedBack.size() != 2) {
                throw new IllegalStateException("HubSpot's change and deletion are merged to Salesforce: " + mergedBack);
            }
        }

        /**
         * Runs the content through a runner of the setup, configured, then changed by {@code also}, on a store service of its
         * own on the directory; the records written to the relationships, nothing failing.
         */
        private static List<JsonNode> runOn(final Path directory, final ProcessorSetup setup, final RecordFormat format, final byte[] content,
                                            final Consumer<TestRunner> also, final Relationship... relationships) throws Exception {
            final TestRunner runner = TestRunners.newTestRunner(setup.type());
            final EmbeddedEntityStore service = new EmbeddedEntityStore();
            runner.addControllerService(STORE_ID, service);
            runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, directory.toString());
            runner.enableControllerService(service);
            try {
                setup.configure().accept(runner);
                also.accept(runner);
                format.installReader(runner);
                RecordServices.useJsonWriter(runner);
                runner.enqueue(content);
                runner.run();
                runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
                final List<JsonNode> records = new ArrayList<>();
                for (final Relationship relationship : relationships) {
                    for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                        JSON.readTree(flowFile.getContent()).forEach(records::add);
                    }
                }
                return records;
            } finally {
                runner.disableControllerService(service);
            }
        }

        /** Matches the clean export against the store as from Salesforce, then as from HubSpot: every record stored. */
        private static void storeCustomers(final TestRunner runner) {
            try {
                RecordFormat.CSV.install(runner);
            } catch (final InitializationException | IOException e) {
                throw new IllegalStateException(e);
            }
            runner.setProperty(MatchCRMRecord.ENTITY_STORE, STORE_ID);
            runner.setProperty(MatchCRMRecord.MATCH_AGAINST, "entity-store");
            runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/Id");
            for (final String system : List.of("salesforce", "hubspot")) {
                runner.setProperty(MatchCRMRecord.SOURCE_SYSTEM, system);
                runner.enqueue(BadInputCatalogue.cleanExport());
                runner.run();
            }
            runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        }

        /**
         * A new temporary directory holding a copy of the store. The key index's files are large and sparse (its table of
         * slots 64 MB, nearly all of it zeros): only the blocks holding something are written, the rest of each file left a
         * hole, as the store left it.
         */
        Path copy() throws IOException {
            final Path directory = Files.createTempDirectory("reliability-store");
            for (final TemplateFile file : files) {
                file.writeInto(directory);
            }
            return directory;
        }

        /** The template's directories and files, their blocks holding something read once. */
        private static List<TemplateFile> read(final Path template) throws IOException {
            final List<TemplateFile> files = new ArrayList<>();
            try (Stream<Path> paths = Files.walk(template)) {
                for (final Path path : paths.toList()) {
                    final String relative = template.relativize(path).toString();
                    if (Files.isDirectory(path)) {
                        files.add(new TemplateFile(relative, -1, Map.of()));
                        continue;
                    }
                    final Map<Long, byte[]> blocks = new TreeMap<>();
                    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                        final ByteBuffer block = ByteBuffer.allocate(BLOCK);
                        for (long position = 0; position < channel.size(); position += BLOCK) {
                            block.clear();
                            while (block.hasRemaining() && channel.read(block, position + block.position()) > 0) {
                                // reads the block whole
                            }
                            final byte[] bytes = Arrays.copyOf(block.array(), block.position());
                            if (!Arrays.equals(bytes, new byte[bytes.length])) {
                                blocks.put(position, bytes);
                            }
                        }
                        files.add(new TemplateFile(relative, channel.size(), blocks));
                    }
                }
            }
            return files;
        }

        /** A directory (size -1) or a file of the template: its size, and its blocks holding something by position. */
        private record TemplateFile(String path, long size, Map<Long, byte[]> blocks) {
            void writeInto(final Path directory) throws IOException {
                final Path target = directory.resolve(path);
                if (size < 0) {
                    Files.createDirectories(target);
                    return;
                }
                try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
                    for (final Map.Entry<Long, byte[]> block : blocks.entrySet()) {
                        file.seek(block.getKey());
                        file.write(block.getValue());
                    }
                    file.setLength(size);
                }
            }
        }
    }

    private static void delete(final Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * A runner of a setup, with the directory of its entity store or null. Closing it disables the store (its threads,
     * applying commits to the key index and checkpointing, stop) and deletes the directory.
     */
    record Started(TestRunner runner, Path storeDirectory) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (storeDirectory == null) {
                return;
            }
            if (runner.isControllerServiceEnabled(runner.getControllerService(STORE_ID))) {
                runner.disableControllerService(runner.getControllerService(STORE_ID));
            }
            delete(storeDirectory);
        }
    }

    /** What a setup's entity store knows before a run. */
    enum Stored {
        /** Nothing: an empty store, or no store. */
        NOTHING,
        /** The customers of the catalogue's clean export, matched from Salesforce and HubSpot ({@link #withCustomersStored()}). */
        CUSTOMERS,
        /** The customers of the catalogue's clean export synced a first cycle and changed in HubSpot ({@link #withCustomersSynced()}). */
        SYNCED
    }

    /** What the outputs of one FlowFile must account for, and where a record's reason is. */
    enum Contract {
        /**
         * A record processor (Clean, Map, Match, Merge's golden records): the FlowFile goes to failure untouched with a
         * reason and nothing else is written, or every record it holds leaves once on another relationship (an original
         * relationship carrying the input aside); a record routed to invalid carries its reason in crm_errors.
         */
        RECORDS("crm_errors", Set.of(), false),
        /**
         * A record processor that may also route single records to failure, written with their reason in crm_errors
         * (Merge's Three-Way Sync), and writes copies of records to write-back: the FlowFile goes to failure untouched with
         * record.error.message, or every record leaves once on merged, conflict, unchanged or failure, and no more records
         * are copied to write-back than left.
         */
        SYNC_RECORDS("crm_errors", Set.of("write-back"), true),
        /**
         * EraseCRMRecord: the FlowFile goes to failure untouched with record.error.message, or every record leaves once on
         * erased, unknown or failure, each saying in crm_erasure what was erased or why nothing was.
         */
        ERASE_REQUESTS("crm_erasure", Set.of(), true),
        /**
         * ReconcileCRMRecord: the FlowFile goes to failure untouched with record.error.message and nothing else is
         * written, or it goes to original untouched with one report whose outcome counts add up to the records it holds,
         * and the records counted as failure are those written to failure, each with its reason in crm_errors.
         */
        REPORT("crm_errors", Set.of(), true),
        /**
         * TrackCRMProgress: the FlowFile passes to success untouched, its records counted (the records the content holds)
         * or, when the reader cannot read them, counted as 0 with the reason in crm.progress.warning.
         */
        PASS_THROUGH(null, Set.of(), false),
        /**
         * VerifyWebhookSignature: the request leaves once, to verified untouched (200), to rejected with its body
         * replaced by the short answer (400 or 401) or to failure untouched (500), with the reason in crm.webhook.reason.
         */
        REQUEST(null, Set.of(), false);

        private final String reasonField;
        private final Set<String> copies;
        private final boolean failsSingleRecords;

        Contract(final String reasonField, final Set<String> copies, final boolean failsSingleRecords) {
            this.reasonField = reasonField;
            this.copies = copies;
            this.failsSingleRecords = failsSingleRecords;
        }

        /** The field a record routed to invalid or failure on its own carries its reason in, or null. */
        String reasonField() {
            return reasonField;
        }

        /** Relationships that receive copies of records already counted on another. */
        Set<String> copies() {
            return copies;
        }

        /** Whether single records may go to failure, written with their reason, while the others go on. */
        boolean failsSingleRecords() {
            return failsSingleRecords;
        }

        /** Whether the FlowFile is routed to failure whole, untouched, with record.error.message, when it cannot be read. */
        boolean failsWholeFlowFiles() {
            return this != PASS_THROUGH && this != REQUEST;
        }
    }
}
