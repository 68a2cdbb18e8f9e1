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

    private ThreadCpu() {
    }

    /** Per thread group, its threads' CPU ticks now. */
    static Map<String, Long> read() {
        final Map<String, Long> ticks = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return ticks;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
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
                // after the name: state is field 0, utime field 11, stime field 12
                if (fields.length > 12) {
                    final String group = DIGITS.matcher(stat.substring(open + 1, close)).replaceAll("#");
                    ticks.merge(group, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                }
            }
        } catch (final IOException e) {
            return Map.of();
        }
        return ticks;
    }

    /** The groups' CPU between two readings, per batch, largest first, with the groups under 1 % of it together. */
    static String describe(final Map<String, Long> before, final Map<String, Long> after, final int batches) {
        final List<Map.Entry<String, Long>> used = new ArrayList<>();
        long total = 0;
        for (final Map.Entry<String, Long> group : after.entrySet()) {
            final long ticks = group.getValue() - before.getOrDefault(group.getKey(), 0L);
            if (ticks > 0) {
                used.add(Map.entry(group.getKey(), ticks));
                total += ticks;
            }
        }
        if (total == 0) {
            return "no per-thread CPU (not Linux)";
        }
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        final StringBuilder text = new StringBuilder();
        long rest = 0;
        for (final Map.Entry<String, Long> group : used) {
            if (group.getValue() * 100 < total) {
                rest += group.getValue();
            } else {
                text.append(text.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f s", group.getKey(),
                        group.getValue() / TICKS_PER_SECOND / batches));
            }
        }
        if (rest > 0) {
            text.append(String.format(Locale.ROOT, ", others %.3f s", rest / TICKS_PER_SECOND / batches));
        }
        return text.toString();
    }
}
