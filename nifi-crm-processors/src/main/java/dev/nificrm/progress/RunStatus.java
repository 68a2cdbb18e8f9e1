package dev.nificrm.progress;

import java.util.Locale;

/** Whether records of a run are still arriving. */
public enum RunStatus {
    /** Records arrived recently and the total, when known, is not reached. */
    RUNNING,
    /** The total was reached, or no record arrived for the idle timeout; a summary was emitted. */
    FINISHED;

    /** The lower-case name used in records, attributes and state, e.g. {@code running}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RunStatus fromKey(final String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
