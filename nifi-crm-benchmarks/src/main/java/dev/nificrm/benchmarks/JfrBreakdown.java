package dev.nificrm.benchmarks;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the time of an entity store benchmark goes, from a JFR recording: every execution sample (Java code) and native
 * method sample (SQLite's C code, a socket waiting for PostgreSQL) of the chosen threads is put in the first category
 * any frame of its stack matches, in the order below, so a sample in a comparator under the clusterer counts as
 * clustering and one in the JDBC driver under {@code findKeys} as that store read (labelled with the resolver step that
 * asked). Record with both samplers at the same period, so the samples add up to thread time:
 * <pre>
 * java -Xmx512m -XX:StartFlightRecording:filename=store.jfr,settings=profile,jdk.ExecutionSample#period=10ms,jdk.NativeMethodSample#period=10ms ...
 * java -cp 'nifi-crm-benchmarks/target/classes:nifi-crm-benchmarks/target/lib/*' dev.nificrm.benchmarks.JfrBreakdown store.jfr store-benchmark-match
 * </pre>
 * The second argument keeps the threads whose name starts with it (default: the match phase's threads). Prints per
 * category the samples, their share and the methods most often on top of the stack.
 */
public final class JfrBreakdown {
    private static final int TOP_METHODS = 4;
    private static final String STORE = "dev.nificrm.store.JdbcEntityStore";
    private static final String RESOLVER = "dev.nificrm.store.EntityResolver";
    private static final Set<String> STORE_READS = Set.of("readMark", "layout", "findMembers", "findMembersById", "findKeys", "findBlockMembers",
            "findEntities", "findKeptApart", "crossReferences", "liveGoldenId", "findSnapshots", "history");
    /**
     * The matching package's classes the resolver uses for its own work (its reads in parallel, its numbering of golden
     * ids, its pages of numbers): a sample under them is the resolver's step, not the matcher's.
     */
    private static final List<String> RESOLVER_TOOLS = List.of("dev.nificrm.match.ParallelTasks", "dev.nificrm.match.Matcher.inParallel",
            "dev.nificrm.match.StringNumbers.", "dev.nificrm.match.IntPages.");

    /** The categories, most specific first: the first that any frame of a stack matches takes the sample. */
    private static final List<Category> CATEGORIES = List.of(
            // what the benchmark does around the timed batches: preparing the working copy, reading statistics and the truth
            new Category("not timed: working copy", frame -> frame.endsWith("StoreFixture.openWorkingCopy")),
            new Category("not timed: statistics, truth", frame -> frame.equals(STORE + ".statistics")
                    || frame.startsWith("dev.nificrm.benchmarks.StoreBenchmark.storedGoldenIds")
                    || frame.startsWith("dev.nificrm.benchmarks.StoreBenchmark$Quality.")),
            new Category("store commit", frame -> frame.startsWith(STORE + "$JdbcPendingWrite.")),
            new Category("store write", frame -> frame.equals(STORE + ".write")),
            new Category("store read", frame -> frame.startsWith(STORE + ".") && STORE_READS.contains(method(frame))),
            new Category("explanations", frame -> frame.startsWith("dev.nificrm.match.MatchResult.explanation")
                    || frame.startsWith("dev.nificrm.match.MatchModel.explain")),
            new Category("clustering", frame -> frame.startsWith("dev.nificrm.match.Clusterer.")),
            new Category("scoring pairs", frame -> frame.startsWith("dev.nificrm.match.MatchModel.score")),
            // the stored pairs scored for the clusterer's ties, on the calling thread after the pair loop
            new Category("scoring ties (stored pairs)", frame -> frame.equals("dev.nificrm.match.Matcher.scoreTies")),
            new Category("candidate pairs (blocking)", frame -> frame.contains("CandidateIndex.forEachCandidatePair")),
            new Category("candidate index (building)", frame -> frame.startsWith("dev.nificrm.match.InMemoryCandidateIndex.")
                    || frame.startsWith("dev.nificrm.match.ReferenceCandidateIndex.")),
            new Category("comparison keys", frame -> frame.equals("dev.nificrm.match.Matcher.keys") || frame.equals("dev.nificrm.match.Matcher.key")),
            new Category("match model (term frequencies, prior)", frame -> frame.equals(RESOLVER + "$Attempt.termFrequencies")
                    || frame.equals(RESOLVER + "$Attempt.population") || frame.startsWith("dev.nificrm.match.TermFrequencies.")
                    || frame.equals("dev.nificrm.match.MatchModel.<init>") || frame.equals("dev.nificrm.match.Matcher.newTermFrequencies")),
            new Category("matcher (other)", frame -> frame.startsWith("dev.nificrm.match.")
                    && RESOLVER_TOOLS.stream().noneMatch(frame::startsWith)),
            new Category("resolver (grouping, planning)", frame -> frame.startsWith(RESOLVER)),
            new Category("generating people", frame -> frame.startsWith("dev.nificrm.benchmarks.PersonGenerator.")),
            new Category("other", frame -> true));

    private JfrBreakdown() {
    }

    public static void main(final String[] arguments) {
        if (arguments.length == 0) {
            System.err.println("Usage: JfrBreakdown <recording.jfr> [thread name prefix, default " + StoreBenchmark.MATCH_THREAD + "]");
            System.exit(2);
        }
        final String threads = arguments.length > 1 ? arguments[1] : StoreBenchmark.MATCH_THREAD;
        print(breakdown(Path.of(arguments[0]), threads), threads, System.out);
    }

    /** The samples of the threads whose name starts with {@code threadPrefix}, by category, most first. */
    static Map<String, Tally> breakdown(final Path recording, final String threadPrefix) {
        final Map<String, Tally> tallies = new HashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                final RecordedEvent event = file.readEvent();
                final String type = event.getEventType().getName();
                if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                final RecordedThread thread = event.getThread("sampledThread");
                final RecordedStackTrace stack = event.getStackTrace();
                if (thread == null || stack == null || thread.getJavaName() == null || !thread.getJavaName().startsWith(threadPrefix)) {
                    continue;
                }
                final List<String> frames = new ArrayList<>(stack.getFrames().size());
                for (final RecordedFrame frame : stack.getFrames()) {
                    frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
                }
                tallies.computeIfAbsent(categorise(frames), key -> new Tally()).add(frames.isEmpty() ? "?" : frames.getFirst());
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not read " + recording, e);
        }
        final Map<String, Tally> sorted = new LinkedHashMap<>();
        tallies.entrySet().stream().sorted((left, right) -> Long.compare(right.getValue().samples, left.getValue().samples))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    /**
     * The category of a stack (innermost frame first, each {@code class.method}): the first category any frame matches; a
     * store read is named by its method and the resolver step that called it.
     */
    static String categorise(final List<String> frames) {
        for (final Category category : CATEGORIES) {
            for (int depth = 0; depth < frames.size(); depth++) {
                if (category.matches().test(frames.get(depth))) {
                    return category.name().equals("store read") ? "store read " + method(frames.get(depth)) + caller(frames, depth) : category.name();
                }
            }
        }
        return "other";
    }

    private static String caller(final List<String> frames, final int depth) {
        for (int outer = depth + 1; outer < frames.size(); outer++) {
            final String frame = frames.get(outer);
            // a lambda's class tells nothing; its method (lambda$inParts$0) the method it was written in, on either thread
            if (frame.startsWith(RESOLVER) && !frame.contains("$$Lambda")) {
                final String method = method(frame);
                return " ← " + (method.startsWith("lambda$") ? method.substring("lambda$".length(), method.lastIndexOf('$')) : method);
            }
        }
        return "";
    }

    private static String method(final String frame) {
        return frame.substring(frame.lastIndexOf('.') + 1);
    }

    static void print(final Map<String, Tally> tallies, final String threads, final PrintStream out) {
        final long total = tallies.values().stream().mapToLong(tally -> tally.samples).sum();
        out.printf(Locale.ROOT, "%,d samples of threads %s*%n", total, threads);
        for (final Map.Entry<String, Tally> entry : tallies.entrySet()) {
            out.printf(Locale.ROOT, "%5.1f %%  %,7d  %s%n", 100.0 * entry.getValue().samples / Math.max(1, total), entry.getValue().samples, entry.getKey());
            entry.getValue().topMethods().forEach((method, samples) ->
                    out.printf(Locale.ROOT, "                  %5.1f %%  %s%n", 100.0 * samples / Math.max(1, total), method));
        }
    }

    private record Category(String name, Predicate<String> matches) {
    }

    /** The samples of one category and the methods on top of their stacks. */
    static final class Tally {
        private long samples;
        private final Map<String, Long> topFrames = new HashMap<>();

        void add(final String topFrame) {
            samples++;
            topFrames.merge(topFrame, 1L, Long::sum);
        }

        long samples() {
            return samples;
        }

        Map<String, Long> topMethods() {
            final Map<String, Long> top = new LinkedHashMap<>();
            topFrames.entrySet().stream().sorted((left, right) -> Long.compare(right.getValue(), left.getValue())).limit(TOP_METHODS)
                    .forEach(entry -> top.put(entry.getKey(), entry.getValue()));
            return top;
        }
    }
}
