package dev.nificrm.reconcile;

import dev.nificrm.merge.SyncState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a target record's fields are compared with a snapshot without comparing spellings: names match when they agree
 * after lower-casing and dropping everything but letters and digits ({@code FirstName}, {@code first_name} and the
 * column {@code firstname} are one field, as PutDatabaseRecord translates them), and values when their canonical text
 * agrees, the one the three-way sync compares (trimmed; blank is null; {@code 42}, {@code 42.0} and {@code "42"} are one
 * number; dates in ISO-8601, date-times as one ISO-8601 spelling). Values are reported only as short checksums, never as
 * themselves: they are personal data.
 */
public final class FieldValues {
    private static final int CHECKSUM_BYTES = 4;
    private static final int DATE_LENGTH = "2024-03-01".length();
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long QUARTER_HOUR_MILLIS = HOUR_MILLIS / 4;
    /** A date's midnight at an offset above this (-10:00) and below the next is no other day's midnight at any offset. */
    private static final long UNAMBIGUOUS_FROM_MILLIS = -10 * HOUR_MILLIS;
    private static final long UNAMBIGUOUS_TO_MILLIS = 12 * HOUR_MILLIS;

    private FieldValues() {
    }

    /** The name fields are matched by, e.g. {@code firstname} for {@code First_Name}. */
    public static String normalizeName(final String name) {
        final StringBuilder normalized = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            final char character = name.charAt(i);
            if (Character.isLetterOrDigit(character)) {
                normalized.append(Character.toLowerCase(character));
            }
        }
        return normalized.toString();
    }

    /**
     * The canonical text of a value, or null for null and blank values: the text the sync compares and keeps in its
     * snapshots ({@link SyncState#canonical}), so a value the target writes its own way is the value the sync wrote
     * ({@code 12.50} = {@code 12.5}; Salesforce's {@code 2024-03-01T09:30:00.000+0000} = {@code 2024-03-01T09:30:00Z}; a
     * list is the JSON array of its elements).
     */
    public static String canonical(final Object value) {
        return SyncState.canonical(value);
    }

    /**
     * Whether a target's whole number is the expected date-time or date spelt as epoch milliseconds, as NiFi's
     * JsonRecordSetWriter writes a timestamp or date column when it is given no Timestamp or Date Format (ExecuteSQLRecord's
     * read of a table: {@code 1709285400000} for {@code 2024-03-01T09:30:00Z}). Only where the number cannot mean anything
     * else: the expected value is a date-time with an offset, kept as its UTC instant, whose milliseconds the number is
     * (a finer fraction of a second is lost in milliseconds), or a date whose midnight in some time zone it is. NiFi's
     * writers spell a date as its midnight in the time zone of the JVM that wrote it, which need not be this one: the
     * number is the date when it is its midnight in this JVM's zone, or at an offset of whole quarter hours greater than
     * -10:00 and less than +12:00 ({@code 488952000000} is {@code 1985-06-30} written in New York, {@code 488905200000} in
     * Tokyo). Offsets from -10:00 to -12:00 and from +12:00 to +14:00 are not taken but in this JVM's zone: the midnight
     * of a day at -10:00 (Hawaii) is the midnight of the next day at +14:00 (Kiribati), and at +12:00 (New Zealand) that of
     * the day before at -12:00; nor are the odd offsets zones had before they kept whole quarter hours (local mean time).
     * A date-time without an offset has no instant, and is not matched.
     *
     * @param expected a canonical value the sync kept, e.g. {@code 2024-03-01T09:30:00.250Z}
     * @param actual   the target's canonical value, e.g. {@code 1709285400250}
     */
    public static boolean sameInstantAsEpochMillis(final String expected, final String actual) {
        return sameInstantAsEpochMillis(expected, actual, ZoneId.systemDefault());
    }

    /**
     * {@link #sameInstantAsEpochMillis(String, String)} with the given zone as this JVM's.
     *
     * @param zone the zone whose midnight of a date is taken whatever its offset
     */
    static boolean sameInstantAsEpochMillis(final String expected, final String actual, final ZoneId zone) {
        if (expected == null || actual == null || !isWholeNumber(actual)) {
            return false;
        }
        final long millis;
        try {
            millis = Long.parseLong(actual);
        } catch (final NumberFormatException e) {
            return false;
        }
        try {
            if (expected.length() == DATE_LENGTH) {
                final LocalDate date = LocalDate.parse(expected);
                if (date.atStartOfDay(zone).toInstant().toEpochMilli() == millis) {
                    return true;
                }
                // the writer's offset: its midnight of the date is that much before midnight in UTC
                final long offset = Math.subtractExact(Math.multiplyExact(date.toEpochDay(), DAY_MILLIS), millis);
                return offset % QUARTER_HOUR_MILLIS == 0 && offset > UNAMBIGUOUS_FROM_MILLIS && offset < UNAMBIGUOUS_TO_MILLIS;
            }
            return expected.endsWith("Z") && Instant.parse(expected).truncatedTo(ChronoUnit.MILLIS).toEpochMilli() == millis;
        } catch (final DateTimeException | ArithmeticException e) {
            return false;
        }
    }

    private static boolean isWholeNumber(final String text) {
        final int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A short checksum of a canonical value (8 hex digits of its SHA-256), or {@code null} for a missing value. */
    public static String checksum(final String canonical) {
        if (canonical == null) {
            return null;
        }
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, CHECKSUM_BYTES).toLowerCase(Locale.ROOT);
        } catch (final NoSuchAlgorithmException e) {
            // every Java runtime must provide SHA-256
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
