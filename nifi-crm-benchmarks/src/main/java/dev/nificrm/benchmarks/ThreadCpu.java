package dev.nificrm.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * The CPU time of this process's threads by kind, read from Linux's {@code /proc/self/task/<id>/stat} (user and system
 * time in clock ticks): the collector's and the JIT compiler's threads too, which the JVM's thread beans do not show.
 * Threads are grouped by name as the kernel keeps it (its first 15 characters), digits taken out: {@code GC Thread#0}
 * and {@code GC Thread#1} are one group, {@code GC Thread##}. A thread that ends between two readings is not counted.
 * Elsewhere than on Linux it reads nothing.
 */
final class ThreadCpu {
    /** Linux's clock tick for {@code /proc} times: 100 per second on every common kernel configuration. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Fields of a {@code stat} file, counted from the one after the name (the state, 0). */
    private static final int MINOR_FAULTS = 7;
    private static final int MAJOR_FAULTS = 9;
    private static final int UTIME = 11;
    private static final int STIME = 12;
    /** The titles of PostgreSQL's own processes, told apart from its backends. */
    private static final List<String> SERVER_KINDS = List.of("autovacuum worker", "autovacuum launcher", "checkpointer", "background writer",
            "walwriter", "logical replication launcher", "archiver");

    private ThreadCpu() {
    }

    /** Per thread group, its threads' CPU ticks now. */
    static Map<String, Long> read() {
        return readTasks(TASKS, UTIME, STIME);
    }

    /**
     * Per thread group, its threads' page faults now (minor and major: a minor one maps a page the kernel holds, a major
     * one waits for the disk). Faults of a mapped file cost the faulting thread system CPU, so they tell store threads
     * slowed by the key index's mapped files from threads slowed by their own code.
     */
    static Map<String, Long> readFaults() {
        return readTasks(TASKS, MINOR_FAULTS, MAJOR_FAULTS);
    }

    /**
     * Per kind of process, the CPU ticks now of a server process and its children (the PostgreSQL server's backends,
     * autovacuum workers, checkpointer, WAL writer...), the kind read from the title the server gives each process
     * ({@code postgres: autovacuum worker mydb} is "autovacuum worker"; a backend's {@code postgres: user db 127.0.0.1(4242)
     * idle} is "backends"; the server process itself "postmaster", a child of another title "other"). Empty elsewhere than
     * on Linux.
     */
    static Map<String, Long> readServer(final long serverPid) {
        final Map<String, Long> ticks = new HashMap<>();
        final Path processes = Path.of("/proc");
        if (!Files.isDirectory(processes)) {
            return ticks;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(processes, entry -> DIGITS.matcher(entry.getFileName().toString()).matches())) {
            for (final Path process : entries) {
                final String[] fields = fieldsAfterName(process.resolve("stat"));
                // after the name, the parent's pid is field 1
                if (fields == null || fields.length <= STIME
                        || Long.parseLong(fields[1]) != serverPid && !process.getFileName().toString().equals(Long.toString(serverPid))) {
                    continue;
                }
                final String kind = Long.parseLong(fields[1]) == serverPid ? serverProcessKind(process) : "postmaster";
                ticks.merge(kind, Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]), Long::sum);
            }
        } catch (final IOException e) {
            return Map.of();
        }
        return ticks;
    }

    private static String serverProcessKind(final Path process) {
        final String title;
        try {
            title = Files.readString(process.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (final IOException ended) {
            return "ended";
        }
        if (!title.startsWith("postgres: ")) {
            return "other";
        }
        final String kind = title.substring("postgres: ".length());
        for (final String known : SERVER_KINDS) {
            if (kind.startsWith(known)) {
                return known;
            }
        }
        return "backends";
    }

    private static Map<String, Long> readTasks(final Path tasksDirectory, final int first, final int second) {
        final Map<String, Long> counts = new HashMap<>();
        if (!Files.isDirectory(tasksDirectory)) {
            return counts;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(tasksDirectory)) {
            for (final Path task : tasks) {
                final String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
                } catch (final IOException ended) {
                    continue;
                }
                // "<id> (<name>) <state> ...": the name may hold spaces and parentheses, the fields after it do not
                final int open = stat.indexOf('(');
                final int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                final String[] fields = stat.substring(close + 2).split(" ");
                if (fields.length > Math.max(first, second)) {
                    final String group = DIGITS.matcher(stat.substring(open + 1, close)).replaceAll("#");
                    counts.merge(group, Long.parseLong(fields[first]) + Long.parseLong(fields[second]), Long::sum);
                }
            }
        } catch (final IOException e) {
            return Map.of();
        }
        return counts;
    }

    /** The fields of a {@code stat} file after the process's name, or null when the process ended. */
    private static String[] fieldsAfterName(final Path stat) {
        final String text;
        try {
            text = Files.readString(stat, StandardCharsets.UTF_8);
        } catch (final IOException ended) {
            return null;
        }
        final int close = text.lastIndexOf(')');
        return close < 0 ? null : text.substring(close + 2).split(" ");
    }

    /** The groups' counts between two readings, per batch, largest first, with the groups under 1 % of them together. */
    static String describeCounts(final Map<String, Long> before, final Map<String, Long> after, final int batches) {
        final String text = describe(before, after, count -> String.format(Locale.ROOT, "%,d", count / batches));
        return text.isEmpty() ? "none" : text;
    }

    private static List<Map.Entry<String, Long>> differences(final Map<String, Long> before, final Map<String, Long> after) {
        final List<Map.Entry<String, Long>> used = new ArrayList<>();
        for (final Map.Entry<String, Long> group : after.entrySet()) {
            final long count = group.getValue() - before.getOrDefault(group.getKey(), 0L);
            if (count > 0) {
                used.add(Map.entry(group.getKey(), count));
            }
        }
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return used;
    }

    /** The groups' CPU between two readings, per batch, largest first, with the groups under 1 % of it together. */
    static String describe(final Map<String, Long> before, final Map<String, Long> after, final int batches) {
        final String text = describe(before, after, ticks -> String.format(Locale.ROOT, "%.3f s", ticks / TICKS_PER_SECOND / batches));
        return text.isEmpty() ? "no per-thread CPU (not Linux)" : text;
    }

    private static String describe(final Map<String, Long> before, final Map<String, Long> after, final LongFunction<String> format) {
        final List<Map.Entry<String, Long>> used = differences(before, after);
        final long total = used.stream().mapToLong(Map.Entry::getValue).sum();
        final StringBuilder text = new StringBuilder();
        long rest = 0;
        for (final Map.Entry<String, Long> group : used) {
            if (group.getValue() * 100 < total) {
                rest += group.getValue();
            } else {
                text.append(text.isEmpty() ? "" : ", ").append(group.getKey()).append(' ').append(format.apply(group.getValue()));
            }
        }
        if (rest > 0) {
            text.append(", others ").append(format.apply(rest));
        }
        return text.toString();
    }
}
