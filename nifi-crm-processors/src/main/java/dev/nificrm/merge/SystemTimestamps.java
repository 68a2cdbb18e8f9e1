package dev.nificrm.merge;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How each system's times written as text are read, when one flow sees the records of CRMs that write them differently:
 * Zoho's {@code MM/dd/yyyy HH:mm:ss} in its user's zone against Dynamics 365's {@code yyyy-MM-dd HH:mm:ss} in another.
 * A system listed reads its times in its own pattern and zone; any other system, and a record of no known system, as the
 * default says. System names are compared ignoring case, as the sync compares them.
 * <pre>{@code
 * SystemTimestamps times = SystemTimestamps.of(null, ZoneOffset.UTC,
 *         SystemTimestamps.entries("zoho=MM/dd/yyyy HH:mm:ss\ndynamics=yyyy-MM-dd HH:mm:ss"),
 *         Map.of("zoho", ZoneId.of("Europe/Berlin"), "dynamics", ZoneId.of("America/New_York")));
 * times.of("Dynamics").toEpochMillis("2024-03-01 06:00:00")  // 2024-03-01T11:00:00Z
 * times.of("salesforce").toEpochMillis("2024-03-01T11:00:00Z")  // ISO-8601, as the default reads it
 * }</pre>
 */
public final class SystemTimestamps {
    private final TimestampText defaultText;
    private final Map<String, TimestampText> bySystem;

    private SystemTimestamps(final TimestampText defaultText, final Map<String, TimestampText> bySystem) {
        this.defaultText = defaultText;
        this.bySystem = bySystem;
    }

    /** Every system read as {@code defaultText} says. */
    public static SystemTimestamps only(final TimestampText defaultText) {
        return new SystemTimestamps(defaultText, Map.of());
    }

    /**
     * Each system listed in {@code patterns} or {@code zones} read in its own pattern (else the default pattern) and its own
     * zone (else the default zone); every other system as the default pattern and zone say.
     *
     * @param defaultPattern the pattern of systems not listed, or null or blank for ISO-8601 only
     * @param defaultZone    the zone of systems whose zone is not listed
     * @param patterns       java.time patterns by system, as {@link #entries} reads them
     * @param zones          zones by system
     * @throws IllegalArgumentException when a pattern is not a java.time pattern reading a day, or a system's zone has no
     *                                  pattern to read times in (neither its own nor the default), the message naming the system
     */
    public static SystemTimestamps of(final String defaultPattern, final ZoneId defaultZone, final Map<String, String> patterns,
                                      final Map<String, ZoneId> zones) {
        final Map<String, TimestampText> bySystem = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Set<String> systems = new LinkedHashSet<>(patterns.keySet());
        systems.addAll(zones.keySet());
        for (final String system : systems) {
            final String pattern = patterns.containsKey(system) ? patterns.get(system) : defaultPattern;
            if (zones.containsKey(system) && (pattern == null || pattern.isBlank())) {
                throw new IllegalArgumentException(system + " has a time zone but no format whose times it is the zone of (ISO-8601 "
                        + "carries its own offset): give " + system + " a format, e.g. " + system + "=yyyy-MM-dd HH:mm:ss");
            }
            try {
                bySystem.put(system, TimestampText.of(pattern, zones.getOrDefault(system, defaultZone)));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(system + ": " + e.getMessage(), e);
            }
        }
        return new SystemTimestamps(TimestampText.of(defaultPattern, defaultZone), Collections.unmodifiableMap(bySystem));
    }

    /**
     * The entries of a list of {@code system=value}, one a line or separated by semicolons, e.g.
     * {@code zoho=MM/dd/yyyy HH:mm:ss}; blank lines are skipped and each side is stripped. Keys keep their case and are
     * compared ignoring it.
     *
     * @throws IllegalArgumentException when an entry has no {@code =}, no system or no value, or a system is listed twice
     */
    public static Map<String, String> entries(final String text) {
        final Map<String, String> entries = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (text == null) {
            return entries;
        }
        for (final String line : text.split("[\\n;]")) {
            if (line.isBlank()) {
                continue;
            }
            final int equals = line.indexOf('=');
            final String system = equals < 0 ? "" : line.substring(0, equals).strip();
            final String value = equals < 0 ? "" : line.substring(equals + 1).strip();
            if (system.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("'" + line.strip() + "' is not system=value: give one system a line, e.g. "
                        + "zoho=MM/dd/yyyy HH:mm:ss or zoho=Europe/Berlin");
            }
            if (entries.putIfAbsent(system, value) != null) {
                throw new IllegalArgumentException(system + " is listed twice: give each system one entry");
            }
        }
        return entries;
    }

    /** How the system's times written as text are read: its own way when it is listed, else the default. */
    public TimestampText of(final String system) {
        if (system == null || bySystem.isEmpty()) {
            return defaultText;
        }
        final TimestampText own = bySystem.get(system);
        return own == null ? defaultText : own;
    }

    /**
     * The value as epoch milliseconds, read as the system writes its times ({@link TimestampText#toEpochMillis}), or
     * {@link Timestamps#NONE} when it is empty.
     *
     * @param system the system the value comes from, or null when unknown
     * @throws IllegalArgumentException when the value is no time; the message names the system and how its times are read
     *                                  (the pattern), never the value: {@code not a zoho timestamp: not a date or ISO-8601
     *                                  timestamp (e.g. 2024-03-01T09:30:00Z), nor in the format MM/dd/yyyy HH:mm:ss}
     */
    public long toEpochMillis(final String system, final Object value) {
        try {
            return of(system).toEpochMillis(value);
        } catch (final IllegalArgumentException e) {
            if (system == null) {
                throw e;
            }
            throw new IllegalArgumentException("not a " + system + " timestamp: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return bySystem.isEmpty() ? defaultText.toString() : bySystem + ", else " + defaultText;
    }
}
