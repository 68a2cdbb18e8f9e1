package dev.nificrm.progress;

import java.time.Duration;

/** Short human durations for progress lines: {@code 9 s}, {@code 4 min 05 s}, {@code 2 h 07 min}. */
final class Durations {
    private Durations() {
    }

    static String describe(final Duration duration) {
        final long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format("%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format("%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
