package dev.nificrm.reconcile;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a target record's fields are compared with a snapshot without comparing spellings: names match when they agree
 * after lower-casing and dropping everything but letters and digits ({@code FirstName}, {@code first_name} and the
 * column {@code firstname} are one field, as PutDatabaseRecord translates them), and values when their canonical text
 * agrees (trimmed; blank is null; {@code 42}, {@code 42.0} and {@code "42"} are one number; dates and timestamps in
 * ISO-8601). Values are reported only as short checksums, never as themselves: they are personal data.
 */
public final class FieldValues {
    private static final int CHECKSUM_BYTES = 4;

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

    /** The canonical text of a value, or null for null and blank values. */
    public static String canonical(final Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof final Number number) {
            try {
                return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            } catch (final NumberFormatException e) {
                return number.toString();
            }
        }
        if (value instanceof final Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof final java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof final TemporalAccessor temporal) {
            return temporal.toString();
        }
        final String text = value.toString().trim();
        if (text.isEmpty()) {
            return null;
        }
        if (looksNumeric(text)) {
            try {
                return new BigDecimal(text).stripTrailingZeros().toPlainString();
            } catch (final NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    /** Digits with at most one point and a leading minus; not a phone number (+1...), a postcode with a leading zero, or an id. */
    private static boolean looksNumeric(final String text) {
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == text.length() || (text.charAt(start) == '0' && text.length() > start + 1 && text.charAt(start + 1) != '.')) {
            return false;
        }
        boolean point = false;
        for (; start < text.length(); start++) {
            final char character = text.charAt(start);
            if (character == '.' && !point) {
                point = true;
            } else if (character < '0' || character > '9') {
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
