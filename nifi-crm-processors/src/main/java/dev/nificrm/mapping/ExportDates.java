package dev.nificrm.mapping;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * How a CRM's UI export writes its dates, which only the operator knows: HubSpot's contact export writes {@code Create Date}
 * and {@code Last Modified Date} in the exporting user's date format and time zone ({@code 2024-03-07 14:05}, or
 * {@code 03/07/2024}), not as ISO-8601 UTC. A field with {@code "exportDates": true} is read in {@link #format()} first and
 * takes text without an offset as a time in {@link #zone()}; without a zone such text is not read as a timestamp (it goes to
 * invalid with the reason), never guessed as UTC.
 * <pre>{@code
 * ExportDates.of("dd/MM/yyyy HH:mm", "Europe/Amsterdam")   // 07/03/2024 14:05 is 2024-03-07T13:05:00Z
 * }</pre>
 *
 * @param format the format the export's dates are written in, or null for ISO-8601 only ({@code 2024-03-07 14:05})
 * @param zone   the zone of the export's local times, or null when not given
 */
public record ExportDates(TemporalFormat format, ZoneId zone) {
    /** Nothing given: ISO-8601 only, and a local time is not read. */
    public static final ExportDates NONE = new ExportDates(null, null);

    /**
     * The operator's settings.
     *
     * @param pattern a java.time pattern ({@code MM/dd/yyyy HH:mm}), or null or blank for none
     * @param zoneId  a time zone id ({@code America/New_York}, {@code UTC}, {@code +01:00}), or null or blank for none
     * @throws IllegalArgumentException naming what is wrong, when the pattern or the zone is not one
     */
    public static ExportDates of(final String pattern, final String zoneId) {
        return new ExportDates(format(pattern), zone(zoneId));
    }

    /**
     * The format of a pattern, or null for none.
     *
     * @throws IllegalArgumentException when it is no java.time pattern, or names no day
     */
    public static TemporalFormat format(final String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return null;
        }
        final TemporalFormat format;
        try {
            format = TemporalFormat.of(pattern.trim());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pattern.trim() + "' is not a java.time date pattern (" + e.getMessage()
                    + "); give one such as MM/dd/yyyy HH:mm or dd/MM/yyyy", e);
        }
        if (TemporalFormat.EPOCH_MILLIS.equals(format.getPattern())) {
            throw new IllegalArgumentException("an export writes dates as text, not epoch milliseconds; give a pattern such as MM/dd/yyyy HH:mm");
        }
        return format;
    }

    /**
     * The zone of an id, or null for none.
     *
     * @throws IllegalArgumentException when it is no time zone
     */
    public static ZoneId zone(final String zoneId) {
        if (zoneId == null || zoneId.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(zoneId.trim());
        } catch (final DateTimeException e) {
            throw new IllegalArgumentException("'" + zoneId.trim() + "' is not a time zone; give a region such as America/New_York or "
                    + "Europe/Amsterdam (which knows its summer time), or UTC", e);
        }
    }
}
