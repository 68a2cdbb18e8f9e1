package dev.nificrm.mapping;

import dev.nificrm.record.TimesOfDay;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordFieldType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The type a target field is written as, and the conversion of any record value into it. Text is trimmed before it
 * is read as a number, boolean, date or timestamp. Dates and timestamps accept the record types NiFi readers produce
 * ({@code java.sql.Date}, {@code Timestamp}, java.time values), epoch milliseconds, and text in the given formats.
 */
public enum ValueType {
    STRING("string", RecordFieldType.STRING.getDataType()),
    INT("int", RecordFieldType.INT.getDataType()),
    LONG("long", RecordFieldType.LONG.getDataType()),
    DOUBLE("double", RecordFieldType.DOUBLE.getDataType()),
    DECIMAL("decimal", RecordFieldType.DECIMAL.getDecimalDataType(38, 10)),
    BOOLEAN("boolean", RecordFieldType.BOOLEAN.getDataType()),
    DATE("date", RecordFieldType.DATE.getDataType()),
    TIMESTAMP("timestamp", RecordFieldType.TIMESTAMP.getDataType());

    /** The first instant of the year 1 (UTC): earlier ones have no year of the common era, which records and formats count. */
    private static final Instant FIRST_INSTANT = LocalDate.of(1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /**
     * The last year a date or timestamp may have: a four-digit pattern writes the year 10000 as +10000 (01/01/+10000), which no
     * CRM reads, and no CRM's date field goes further (Dynamics 365's ends with 9999, Salesforce's with 4000).
     */
    private static final int LAST_YEAR = 9999;
    /** The first instant after the year 9999 (UTC), in which timestamps are written. */
    private static final Instant AFTER_LAST_YEAR = LocalDate.of(LAST_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /** The digits before the point of the written decimal type, decimal(38,10). */
    private static final int DECIMAL_INTEGER_DIGITS = 28;

    private final String key;
    private final DataType dataType;

    ValueType(final String key, final DataType dataType) {
        this.key = key;
        this.dataType = dataType;
    }

    public String getKey() {
        return key;
    }

    /** The record data type of a field of this type. */
    public DataType getDataType() {
        return dataType;
    }

    /** The type named by a specification ({@code "timestamp"}), case-insensitive. */
    public static Optional<ValueType> fromKey(final String key) {
        for (final ValueType type : values()) {
            if (type.key.equalsIgnoreCase(key)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The keys of all types, for explanations. */
    public static String keys() {
        final StringBuilder keys = new StringBuilder();
        for (final ValueType type : values()) {
            keys.append(keys.isEmpty() ? "" : ", ").append(type.key);
        }
        return keys.toString();
    }

    /**
     * Converts a non-null value to this type: a String, Integer, Long, Double, BigDecimal, Boolean,
     * {@code java.sql.Date} or {@code java.sql.Timestamp}.
     *
     * @param formats the formats text dates are read in (tried in order)
     * @throws ValueMappingException with a reason naming the type, never the value (it may be personal data)
     */
    Object convert(final Object value, final List<TemporalFormat> formats) throws ValueMappingException {
        return switch (this) {
            case STRING -> toText(value);
            case INT -> toInteger(value);
            case LONG -> toLong(value, "a long");
            case DOUBLE -> toDouble(value);
            case DECIMAL -> toWrittenDecimal(value);
            case BOOLEAN -> toBoolean(value);
            case DATE -> toSqlDate(toLocalDate(value, formats));
            case TIMESTAMP -> toSqlTimestamp(toInstant(value, formats));
        };
    }

    /**
     * A date a record can hold: its epoch milliseconds must fit a long, or java.sql.Date silently wraps around, and its year must
     * be 1 or later: java.sql.Date counts years of an era, so year 0 and earlier came back as other days (0000-01-01 as 0001-01-01).
     * A CRM takes years up to 9999.
     */
    private static java.sql.Date toSqlDate(final LocalDate date) throws ValueMappingException {
        if (date.getYear() < 1) {
            throw new ValueMappingException("is not a date a record can hold (before the year 1)");
        }
        if (date.getYear() > LAST_YEAR) {
            throw new ValueMappingException("is not a date a CRM takes (after the year " + LAST_YEAR + ")");
        }
        try {
            Math.multiplyExact(date.toEpochDay(), 86_400_000L);
        } catch (final ArithmeticException e) {
            throw new ValueMappingException("is not a date a record can hold (too far from 1970)");
        }
        return java.sql.Date.valueOf(date);
    }

    /**
     * A timestamp a record can hold: java.sql.Timestamp refuses instants whose epoch milliseconds overflow a long, and one before
     * the year 1 would be written as a year of the common era (the year 0 as 0001), as a date before it is refused. A CRM takes
     * years up to 9999, in UTC, in which timestamps are written.
     */
    private static java.sql.Timestamp toSqlTimestamp(final Instant instant) throws ValueMappingException {
        if (instant.isBefore(FIRST_INSTANT)) {
            throw new ValueMappingException("is not a timestamp a record can hold (before the year 1)");
        }
        if (!instant.isBefore(AFTER_LAST_YEAR)) {
            throw new ValueMappingException("is not a timestamp a CRM takes (after the year " + LAST_YEAR + ")");
        }
        try {
            return java.sql.Timestamp.from(instant);
        } catch (final IllegalArgumentException e) {
            throw new ValueMappingException("is not a timestamp a record can hold (too far from 1970)");
        }
    }

    /** The text form of a value: dates as ISO-8601, timestamps as ISO-8601 UTC, decimals without exponent. */
    static String toText(final Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time time) {
            return TimesOfDay.text(time);
        }
        if (value instanceof LocalTime time) {
            return TimesOfDay.text(time);
        }
        if (value instanceof Date || value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
            return TemporalFormat.ISO_FORMAT.format(toInstantOrNull(value));
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            // the digits the reader read (a float's 0.1, not its double 0.10000000149011612), plain as a person writes them (0.000092,
            // not 9.2E-5), a whole number without its .0
            final Number number = (Number) value;
            return Double.isFinite(number.doubleValue()) ? exactDecimal(number).toPlainString() : String.valueOf(value);
        }
        return String.valueOf(value);
    }

    /**
     * A decimal the field's type, decimal(38,10), holds and every writer writes plainly: text with an exponent (1e3) keeps no
     * negative scale, which a CSV writer wrote as 1E+3, and a number below 1e-6 is written without the exponent BigDecimal's text
     * gives it (1E-7); more than 28 digits before the point do not fit, and an Avro writer sent the whole FlowFile to failure for
     * one such value.
     */
    private static BigDecimal toWrittenDecimal(final Object value) throws ValueMappingException {
        final BigDecimal decimal = toDecimal(value);
        if (decimal.precision() - decimal.scale() > DECIMAL_INTEGER_DIGITS) {
            throw new ValueMappingException("is outside the range of a decimal (more than " + DECIMAL_INTEGER_DIGITS + " digits before the point)");
        }
        return PlainDecimal.of(decimal.scale() < 0 ? decimal.setScale(0) : decimal);
    }

    private static Integer toInteger(final Object value) throws ValueMappingException {
        final long number = toLong(value, "an int");
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new ValueMappingException("is outside the range of an int");
        }
        return (int) number;
    }

    /** @param typeName the written type, for a whole number too large for a long: {@code a long}, {@code an int} */
    private static Long toLong(final Object value, final String typeName) throws ValueMappingException {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        final BigDecimal decimal = toDecimal(value);
        try {
            return decimal.longValueExact();
        } catch (final ArithmeticException e) {
            // 99999999999999999999 is a whole number, only too large
            throw new ValueMappingException(decimal.signum() == 0 || decimal.stripTrailingZeros().scale() > 0 ? "is not a whole number" : "is outside the range of " + typeName);
        }
    }

    private static Double toDouble(final Object value) throws ValueMappingException {
        final double number;
        if (value instanceof Float given) {
            // the float's digits (0.1), not its double (0.10000000149011612)
            number = Float.isFinite(given) ? exactDecimal(given).doubleValue() : Double.NaN;
        } else if (value instanceof Number given) {
            number = given.doubleValue();
        } else {
            try {
                number = Double.parseDouble(toText(value).trim());
            } catch (final NumberFormatException e) {
                throw new ValueMappingException("is not a number");
            }
        }
        // NaN, Infinity and 1e400 (read as infinity) are no number a target field or a Record Writer accepts
        if (!Double.isFinite(number)) {
            throw new ValueMappingException("is not a number");
        }
        return number;
    }

    private static BigDecimal toDecimal(final Object value) throws ValueMappingException {
        if (value instanceof Number number) {
            if ((number instanceof Double || number instanceof Float) && !Double.isFinite(number.doubleValue())) {
                // a JSON 1e400 is read as infinity: BigDecimal.valueOf would throw NumberFormatException
                throw new ValueMappingException("is not a number");
            }
            return exactDecimal(number);
        }
        try {
            return new BigDecimal(toText(value).trim());
        } catch (final NumberFormatException e) {
            throw new ValueMappingException("is not a number");
        }
    }

    /**
     * The decimal a number was read from: a decimal or whole number as it is, a float's own shortest digits (0.1f is 0.1, where
     * its double is 0.10000000149011612: a CSVReader inferring its schema reads 0.1 as a float), a double's likewise. Finite
     * numbers only.
     */
    private static BigDecimal exactDecimal(final Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return BigDecimal.valueOf(number.longValue());
        }
        // a floating-point number keeps no trailing zeros, which its text (Double.toString's 1.0E-7, 2.0) adds
        final BigDecimal digits = (number instanceof Float single ? new BigDecimal(Float.toString(single)) : BigDecimal.valueOf(number.doubleValue()))
                .stripTrailingZeros();
        return digits.scale() < 0 ? digits.setScale(0) : digits;
    }

    private static Boolean toBoolean(final Object value) throws ValueMappingException {
        if (value instanceof Boolean bool) {
            return bool;
        }
        final String text = toText(value).trim();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1" -> {
                return Boolean.TRUE;
            }
            case "false", "f", "no", "n", "0" -> {
                return Boolean.FALSE;
            }
            default -> {
                // a number is a boolean as its text is: 1 or 0 (a reader's 1.0 too), never 2 or -70 as true
                final BigDecimal number = value instanceof Number || text.indexOf('.') > 0 ? numberOrNull(text) : null;
                if (number != null && number.signum() == 0) {
                    return Boolean.FALSE;
                }
                if (number != null && number.compareTo(BigDecimal.ONE) == 0) {
                    return Boolean.TRUE;
                }
                throw new ValueMappingException("is not a boolean (true/false, yes/no, 1/0)");
            }
        }
    }

    private static BigDecimal numberOrNull(final String text) {
        try {
            return new BigDecimal(text);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /** Reads any date-like value as a date. */
    static LocalDate toLocalDate(final Object value, final List<TemporalFormat> formats) throws ValueMappingException {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toLocalDate();
        }
        if (value instanceof String text) {
            return parse(text, formats, TemporalFormat::parseDate, "date");
        }
        if (value instanceof java.sql.Time || value instanceof LocalTime) {
            throw new ValueMappingException("is a time of day, not a date");
        }
        return LocalDate.ofInstant(toInstant(value, formats), ZoneOffset.UTC);
    }

    /** Reads any date-like value as an instant. */
    static Instant toInstant(final Object value, final List<TemporalFormat> formats) throws ValueMappingException {
        if (value instanceof String text) {
            return parse(text, formats, TemporalFormat::parseInstant, "timestamp");
        }
        if (value instanceof java.sql.Time || value instanceof LocalTime) {
            // a field typed as a time of day (a database TIME column) names no day
            throw new ValueMappingException("is a time of day, not a timestamp");
        }
        final Instant instant = toInstantOrNull(value);
        if (instant == null) {
            throw new ValueMappingException("is not a timestamp");
        }
        return instant;
    }

    private static <T> T parse(final String text, final List<TemporalFormat> formats, final BiFunction<TemporalFormat, String, T> parser,
                               final String kind) throws ValueMappingException {
        final String trimmed = text.trim();
        for (final TemporalFormat format : formats) {
            final T parsed = parser.apply(format, trimmed);
            if (parsed != null) {
                return parsed;
            }
        }
        if ("timestamp".equals(kind)) {
            for (final TemporalFormat format : formats) {
                if (format.lacksZone(trimmed)) {
                    // an export's local time: which instant it is depends on a zone nobody gave, so it is not guessed
                    throw new ValueMappingException("is a local time without an offset, and the time zone it was written in is not given "
                            + "(Export Time Zone)");
                }
            }
        }
        throw new ValueMappingException("is not a " + kind + " in any of the formats " + formats);
    }

    private static Instant toInstantOrNull(final Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.toInstant();
        }
        if (value instanceof ZonedDateTime dateTime) {
            return dateTime.toInstant();
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Instant.ofEpochMilli(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof BigDecimal || value instanceof BigInteger) {
            // epoch milliseconds a reader typed as a double or decimal (the JSON number 1705314600000.0); a float is no such number,
            // it holds 7 digits (1705314615296 for every millisecond within about a minute), and a fraction names no millisecond
            final Number number = (Number) value;
            if (number instanceof Double && !Double.isFinite(number.doubleValue())) {
                return null;
            }
            try {
                return Instant.ofEpochMilli(exactDecimal(number).longValueExact());
            } catch (final ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
