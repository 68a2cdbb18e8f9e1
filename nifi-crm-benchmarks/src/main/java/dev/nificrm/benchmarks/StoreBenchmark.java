package dev.nificrm.benchmarks;

import dev.nificrm.match.BlockingRule;
import dev.nificrm.match.BlockingRules;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchOutcome;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.roles.BlockingTransform;
import dev.nificrm.store.EntityBatch;
import dev.nificrm.store.EntityResolver;
import dev.nificrm.store.EntityStatus;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.KeyLogCompaction;
import dev.nificrm.store.Resolution;
import dev.nificrm.store.RuleKeying;
import dev.nificrm.store.SourceKey;
import dev.nificrm.store.StoreStatistics;
import dev.nificrm.store.StoredMember;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures MatchCRMRecord's store path (the NiFi-free {@link EntityResolver}) against a large entity store: loads a
 * store of distinct generated people (default 1,000,000) through the resolver in batches of 10,000 (each matched within
 * itself, as with Match Against "FlowFile"; {@code -Dbenchmark.loadMatchesStore=true} also against the people stored
 * before, which with the resolver as it is takes hours at this size), then resolves batches of
 * 10,000 records against it (about 30 % damaged copies of stored people, the rest new people), each batch committed as
 * a NiFi session would. Reports per batch the records per second, where the time went (comparison keys; the store's
 * reads by kind and caller; its write and commit; matching in memory), the new entities, and how many of the copies
 * were found (recall, precision against the generator's truth); then the median, the heap and the store's size on
 * disk per entity. Not run by the build; from the repository root:
 * <pre>
 * ./mvnw -B -q -o -pl nifi-crm-benchmarks -am package -DskipTests
 * java -Xmx512m -cp 'nifi-crm-benchmarks/target/classes:nifi-crm-benchmarks/target/lib/*' dev.nificrm.benchmarks.StoreBenchmark embedded
 * java -Xmx512m -cp 'nifi-crm-benchmarks/target/classes:nifi-crm-benchmarks/target/lib/*' dev.nificrm.benchmarks.StoreBenchmark postgresql
 * </pre>
 * The argument picks the store: {@code embedded} (SQLite) or {@code postgresql} (a real server this program starts and
 * stops). The loaded store is kept under {@code nifi-crm-benchmarks/target/store-benchmark/} and reused by later runs
 * (each run matches against a fresh copy of it), and so is a copy at every tenth of the load: a run of another size
 * starts from those, and a larger load resumes from the largest; {@code -Dbenchmark.reload=true} loads it again. A kept store of
 * an earlier schema (this code's newest migrations left out) is reused as well: each working copy is migrated as it is opened,
 * in the time "working copy of the store ready" reports (compare it with the code before the migration); a load never
 * resumes from one. Other settings:
 * {@code -Dbenchmark.entities}, {@code -Dbenchmark.warmup} (25 batches matched first and not counted, while the JIT compiles),
 * {@code -Dbenchmark.batches} (5), {@code -Dbenchmark.batchSize} (10000), {@code -Dbenchmark.partSize} (0: a batch is
 * resolved at once; else a larger batch is resolved in parts of this many, as MatchCRMRecord resolves a large FlowFile;
 * {@code -Dbenchmark.partHeap=true} prints the heap live after each part),
 * {@code -Dbenchmark.newRule=true} (after the batches, the time to key every stored record under a blocking rule the store has not kept), {@code -Dbenchmark.compact=true}
 * (then, the time to compact the key log, and the sizes of the log and of the base it becomes),
 * {@code -Dbenchmark.duplicates} (0.3), {@code -Dbenchmark.threads} (2, MatchCRMRecord's default Scoring Threads),
 * {@code -Dbenchmark.durable=false} (PostgreSQL without fsync, as the test server runs), {@code -Dbenchmark.vacuum=true}
 * (the PostgreSQL working copy vacuumed after it is restored, not only analysed: else autovacuum works through the
 * copied tables during the measured batches; each measured batch prints the server's CPU by process, autovacuum's too,
 * and the page faults by thread),
 * {@code -Dbenchmark.postgresSettings=shared_buffers=1GB,max_wal_size=8GB} (server settings added to postgresql.conf; without
 * it the server runs with PostgreSQL's defaults, sized for a small machine: 128 MB of shared buffers), {@code -Dbenchmark.falseLinks=10}
 * (prints up to 10 new people per batch that were linked to someone, with the explanation). The load and the matching run
 * on threads named {@code store-benchmark-load...} and {@code store-benchmark-match...}, so a profile can be narrowed to
 * one ({@link JfrBreakdown}). Results go to standard output and are appended to
 * {@code nifi-crm-benchmarks/target/store-benchmark/results.txt}: this is a command-line tool, not part of the NAR.
 */
public final class StoreBenchmark {
    static final long SEED = 20_261_201L;
    /** The system the stored people were loaded from. */
    static final String STORED_SYSTEM = "salesforce";
    /** The system the matched batches come from. */
    static final String BATCH_SYSTEM = "hubspot";
    /** The prefix of the threads that load the store. */
    static final String LOAD_THREAD = "store-benchmark-load";
    /** The prefix of the threads that match the batches. */
    static final String MATCH_THREAD = "store-benchmark-match";
    private static final int PROGRESS_STEPS = 10;

    private StoreBenchmark() {
    }

    /** Which entity store the benchmark runs on. */
    enum Store {
        EMBEDDED, POSTGRESQL
    }

    /**
     * What to run.
     *
     * @param store          the store
     * @param population     the people to load (distinct, each one entity)
     * @param loadBatchSize  records per batch while loading
     * @param warmupBatches  batches matched first and not counted: the JIT compiles the matching while they run, as it
     *                       has long done in a NiFi that has been matching for a while
     * @param batches        batches matched against the loaded store
     * @param batchSize      records per matched batch
     * @param duplicateShare the share of a matched batch that copies stored people
     * @param threads        scoring threads (the calling thread and threads - 1 helpers), as MatchCRMRecord's Scoring Threads
     * @param writers        batches resolved side by side after the warm-up, as MatchCRMRecord's Concurrent Tasks (1: one
     *                       after another)
     * @param directory      where loaded stores are kept, one directory per store and size
     * @param reload         load even when a fitting store is kept
     * @param durable        PostgreSQL commits reach the disk (fsync), as on a production server
     * @param postgresSettings PostgreSQL server settings (name=value, comma-separated) added to its configuration
     * @param loadMatchesStore whether each loaded batch is also matched against the people loaded before it (Match Against
     *                       "FlowFile and store"), or only within itself ("FlowFile"): the people are distinct, so both
     *                       give the same entities but for a few false links, and the second does not grow with the store
     * @param postgresRoot   where the PostgreSQL server's binaries, its initdb'd cluster and its data directory go
     *                       ({@code <directory>/postgres-server} when run from the command line; the tests take the
     *                       module's {@code target/postgres}, whose binaries and cluster every test run reuses)
     */
    record Settings(Store store, int population, int loadBatchSize, int warmupBatches, int batches, int batchSize, double duplicateShare,
                    int threads, int writers, Path directory, boolean reload, boolean durable, String postgresSettings, boolean loadMatchesStore,
                    Path postgresRoot) {

        static Settings fromSystemProperties(final Store store) {
            final Path target = Files.isDirectory(Path.of("nifi-crm-benchmarks")) ? Path.of("nifi-crm-benchmarks", "target") : Path.of("target");
            final Path directory = Path.of(System.getProperty("benchmark.dir", target.resolve("store-benchmark").toString()));
            return new Settings(store, Integer.getInteger("benchmark.entities", 1_000_000), Integer.getInteger("benchmark.loadBatchSize", 10_000),
                    Integer.getInteger("benchmark.warmup", 25), Integer.getInteger("benchmark.batches", 5), Integer.getInteger("benchmark.batchSize", 10_000),
                    Double.parseDouble(System.getProperty("benchmark.duplicates", "0.3")), Integer.getInteger("benchmark.threads", 2),
                    Integer.getInteger("benchmark.writers", 1), directory,
                    Boolean.getBoolean("benchmark.reload"), Boolean.parseBoolean(System.getProperty("benchmark.durable", "true")),
                    System.getProperty("benchmark.postgresSettings", ""), Boolean.getBoolean("benchmark.loadMatchesStore"),
                    directory.resolve("postgres-server"));
        }

        StoreFixture fixture() {
            // stores loaded the two ways are kept apart: embedded-100000, embedded-matched-100000
            final String prefix = store.name().toLowerCase(Locale.ROOT) + (loadMatchesStore ? "-matched" : "");
            return switch (store) {
                case EMBEDDED -> new EmbeddedStoreFixture(directory, prefix);
                case POSTGRESQL -> new PostgresStoreFixture(directory, prefix, postgresRoot, durable,
                        String.join(System.lineSeparator(), postgresSettings.isBlank() ? List.of() : List.of(postgresSettings.split(","))));
            };
        }
    }

    public static void main(final String[] arguments) {
        final Store store = arguments.length == 0 ? Store.EMBEDDED : Store.valueOf(arguments[0].toUpperCase(Locale.ROOT));
        final Settings settings = Settings.fromSystemProperties(store);
        final Report report = run(settings, System.out);
        try {
            Files.createDirectories(settings.directory());
            Files.writeString(settings.directory().resolve("results.txt"), report.summary() + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not append to the results in " + settings.directory(), e);
        }
    }

    /** Runs the benchmark, printing as it goes. */
    static Report run(final Settings settings, final PrintStream out) {
        out.printf(Locale.ROOT, "StoreBenchmark %s: %,d stored people, %d warm-up batches and %d batches of %,d records (%.0f %% copies of "
                        + "stored people), %d scoring threads; cores=%d maxHeap=%dMB, load average %.2f%n", settings.store().name().toLowerCase(Locale.ROOT),
                settings.population(), settings.warmupBatches(), settings.batches(), settings.batchSize(), settings.duplicateShare() * 100, settings.threads(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        try (StoreFixture fixture = settings.fixture()) {
            out.println("store: " + fixture.describe());
            final LoadResult load = onThread(LOAD_THREAD, () -> loadOrReuse(fixture, settings, out));
            final long generationStart = System.nanoTime();
            final List<List<StoreWorkload.Entry>> batches = SpilledBatches.of(new StoreWorkload(SEED, settings.population())
                    .batches(settings.warmupBatches() + settings.batches(), settings.batchSize(), settings.duplicateShare()),
                    settings.directory().resolve("generated-batches.bin"));
            out.printf(Locale.ROOT, "generated the batches in %.1f s%n", (System.nanoTime() - generationStart) / 1e9);
            final MatchPhase match = onThread(MATCH_THREAD, () -> match(fixture, settings, batches, out));
            final Report report = new Report(settings, fixture.describe(), load, match);
            out.println(report.summary());
            return report;
        }
    }

    // ------------------------------------------------------------------ load

    private static LoadResult loadOrReuse(final StoreFixture fixture, final Settings settings, final PrintStream out) {
        final String schema = CodeFingerprint.schema();
        final String code = CodeFingerprint.code();
        final Map<Integer, StoreManifest> kept = fixture.kept();
        final StoreManifest exact = kept.get(settings.population());
        // a kept store of an earlier schema (this code's newest migrations left out) is migrated in each working copy
        final boolean earlierSchema = exact != null && !exact.schema().equals(schema) && CodeFingerprint.earlierSchemas().contains(exact.schema());
        if (!settings.reload() && exact != null
                && exact.fits(settings.population(), SEED, settings.loadMatchesStore(), earlierSchema ? exact.schema() : schema)) {
            out.printf(Locale.ROOT, "reusing the kept store of %,d people (loaded %s in %.0f s = %,.0f records/s; %s)%n", exact.population(),
                    exact.loadedAt(), exact.loadSeconds(), exact.loadRecordsPerSecond(), describe(exact.statistics()));
            if (earlierSchema) {
                out.println("the kept store has an earlier schema (" + exact.schema() + ", now " + schema + "): each working copy is migrated "
                        + "when it is opened, within the time its readiness is reported in");
            }
            if (!exact.code().equals(code)) {
                out.println("WARNING: the kept store was loaded by other store/match code (" + exact.code() + ", now " + code
                        + "); if the change alters what is stored (keys, blocks, their hashes), run with -Dbenchmark.reload=true");
            }
            return new LoadResult(true, 0, exact.loadSeconds(), exact.statistics(), 0, 0);
        }
        // the population of n people begins with that of any smaller size: a smaller kept store is where loading resumes
        StoreManifest resumed = null;
        if (!settings.reload()) {
            for (final StoreManifest smaller : kept.values()) {
                if (smaller.population() < settings.population() && smaller.population() % settings.loadBatchSize() == 0
                        && smaller.fits(smaller.population(), SEED, settings.loadMatchesStore(), schema)) {
                    resumed = smaller;
                }
            }
        }
        final ExecutorService helpers = helpers(settings.threads(), LOAD_THREAD);
        try (HeapMonitor heap = new HeapMonitor()) {
            final Matcher matcher = matcher(settings.threads(), helpers);
            final EntityStore store;
            if (resumed == null) {
                store = fixture.createEmpty();
            } else {
                out.printf(Locale.ROOT, "resuming from the kept store of %,d people (loaded in %.0f s)%n", resumed.population(), resumed.loadSeconds());
                store = fixture.resume(resumed.population());
            }
            final Loader loader = new Loader(matcher, store, fixture, settings, resumed, schema, code, out);
            final int start = resumed == null ? 0 : resumed.population();
            new StoreWorkload(SEED, settings.population()).population((values, person) -> {
                if (person >= start) {
                    loader.accept(values, person);
                }
            });
            loader.flush();
            final StoreManifest manifest = loader.manifest(store.statistics());
            out.printf(Locale.ROOT, "loaded %,d people in %.1f s = %,.0f records/s (comparison keys, resolving, committing)%s; %s; heap peak used "
                            + "%d MB, peak after a collection %d MB%n", settings.population(), manifest.loadSeconds(), manifest.loadRecordsPerSecond(),
                    resumed == null ? "" : String.format(Locale.ROOT, ", of which %,d resumed from a kept store", start),
                    describe(manifest.statistics()), heap.peakUsedBytes() >> 20, heap.peakLiveBytes() >> 20);
            fixture.keep(store, manifest);
            return new LoadResult(false, start, manifest.loadSeconds(), manifest.statistics(), heap.peakUsedBytes(), heap.peakLiveBytes());
        } finally {
            helpers.shutdown();
        }
    }

    /**
     * Loads the generated people batch by batch, timing only what MatchCRMRecord would do with them, and keeps a copy of
     * the store at every checkpoint (a whole number of progress steps), so a later, larger load resumes from there.
     */
    private static final class Loader {
        private final Matcher matcher;
        private final EntityStore store;
        private final EntityResolver resolver;
        private final StoreFixture fixture;
        private final Settings settings;
        private final String schema;
        private final String code;
        private final PrintStream out;
        private final int step;
        private final List<String[]> values = new ArrayList<>();
        private final List<Integer> people = new ArrayList<>();
        private long nanos;
        private long stepNanos;
        private int loaded;
        private int stepStart;

        private Loader(final Matcher matcher, final EntityStore store, final StoreFixture fixture, final Settings settings,
                       final StoreManifest resumed, final String schema, final String code, final PrintStream out) {
            this.matcher = matcher;
            this.store = store;
            this.resolver = new EntityResolver(matcher, store, true, settings.loadMatchesStore(), MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
            this.fixture = fixture;
            this.settings = settings;
            this.schema = schema;
            this.code = code;
            this.out = out;
            this.step = Math.max(settings.loadBatchSize(), settings.population() / PROGRESS_STEPS / settings.loadBatchSize() * settings.loadBatchSize());
            this.loaded = resumed == null ? 0 : resumed.population();
            this.stepStart = loaded;
            this.nanos = resumed == null ? 0 : Math.round(resumed.loadSeconds() * 1e9);
        }

        void accept(final String[] record, final int person) {
            values.add(record);
            people.add(person);
            if (values.size() == settings.loadBatchSize()) {
                flush();
            }
        }

        void flush() {
            if (values.isEmpty()) {
                return;
            }
            final long start = System.nanoTime();
            final EntityBatch batch = EntityBatch.of(matcher, STORED_SYSTEM);
            for (int record = 0; record < values.size(); record++) {
                batch.add(matcher.keys(values.get(record)), Integer.toString(people.get(record)), null, null);
            }
            final Resolution resolution = resolver.resolve(batch);
            resolution.pendingWrite().commit();
            final long elapsed = System.nanoTime() - start;
            nanos += elapsed;
            stepNanos += elapsed;
            loaded += values.size();
            values.clear();
            people.clear();
            if (loaded % step == 0 || loaded == settings.population()) {
                final StoreStatistics statistics = store.statistics();
                out.printf(Locale.ROOT, "  loaded %,d of %,d: %,.0f records/s over the last %,d (%.0f s); %s; load average %.2f%n", loaded,
                        settings.population(), (loaded - stepStart) / (stepNanos / 1e9), loaded - stepStart, stepNanos / 1e9, describe(statistics),
                        loadAverage());
                if (loaded < settings.population()) {
                    fixture.checkpoint(store, manifest(statistics));
                }
                stepStart = loaded;
                stepNanos = 0;
            }
        }

        /** The manifest of the store as loaded so far. */
        StoreManifest manifest(final StoreStatistics statistics) {
            return new StoreManifest(loaded, SEED, settings.loadMatchesStore(), schema, code, statistics, nanos / 1e9, Instant.now().toString());
        }
    }

    // ------------------------------------------------------------------ match

    private static MatchPhase match(final StoreFixture fixture, final Settings settings, final List<List<StoreWorkload.Entry>> batches,
                                    final PrintStream out) {
        final ExecutorService helpers = helpers(settings.threads(), MATCH_THREAD);
        final long copyStart = System.nanoTime();
        try (EntityStore working = fixture.openWorkingCopy(settings.population()); HeapMonitor heap = new HeapMonitor()) {
            out.printf(Locale.ROOT, "working copy of the store ready in %.1f s%n", (System.nanoTime() - copyStart) / 1e9);
            final Matcher matcher = matcher(settings.threads(), helpers);
            final StoreStatistics before = working.statistics();
            final Map<Integer, String> goldenIds = storedGoldenIds(working, batches, matcher);
            System.gc();
            heap.reset();
            final TimedEntityStore timed = new TimedEntityStore(working);
            final EntityResolver resolver = new EntityResolver(matcher, timed, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
            final List<BatchResult> results = new ArrayList<>();
            final List<Double> inMemoryCpus = new ArrayList<>();
            // bytes the JVM's threads allocated per measured batch and its collections: what the machine's load does not change
            final List<Long> allocations = new ArrayList<>();
            long measuredCollections = 0;
            final Context context = new Context(matcher, resolver, timed, working, goldenIds, out);
            // the warm-up batches one after another; the measured ones too, or side by side on several writers
            final int sequential = settings.writers() > 1 ? settings.warmupBatches() : batches.size();
            long measuredCpu = 0;
            // per thread group, its CPU over the measured batches only: the sums of the batches' differences
            final Map<String, Long> threadsBefore = new HashMap<>();
            final Map<String, Long> threadsAfter = new HashMap<>();
            // per measured batch also the page faults by thread group and, on PostgreSQL, the server's CPU by process kind
            final Map<String, Long> faultsBefore = new HashMap<>();
            final Map<String, Long> faultsAfter = new HashMap<>();
            final Map<String, Long> serverBefore = new HashMap<>();
            final Map<String, Long> serverAfter = new HashMap<>();
            final long serverPid = fixture.serverPid();
            for (int number = 1; number <= sequential; number++) {
                // read back before the batch's CPU is counted: NiFi's reader is not what is measured
                final List<StoreWorkload.Entry> entries = batches.get(number - 1);
                final boolean measured = number > settings.warmupBatches();
                final Map<String, Long> threads = measured ? ThreadCpu.read() : Map.of();
                final Map<String, Long> faults = measured ? ThreadCpu.readFaults() : Map.of();
                final Map<String, Long> server = measured && serverPid > 0 ? ThreadCpu.readServer(serverPid) : Map.of();
                final long processCpu = processCpuNanos();
                final long resolvingCpu = matchThreadsCpuNanos();
                final long allocatedBefore = allocatedBytes();
                final long collectionsBefore = collectionCount();
                timed.drainCpuNanos();
                final BatchResult result = context.resolve(entries, (number - 1) * settings.batchSize(), true);
                // a batch done is let go: the benchmark's own records would otherwise crowd the heap the matching has
                batches.set(number - 1, null);
                final double inMemoryCpu = (matchThreadsCpuNanos() - resolvingCpu - timed.drainCpuNanos()) / 1e9;
                final long allocated = allocatedBytes() - allocatedBefore;
                final long collections = collectionCount() - collectionsBefore;
                if (number <= settings.warmupBatches()) {
                    out.println("warm-up " + result.describe(number, settings.warmupBatches()));
                } else {
                    measuredCpu += processCpuNanos() - processCpu;
                    threads.forEach((group, ticks) -> threadsBefore.merge(group, ticks, Long::sum));
                    ThreadCpu.read().forEach((group, ticks) -> threadsAfter.merge(group, ticks, Long::sum));
                    results.add(result);
                    inMemoryCpus.add(inMemoryCpu);
                    out.println(result.describe(results.size(), settings.batches()));
                    allocations.add(allocated);
                    measuredCollections += collections;
                    out.printf(Locale.ROOT, "    allocated %.1f MB by every thread; %d collections%n", allocated / 1e6, collections);
                    final Map<String, Long> faultsNow = ThreadCpu.readFaults();
                    out.println("    page faults by thread: " + ThreadCpu.describeCounts(faults, faultsNow, 1));
                    faults.forEach((group, count) -> faultsBefore.merge(group, count, Long::sum));
                    faultsNow.forEach((group, count) -> faultsAfter.merge(group, count, Long::sum));
                    if (serverPid > 0) {
                        final Map<String, Long> serverNow = ThreadCpu.readServer(serverPid);
                        out.println("    server CPU by process: " + ThreadCpu.describe(server, serverNow, 1));
                        server.forEach((kind, ticks) -> serverBefore.merge(kind, ticks, Long::sum));
                        serverNow.forEach((kind, ticks) -> serverAfter.merge(kind, ticks, Long::sum));
                    }
                }
                out.printf(Locale.ROOT, "    in memory: CPU %.3f s of the matching threads outside the store's reads and write%n", inMemoryCpu);
            }
            double sideBySideSeconds = 0;
            if (settings.writers() > 1) {
                final long processCpu = processCpuNanos();
                threadsBefore.putAll(ThreadCpu.read());
                sideBySideSeconds = sideBySide(context, batches, settings, results);
                measuredCpu = processCpuNanos() - processCpu;
                threadsAfter.putAll(ThreadCpu.read());
                final int records = results.stream().mapToInt(BatchResult::records).sum();
                out.printf(Locale.ROOT, "%d writers side by side: %,d records in %.2f s = %,.0f records/s; attempts per batch %s%n", settings.writers(),
                        records, sideBySideSeconds, records / sideBySideSeconds, results.stream().map(BatchResult::attempts).toList());
                out.println("store calls of all writers:" + describe(timed.drain()));
            }
            out.printf(Locale.ROOT, "CPU of the whole process (every thread, the collector's too) while the measured batches ran: %.2f s, "
                    + "%.3f s per batch%n", measuredCpu / 1e9, measuredCpu / 1e9 / Math.max(1, results.size()));
            out.println("CPU per batch by thread (from /proc, in 10 ms ticks): "
                    + ThreadCpu.describe(threadsBefore, threadsAfter, Math.max(1, results.size())));
            if (!faultsAfter.isEmpty()) {
                out.println("page faults per batch by thread (from /proc, minor and major): "
                        + ThreadCpu.describeCounts(faultsBefore, faultsAfter, Math.max(1, results.size())));
            }
            if (!serverAfter.isEmpty()) {
                out.println("CPU per batch of the database server by process (from /proc): "
                        + ThreadCpu.describe(serverBefore, serverAfter, Math.max(1, results.size())));
            }
            // side by side the matching threads' CPU is not the batch's own: told only for batches that ran alone
            if (!inMemoryCpus.isEmpty()) {
                final List<Double> sortedCpus = inMemoryCpus.stream().sorted().toList();
                out.printf(Locale.ROOT, "in memory: median CPU %.3f s per batch (per batch %s)%n", sortedCpus.get(sortedCpus.size() / 2),
                        inMemoryCpus.stream().map(cpu -> String.format(Locale.ROOT, "%.3f", cpu)).toList());
            }
            if (!allocations.isEmpty()) {
                final List<Long> sortedAllocations = allocations.stream().sorted().toList();
                out.printf(Locale.ROOT, "allocated: median %.1f MB per batch (per batch %s); %.1f collections per batch%n",
                        sortedAllocations.get(sortedAllocations.size() / 2) / 1e6,
                        allocations.stream().map(bytes -> String.format(Locale.ROOT, "%.1f", bytes / 1e6)).toList(),
                        (double) measuredCollections / allocations.size());
            }
            final StoreStatistics after = working.statistics();
            final long peakUsed = heap.peakUsedBytes();
            final long peakAfterCollection = heap.peakLiveBytes();
            if (Boolean.getBoolean("benchmark.newRule")) {
                keyANewRule(working, out);
            }
            if (Boolean.getBoolean("benchmark.compact")) {
                compactTheKeyLog(working, out);
            }
            // what the matching keeps between batches: the store is not in memory, so this stays small at any store size
            System.gc();
            final long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new MatchPhase(before, after, results, peakUsed, peakAfterCollection, retained, settings.writers(), sideBySideSeconds);
        } finally {
            helpers.shutdown();
        }
    }

    /**
     * Matches one record with a blocking rule the store has not kept ({@code last_name+birth_date} added to the automatic
     * ones, as a Key Rule adds one): the store first keys every stored record under it. Prints what that took.
     */
    private static void keyANewRule(final EntityStore store, final PrintStream out) {
        final List<MatchField> fields = PersonGenerator.FIELDS.stream().map(MatchField::named).toList();
        final List<BlockingRule> rules = new ArrayList<>(BlockingRules.forFields(fields));
        rules.add(new BlockingRule("last_name+birth_date", List.of(BlockingRule.Part.of(PersonGenerator.FIELDS.indexOf("last_name"), BlockingTransform.EXACT),
                BlockingRule.Part.of(PersonGenerator.FIELDS.indexOf("birth_date"), BlockingTransform.EXACT))));
        final Matcher withRule = new Matcher(fields, MatchSettings.defaults(), "US", rules, List.of());
        final EntityBatch batch = EntityBatch.of(withRule, BATCH_SYSTEM);
        batch.add(withRule.keys(new String[] {"zed", "quill", null, null, null, null, "1970-01-01"}), "new-rule-1", null, null);
        final long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final Resolution resolution = new EntityResolver(withRule, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE).resolve(batch);
        resolution.pendingWrite().commit();
        final RuleKeying keying = resolution.getRuleKeying();
        out.printf(Locale.ROOT, "a new blocking rule %s: keyed %,d stored records in %.1f s (heap used %d MB before, %d MB after)%n",
                keying.keyedRules(), keying.members(), keying.nanos() / 1e9, heapBefore >> 20,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
    }

    /** Compacts the key log, due or not, and prints what that took and what it left. */
    private static void compactTheKeyLog(final EntityStore store, final PrintStream out) {
        final long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final KeyLogCompaction compaction = store.compactKeyLog(false);
        out.printf(Locale.ROOT, "key log compacted (due: %s): %,d rows of %.1f MB became a base of %,d keys in %.1f MB, in %.1f s "
                        + "(heap used %d MB before, %d MB after)%n", store.keyLogCompactionDue(), compaction.rowsRemoved(), compaction.logBytes() / 1e6,
                compaction.keys(), compaction.baseBytes() / 1e6, compaction.nanos() / 1e9, heapBefore >> 20,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
    }

    /**
     * Resolves the measured batches on {@link Settings#writers()} threads side by side, each taking the next batch when
     * done with one, as MatchCRMRecord with that many Concurrent Tasks takes FlowFiles; adds them to the results in
     * batch order and returns the wall time from the first batch's start to the last one's commit.
     */
    private static double sideBySide(final Context context, final List<List<StoreWorkload.Entry>> batches, final Settings settings,
                                     final List<BatchResult> results) {
        final AtomicInteger next = new AtomicInteger(settings.warmupBatches());
        final BatchResult[] done = new BatchResult[batches.size()];
        final List<FutureTask<Void>> writers = new ArrayList<>();
        final long start = System.nanoTime();
        for (int writer = 1; writer <= settings.writers(); writer++) {
            final FutureTask<Void> task = new FutureTask<>(() -> {
                for (int batch = next.getAndIncrement(); batch < batches.size(); batch = next.getAndIncrement()) {
                    done[batch] = context.resolve(batches.get(batch), batch * settings.batchSize(), false);
                    batches.set(batch, null);
                    context.out().println(done[batch].describe(batch + 1 - settings.warmupBatches(), settings.batches())
                            + " (writer " + Thread.currentThread().getName() + ")");
                }
                return null;
            });
            writers.add(task);
            Thread.ofPlatform().name(MATCH_THREAD + "-writer-" + writer).start(task);
        }
        for (final FutureTask<Void> writer : writers) {
            try {
                writer.get();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the writers resolved the batches", e);
            } catch (final ExecutionException e) {
                throw new IllegalStateException("A writer failed", e.getCause());
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        results.addAll(Arrays.asList(done).subList(settings.warmupBatches(), batches.size()));
        return seconds;
    }

    /** What resolving a batch needs, shared by the writers. */
    private record Context(Matcher matcher, EntityResolver resolver, TimedEntityStore timed, EntityStore store,
                           Map<Integer, String> goldenIds, PrintStream out) {

        /**
         * Resolves one batch and commits it as a NiFi session would, its source ids numbered from {@code firstSourceId};
         * the store's timings are the batch's own when it ran {@code alone}, else not taken.
         */
        BatchResult resolve(final List<StoreWorkload.Entry> entries, final int firstSourceId, final boolean alone) {
            final int partSize = Integer.getInteger("benchmark.partSize", 0);
            if (partSize > 0 && entries.size() > partSize) {
                return resolveInParts(this, entries, firstSourceId, alone, partSize);
            }
            final long collectionMillis = collectionMillis();
            final long start = System.nanoTime();
            final EntityBatch batch = EntityBatch.of(matcher, BATCH_SYSTEM);
            for (int i = 0; i < entries.size(); i++) {
                batch.add(matcher.keys(entries.get(i).values()), "h" + (firstSourceId + i), null, null);
            }
            final long keyed = System.nanoTime();
            final Resolution resolution = resolver.resolve(batch);
            final long resolved = System.nanoTime();
            resolution.pendingWrite().commit();
            final long committed = System.nanoTime();
            final double collectionSeconds = (collectionMillis() - collectionMillis) / 1e3;
            final Map<String, TimedEntityStore.Timing> timings = alone ? timed.drain() : Map.of();
            final Quality quality;
            synchronized (goldenIds) {
                quality = Quality.of(resolution, entries, goldenIds, store);
                printFalseLinks(resolution, entries, Integer.getInteger("benchmark.falseLinks", 0), out);
            }
            return new BatchResult(entries.size(), (keyed - start) / 1e9, (resolved - keyed) / 1e9, (committed - resolved) / 1e9,
                    collectionSeconds, timings, resolution.getNewEntities(), resolution.getMerges(), resolution.getAttempts(),
                    resolution.getMatchResult().getCandidatePairs(), quality);
        }
    }

    /**
     * Resolves one batch as MatchCRMRecord resolves a FlowFile larger than a part: part by part, as one change, committed
     * at the end; each part's records are let go once it is resolved, but for their golden ids and outcomes (about 50
     * bytes a record), whose quality is counted after the commit. Keying the parts counts as resolving.
     */
    private static BatchResult resolveInParts(final Context context, final List<StoreWorkload.Entry> entries, final int firstSourceId,
                                              final boolean alone, final int partSize) {
        final long collectionMillis = collectionMillis();
        final long start = System.nanoTime();
        final EntityResolver.Parts parts = context.resolver().begin();
        long pairs = 0;
        int newEntities = 0;
        int merges = 0;
        int attempts = 0;
        final String[] ids = new String[entries.size()];
        final MatchOutcome[] outcomes = new MatchOutcome[entries.size()];
        final EntityStatus[] statuses = new EntityStatus[entries.size()];
        for (int from = 0; from < entries.size(); from += partSize) {
            final List<StoreWorkload.Entry> part = entries.subList(from, Math.min(entries.size(), from + partSize));
            final EntityBatch batch = EntityBatch.of(context.matcher(), BATCH_SYSTEM);
            for (int i = 0; i < part.size(); i++) {
                batch.add(context.matcher().keys(part.get(i).values()), "h" + (firstSourceId + from + i), null, null);
            }
            final Resolution resolution = parts.resolve(batch);
            pairs += resolution.getMatchResult().getCandidatePairs();
            newEntities += resolution.getNewEntities();
            merges += resolution.getMerges();
            attempts = Math.max(attempts, resolution.getAttempts());
            for (int i = 0; i < part.size(); i++) {
                ids[from + i] = resolution.goldenId(i);
                outcomes[from + i] = resolution.outcome(i);
                statuses[from + i] = resolution.status(i);
            }
            if (Boolean.getBoolean("benchmark.partHeap")) {
                // what stays on the heap between parts (a full collection, so not for timing runs)
                System.gc();
                final java.lang.management.MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                context.out().printf(Locale.ROOT, "    after part %d (%,d records): %,d MB live%n", from / partSize + 1, from + part.size(),
                        heap.getUsed() >> 20);
            }
        }
        final long resolved = System.nanoTime();
        parts.pendingWrite().commit();
        final long committed = System.nanoTime();
        final double collectionSeconds = (collectionMillis() - collectionMillis) / 1e3;
        final Map<String, TimedEntityStore.Timing> timings = alone ? context.timed().drain() : Map.of();
        final Quality quality;
        synchronized (context.goldenIds()) {
            // after the commit: an entity merged by a part is read as the one it was merged into
            quality = Quality.of(ids, outcomes, statuses, entries, context.goldenIds(), context.store());
        }
        return new BatchResult(entries.size(), 0, (resolved - start) / 1e9, (committed - resolved) / 1e9, collectionSeconds, timings, newEntities,
                merges, attempts, pairs, quality);
    }

    /** The CPU time so far of the whole process. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** The CPU time so far of the threads that match (the resolving thread and its scoring helpers). */
    private static long matchThreadsCpuNanos() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(MATCH_THREAD)) {
                nanos += Math.max(0, threads.getThreadCpuTime(thread.threadId()));
            }
        }
        return nanos;
    }

    /** Up to {@code limit} new people the batch linked to someone: their values, where they went and why. */
    private static void printFalseLinks(final Resolution resolution, final List<StoreWorkload.Entry> entries, final int limit,
                                        final PrintStream out) {
        int shown = 0;
        for (int record = 0; record < entries.size() && shown < limit; record++) {
            final StoreWorkload.Entry entry = entries.get(record);
            if (!entry.duplicate() && (resolution.outcome(record) == MatchOutcome.MATCHED || resolution.status(record) == EntityStatus.EXISTING)) {
                out.printf(Locale.ROOT, "    false link: %s -> %s %s, score %.4f: %s%n", Arrays.toString(entry.values()), resolution.status(record).key(),
                        resolution.goldenId(record), resolution.score(record), resolution.explanation(record));
                shown++;
            }
        }
    }

    /** The golden ids of the stored people the batches copy, read before the batches (not timed). */
    private static Map<Integer, String> storedGoldenIds(final EntityStore store, final List<List<StoreWorkload.Entry>> batches,
                                                        final Matcher matcher) {
        final List<SourceKey> sources = new ArrayList<>();
        for (final List<StoreWorkload.Entry> batch : batches) {
            for (final StoreWorkload.Entry entry : batch) {
                if (entry.duplicate()) {
                    sources.add(storedSource(entry.person()));
                }
            }
        }
        final Map<Integer, String> goldenIds = new HashMap<>();
        final List<String> fieldNames = matcher.getFields().stream().map(MatchField::name).toList();
        for (final StoredMember member : store.findMembers(sources, fieldNames).values()) {
            goldenIds.put(Integer.parseInt(member.source().sourceId()), member.goldenId());
        }
        if (goldenIds.size() != sources.size()) {
            throw new IllegalStateException("The store lacks " + (sources.size() - goldenIds.size()) + " of the " + sources.size()
                    + " loaded people the batches copy: it was not loaded from the same people");
        }
        return goldenIds;
    }

    private static SourceKey storedSource(final int person) {
        return new SourceKey(STORED_SYSTEM, Integer.toString(person));
    }

    private static Matcher matcher(final int threads, final ExecutorService helpers) {
        return new Matcher(PersonGenerator.FIELDS.stream().map(MatchField::named).toList(),
                MatchSettings.defaults().withParallelism(threads, threads > 1 ? helpers : MatchSettings.CALLING_THREAD), "US");
    }

    private static ExecutorService helpers(final int threads, final String name) {
        final AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, threads - 1),
                runnable -> Thread.ofPlatform().daemon().name(name + "-scoring-" + number.incrementAndGet()).unstarted(runnable));
    }

    /** Runs a phase on a thread of its own name, so a profile can tell the phases apart. */
    private static <T> T onThread(final String name, final Callable<T> phase) {
        final FutureTask<T> task = new FutureTask<>(phase);
        final Thread thread = Thread.ofPlatform().name(name).start(task);
        try {
            return task.get();
        } catch (final InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + name, e);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(name + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Bytes every thread of the JVM has allocated on the heap so far (threads that ended included). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** The collections the JVM's collectors have run so far (young, mixed and concurrent cycles' pauses). */
    private static long collectionCount() {
        long count = 0;
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    /** The time the JVM's collectors have paused it so far. */
    private static long collectionMillis() {
        long millis = 0;
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String describe(final StoreStatistics statistics) {
        return String.format(Locale.ROOT, "%,d entities, %,d members, %,d keys, %,d events, %,.1f MB on disk = %,.0f bytes per entity",
                statistics.entities(), statistics.members(), statistics.keys(), statistics.events(), statistics.bytesOnDisk() / 1e6,
                (double) statistics.bytesOnDisk() / Math.max(1, statistics.entities()));
    }

    /** The store's calls, a line each: label, calls, elapsed and the calling threads' CPU. */
    static String describe(final Map<String, TimedEntityStore.Timing> timings) {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, TimedEntityStore.Timing> timing : timings.entrySet()) {
            text.append(String.format(Locale.ROOT, "%n    %-58s %3d call(s) %7.3f s (CPU of the calling threads %.3f s)", timing.getKey(),
                    timing.getValue().calls(), timing.getValue().seconds(), timing.getValue().cpuSeconds()));
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ results

    /**
     * How the load went.
     *
     * @param reused        the kept store was used (its load's numbers are from its manifest)
     * @param resumedFrom   the people of the smaller kept store the load resumed from (0: loaded from empty)
     * @param seconds       the load's time, with that of the store it resumed from
     * @param statistics    the store after the load
     * @param peakUsedBytes the heap's peak during the load (0 when reused)
     * @param peakAfterCollectionBytes the largest heap after a collection during the load (0 when reused)
     */
    record LoadResult(boolean reused, int resumedFrom, double seconds, StoreStatistics statistics, long peakUsedBytes, long peakAfterCollectionBytes) {
    }

    /**
     * How the copies of stored people in one batch were resolved.
     *
     * @param duplicates the copies of stored people
     * @param found      copies linked to their person's entity
     * @param wrong      copies linked to another entity
     * @param review     copies sent to review (not linked)
     * @param falseLinks new people linked to a stored entity or to another record of the batch
     */
    record Quality(int duplicates, int found, int wrong, int review, int falseLinks) {

        static Quality of(final Resolution resolution, final List<StoreWorkload.Entry> entries, final Map<Integer, String> goldenIds,
                          final EntityStore store) {
            final int size = entries.size();
            final String[] ids = new String[size];
            final MatchOutcome[] outcomes = new MatchOutcome[size];
            final EntityStatus[] statuses = new EntityStatus[size];
            for (int record = 0; record < size; record++) {
                ids[record] = resolution.goldenId(record);
                outcomes[record] = resolution.outcome(record);
                statuses[record] = resolution.status(record);
            }
            return of(ids, outcomes, statuses, entries, goldenIds, store);
        }

        /** The quality of a batch's golden ids, outcomes and statuses, read against the store as it is now (after the commit). */
        static Quality of(final String[] ids, final MatchOutcome[] outcomes, final EntityStatus[] statuses, final List<StoreWorkload.Entry> entries,
                          final Map<Integer, String> goldenIds, final EntityStore store) {
            int duplicates = 0;
            int found = 0;
            int wrong = 0;
            int review = 0;
            int falseLinks = 0;
            for (int record = 0; record < entries.size(); record++) {
                final StoreWorkload.Entry entry = entries.get(record);
                final MatchOutcome outcome = outcomes[record];
                if (!entry.duplicate()) {
                    if (outcome == MatchOutcome.MATCHED || statuses[record] == EntityStatus.EXISTING) {
                        falseLinks++;
                    }
                    continue;
                }
                duplicates++;
                if (outcome == MatchOutcome.MATCHED) {
                    if (isPersonsEntity(ids[record], entry.person(), goldenIds, store)) {
                        found++;
                    } else {
                        wrong++;
                    }
                } else if (outcome == MatchOutcome.REVIEW) {
                    review++;
                }
            }
            return new Quality(duplicates, found, wrong, review, falseLinks);
        }

        /**
         * Whether the golden id is the stored person's entity's; read again from the store when it differs, since a batch
         * may have merged that entity into another.
         */
        private static boolean isPersonsEntity(final String goldenId, final int person, final Map<Integer, String> goldenIds,
                                               final EntityStore store) {
            final String known = goldenIds.get(person);
            if (goldenId.equals(known)) {
                return true;
            }
            final Optional<String> live = store.liveGoldenId(known);
            if (live.isPresent() && !live.get().equals(known)) {
                goldenIds.put(person, live.get());
            }
            return goldenId.equals(goldenIds.get(person));
        }

        Quality plus(final Quality other) {
            return new Quality(duplicates + other.duplicates, found + other.found, wrong + other.wrong, review + other.review,
                    falseLinks + other.falseLinks);
        }

        double recall() {
            return (double) found / Math.max(1, duplicates);
        }

        double precision() {
            return (double) found / Math.max(1, found + wrong + falseLinks);
        }
    }

    /** One matched batch: its time, where the time went, what it created and how well it found the copies. */
    record BatchResult(int records, double keySeconds, double resolveSeconds, double commitSeconds, double collectionSeconds,
                       Map<String, TimedEntityStore.Timing> timings, int newEntities, int merges, int attempts, long candidatePairs,
                       Quality quality) {

        double seconds() {
            return keySeconds + resolveSeconds + commitSeconds;
        }

        double recordsPerSecond() {
            return records / seconds();
        }

        double readSeconds() {
            double reads = 0;
            for (final Map.Entry<String, TimedEntityStore.Timing> timing : timings.entrySet()) {
                if (!timing.getKey().equals(TimedEntityStore.WRITE) && !timing.getKey().equals(TimedEntityStore.COMMIT)) {
                    reads += timing.getValue().seconds();
                }
            }
            return reads;
        }

        double writeSeconds() {
            final TimedEntityStore.Timing write = timings.get(TimedEntityStore.WRITE);
            return write == null ? 0 : write.seconds();
        }

        /** Resolving without the store's reads and write: blocking, scoring, clustering and planning in memory. */
        double inMemorySeconds() {
            return resolveSeconds - readSeconds() - writeSeconds();
        }

        String describe(final int number, final int of) {
            final StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "batch %d/%d: %,d records in %.2f s = %,.0f records/s (keys %.3f s, resolve %.3f s, commit %.3f s); resolve = store reads "
                            + "%.3f s + write %.3f s + in memory %.3f s; GC pauses %.3f s; %,d candidate pairs, %,d new entities, %d merges, "
                            + "%d attempt(s); copies found %,d of %,d (wrong %d, review %d), new people linked %d; load average %.2f",
                    number, of, records, seconds(), recordsPerSecond(), keySeconds, resolveSeconds, commitSeconds, readSeconds(), writeSeconds(),
                    inMemorySeconds(), collectionSeconds, candidatePairs, newEntities, merges, attempts, quality.found(), quality.duplicates(), quality.wrong(),
                    quality.review(), quality.falseLinks(), loadAverage()));
            return text.append(StoreBenchmark.describe(timings)).toString();
        }
    }

    /**
     * The matched batches, the store before and after them, and the heap: its peak while they ran, the largest heap
     * after a collection (young collections leave old garbage in, so this overstates what was live) and what was left
     * after a full collection once they were done.
     */
    record MatchPhase(StoreStatistics before, StoreStatistics after, List<BatchResult> batches, long peakUsedBytes,
                      long peakAfterCollectionBytes, long retainedBytes, int writers, double sideBySideSeconds) {

        /** With several writers, the records of all measured batches over the wall time they took together; else 0. */
        double sideBySideRecordsPerSecond() {
            return writers > 1 ? batches.stream().mapToInt(BatchResult::records).sum() / sideBySideSeconds : 0;
        }

        double medianRecordsPerSecond() {
            final double[] rates = batches.stream().mapToDouble(BatchResult::recordsPerSecond).sorted().toArray();
            final int middle = rates.length / 2;
            return rates.length % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
        }

        Quality quality() {
            Quality total = new Quality(0, 0, 0, 0, 0);
            for (final BatchResult batch : batches) {
                total = total.plus(batch.quality());
            }
            return total;
        }
    }

    /** Everything one run measured. */
    record Report(Settings settings, String store, LoadResult load, MatchPhase match) {

        String summary() {
            final double[] rates = match.batches().stream().mapToDouble(BatchResult::recordsPerSecond).toArray();
            final Quality quality = match.quality();
            return String.format(Locale.ROOT, "%s | %s, %,d stored people: load %s %,.0f records/s (%.0f s)%s; %d batches of %,d records: "
                            + "median %,.0f records/s (per batch %s)%s; heap peak used %d MB, peak after a collection %d MB, retained %d MB, "
                            + "of %d MB; GC pauses %.1f s of %.1f s; store after: %s; "
                            + "copies found: recall %.4f, precision %.4f (%,d of %,d found, %d wrong, %d in review, %d new people linked); "
                            + "%d stored entities merged into others (the stored people are distinct: each merge joins two people)",
                    Instant.now(), settings.store().name().toLowerCase(Locale.ROOT), settings.population(), load.reused() ? "(kept)" : "",
                    settings.population() / load.seconds(), load.seconds(),
                    load.reused() ? "" : String.format(Locale.ROOT, ", load heap peak %d MB", load.peakUsedBytes() >> 20),
                    match.batches().size(), settings.batchSize(), match.medianRecordsPerSecond(),
                    Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()),
                    match.writers() > 1 ? String.format(Locale.ROOT, ", %d writers side by side %,.0f records/s overall (batches' attempts %s)",
                            match.writers(), match.sideBySideRecordsPerSecond(), match.batches().stream().map(BatchResult::attempts).toList()) : "",
                    match.peakUsedBytes() >> 20,
                    match.peakAfterCollectionBytes() >> 20, match.retainedBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    match.batches().stream().mapToDouble(BatchResult::collectionSeconds).sum(),
                    match.batches().stream().mapToDouble(BatchResult::seconds).sum(), describe(match.after()),
                    quality.recall(), quality.precision(), quality.found(), quality.duplicates(), quality.wrong(), quality.review(),
                    quality.falseLinks(), match.batches().stream().mapToInt(BatchResult::merges).sum());
        }
    }
}
