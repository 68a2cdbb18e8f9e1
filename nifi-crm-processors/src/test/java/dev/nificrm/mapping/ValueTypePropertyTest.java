package dev.nificrm.mapping;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated, seeded checks of the usage page's promises on every target type, with values of every Java type a NiFi
 * reader hands over (text, Integer, Long, Short, Byte, BigInteger, BigDecimal, Double, Float, Boolean, java.sql.Date,
 * Time, Timestamp, java.time values, lists, maps, records, null):
 * <ul>
 *     <li>every record is mapped or invalid, never an exception, and a mapped value has its type's Java class;</li>
 *     <li>a reason names the target and never the value;</li>
 *     <li>a number maps as its text does: whether a reader typed a column as a number (a CSVReader inferring its schema
 *     reads 0.1 as a float) or as text changes nothing;</li>
 *     <li>a mapped value mapped again to its own type is itself, and its text read back is it too (a preset writing a
 *     timestamp as text and another reading it).</li>
 * </ul>
 */
class ValueTypePropertyTest {
    private static final int VALUES = 2_500;
    private static final RecordSchema SOURCE_SCHEMA = new SimpleRecordSchema(List.of(new RecordField("in", RecordFieldType.STRING.getDataType())));
    private static final Map<ValueType, MappingPlan> PLANS = plans();

    @Test
    void everyValueOfEveryReaderTypeIsMappedOrInvalidWithAReasonThatNamesTheTargetAndNotTheValue() {
        final Random random = new Random(47);
        for (int i = 0; i < VALUES; i++) {
            final Object value = anyValue(random);
            for (final ValueType type : ValueType.values()) {
                final MappingResult result;
                try {
                    result = PLANS.get(type).map(record(value));
                } catch (final RuntimeException e) {
                    throw new AssertionError(type.getKey() + " of " + describe(value) + " threw " + e, e);
                }
                if (result.errors().isEmpty()) {
                    final Object written = result.record().getValue("out");
                    if (value != null && written != null && !javaClassOf(type).isInstance(written)) {
                        fail(type.getKey() + " of " + describe(value) + " wrote a " + written.getClass().getName());
                    }
                } else {
                    assertEquals(1, result.errors().size(), describe(value));
                    final String reason = result.errors().getFirst();
                    // a list or an object is refused naming its source path, as the usage page shows
                    assertTrue(reason.startsWith("out: ") || reason.startsWith("/in holds "), reason);
                    final String text = ValueType.toText(value).trim();
                    if (text.length() >= 4 && !(value instanceof Object[])) {
                        assertTrue(!reason.contains(text), type.getKey() + " reason names the value: " + reason);
                    }
                }
            }
        }
    }

    @Test
    void aNumberMapsAsItsTextDoesWhateverTypeTheReaderGaveIt() {
        final Random random = new Random(4711);
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < VALUES; i++) {
            final Object number = anyNumber(random);
            final String text = textAsWritten(number);
            for (final ValueType type : List.of(ValueType.STRING, ValueType.INT, ValueType.LONG, ValueType.DOUBLE, ValueType.DECIMAL, ValueType.BOOLEAN)) {
                final Object fromNumber = outcome(type, number);
                final Object fromText = outcome(type, text);
                if (type == ValueType.STRING ? !sameNumberText(fromNumber, fromText) : !same(fromNumber, fromText)) {
                    failures.add(type.getKey() + " of " + describe(number) + " is " + fromNumber + ", of its text '" + text + "' " + fromText);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " differences, e.g. " + examples(failures));
    }

    @Test
    void aMappedValueIsItselfWhenMappedAgainAndWhenItsTextIsReadBack() {
        final Random random = new Random(99);
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < VALUES; i++) {
            final Object value = anyValue(random);
            for (final ValueType type : ValueType.values()) {
                final Object once = outcome(type, value);
                if (once == null || once instanceof Refused) {
                    continue;
                }
                final Object twice = outcome(type, once);
                if (!same(once, twice)) {
                    failures.add(type.getKey() + " of " + describe(value) + " is " + once + ", mapped again " + twice);
                }
                final Object fromText = outcome(type, ValueType.toText(once));
                if (!same(once, fromText)) {
                    failures.add(type.getKey() + " of " + describe(value) + " is " + once + ", its text '" + ValueType.toText(once) + "' read back " + fromText);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " differences, e.g. " + examples(failures));
    }

    @Test
    void aDateOrTimestampBeforeTheYearOneIsRefusedNotWrittenAsAnotherDay() {
        // java.sql.Date counts years of an era: 0000-01-01 (a placeholder some systems export) came back as 0001-01-01, and
        // -0001-06-01 as 0002-06-01
        assertEquals(new Refused("out: the value of /in is not a date a record can hold (before the year 1)"), outcome(ValueType.DATE, "0000-01-01"));
        assertEquals(new Refused("out: the value of /in is not a date a record can hold (before the year 1)"), outcome(ValueType.DATE, "-0001-06-01"));
        assertEquals(new Refused("out: the value of /in is not a timestamp a record can hold (before the year 1)"),
                outcome(ValueType.TIMESTAMP, "0000-06-01T10:00:00Z"));
        assertEquals(java.sql.Date.valueOf(LocalDate.of(1, 1, 1)), outcome(ValueType.DATE, "0001-01-01T00:00:00Z"));
        assertEquals("0001-01-01T00:00:00.000Z", outcome(ValueType.STRING, java.sql.Timestamp.from(Instant.parse("0001-01-01T00:00:00Z"))));
    }

    @Test
    void aWholeNumberTooLargeForItsTypeIsSaidToBeSoNotToBeFractional() {
        assertEquals(new Refused("out: the value of /in is outside the range of a long"), outcome(ValueType.LONG, "99999999999999999999"));
        assertEquals(new Refused("out: the value of /in is outside the range of an int"), outcome(ValueType.INT, "1e30"));
        assertEquals(new Refused("out: the value of /in is not a whole number"), outcome(ValueType.LONG, "12.5"));
        assertEquals(new BigDecimal("1000"), outcome(ValueType.DECIMAL, "1e3"));
        assertEquals("1000", ((BigDecimal) outcome(ValueType.DECIMAL, "1e3")).toString());
    }

    @Test
    void epochMillisecondsAReaderTypedAsADoubleOrDecimalAreATimestamp() {
        // a JsonTreeReader hands the JSON number 1705314600000.0 over as a double; before, only an Integer or Long was read
        final java.sql.Timestamp expected = java.sql.Timestamp.from(Instant.parse("2024-01-15T10:30:00Z"));
        assertEquals(expected, outcome(ValueType.TIMESTAMP, 1705314600000.0d));
        assertEquals(expected, outcome(ValueType.TIMESTAMP, new BigDecimal("1705314600000.000")));
        assertEquals(expected, outcome(ValueType.TIMESTAMP, BigInteger.valueOf(1705314600000L)));
        assertEquals(java.sql.Date.valueOf(LocalDate.of(2024, 1, 15)), outcome(ValueType.DATE, 1705314600000.0d));
        // a fraction names no millisecond, and a float holds 7 digits of it
        assertEquals(new Refused("out: the value of /in is not a timestamp"), outcome(ValueType.TIMESTAMP, 1705314600000.5d));
        assertEquals(new Refused("out: the value of /in is not a timestamp"), outcome(ValueType.TIMESTAMP, 1.70531462E12f));
    }

    /** The first difference of each kind (target type and Java type of the value). */
    private static String examples(final List<String> failures) {
        final Map<String, String> first = new java.util.LinkedHashMap<>();
        for (final String failure : failures) {
            final String[] words = failure.split(" ", 4);
            first.putIfAbsent(words[0] + " " + words[2], failure);
        }
        return String.join("\n", first.values());
    }

    /** The reason of a refused value, as an outcome to compare. */
    private record Refused(String reason) {
    }

    private static Object outcome(final ValueType type, final Object value) {
        final MappingResult result = PLANS.get(type).map(record(value));
        return result.errors().isEmpty() ? result.record().getValue("out") : new Refused(result.errors().getFirst());
    }

    /** A number written as text is the number its text was (2.0 may be written 2), without an exponent as a person writes it. */
    private static boolean sameNumberText(final Object fromNumber, final Object fromText) {
        return fromNumber instanceof String number && fromText instanceof String text && number.indexOf('E') < 0
                && new BigDecimal(number).compareTo(new BigDecimal(text)) == 0;
    }

    private static boolean same(final Object first, final Object second) {
        if (first instanceof Refused && second instanceof Refused) {
            return true;
        }
        if (first instanceof BigDecimal one && second instanceof BigDecimal other) {
            return one.compareTo(other) == 0;
        }
        if (first instanceof Double one && second instanceof Double other) {
            // -0.0 is written as the text 0
            return one.doubleValue() == other.doubleValue();
        }
        return first == null ? second == null : first.equals(second);
    }

    private static Class<?> javaClassOf(final ValueType type) {
        return switch (type) {
            case STRING -> String.class;
            case INT -> Integer.class;
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
            case DECIMAL -> BigDecimal.class;
            case BOOLEAN -> Boolean.class;
            case DATE -> java.sql.Date.class;
            case TIMESTAMP -> java.sql.Timestamp.class;
        };
    }

    /** The text a number had before a reader typed it: what a person typed, and what a reader that keeps text hands over. */
    private static String textAsWritten(final Object number) {
        if (number instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return number.toString();
    }

    private static Object anyNumber(final Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> random.nextInt(2001) - 1000;
            case 1 -> random.nextLong();
            case 2 -> (short) random.nextInt(100);
            case 3 -> new BigInteger(70, random).subtract(BigInteger.ONE.shiftLeft(69));
            case 4 -> BigDecimal.valueOf(random.nextInt(200_000) - 100_000, random.nextInt(5));
            case 5 -> Float.parseFloat(decimalText(random));
            case 6 -> Double.parseDouble(decimalText(random));
            case 7 -> random.nextBoolean() ? 0 : 1;
            default -> random.nextBoolean() ? Float.valueOf(random.nextInt(3)) : Double.valueOf(random.nextInt(3));
        };
    }

    /** A number as a person types one: up to seven digits, maybe a fraction, maybe tiny. */
    private static String decimalText(final Random random) {
        if (random.nextInt(10) == 0) {
            return "0.0000" + (1 + random.nextInt(99));
        }
        final StringBuilder text = new StringBuilder(random.nextInt(10) == 0 ? "-" : "");
        text.append(random.nextInt(random.nextBoolean() ? 100 : 10_000_000));
        if (random.nextBoolean()) {
            text.append('.').append(random.nextInt(100));
        }
        return text.toString();
    }

    private static Object anyValue(final Random random) {
        final Instant instant = Instant.ofEpochMilli(random.nextLong(-4_000_000_000_000L, 8_000_000_000_000L));
        return switch (random.nextInt(24)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> " \t";
            case 3 -> List.of("true", "no", "Y", "1", "0", "maybe", " FALSE ").get(random.nextInt(7));
            case 4 -> decimalText(random);
            case 5 -> List.of("NaN", "Infinity", "-Infinity", "1e400", "1,000", "12abc", "+42", " 42 ", "4.2e1", "9223372036854775808").get(random.nextInt(10));
            case 6, 7 -> anyNumber(random);
            case 8 -> List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN, -0.0d, Double.MAX_VALUE, Double.MIN_VALUE).get(random.nextInt(6));
            case 9 -> random.nextBoolean();
            case 10 -> java.sql.Date.valueOf(LocalDate.ofEpochDay(random.nextInt(-40_000, 80_000)));
            case 11 -> new java.sql.Timestamp(instant.toEpochMilli());
            case 12 -> java.sql.Time.valueOf(LocalTime.ofSecondOfDay(random.nextInt(86_400)));
            case 13 -> LocalDate.ofEpochDay(random.nextInt(-40_000, 80_000));
            case 14 -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            case 15 -> instant.atOffset(ZoneOffset.ofHours(random.nextInt(-12, 15)));
            case 16 -> ZonedDateTime.ofInstant(instant, ZoneOffset.ofHoursMinutes(5, 30));
            case 17 -> instant;
            case 18 -> temporalText(random, instant);
            case 19 -> List.of("2024-02-31", "2023-02-29", "2024-02-29", "2024-13-01", "10:30", "2024-01-15T25:00").get(random.nextInt(6));
            case 20 -> new Object[] {"a", 1};
            case 21 -> Map.of("k", "v");
            case 22 -> new MapRecord(SOURCE_SCHEMA, Map.of("in", "x"));
            default -> LocalTime.ofSecondOfDay(random.nextInt(86_400));
        };
    }

    private static String temporalText(final Random random, final Instant instant) {
        final OffsetDateTime dateTime = instant.atOffset(ZoneOffset.ofHours(random.nextInt(-12, 15)));
        return switch (random.nextInt(6)) {
            case 0 -> dateTime.toLocalDate().toString();
            case 1 -> dateTime.toString();
            case 2 -> dateTime.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).toString();
            case 3 -> String.valueOf(instant.toEpochMilli());
            case 4 -> dateTime.toLocalDate() + " " + dateTime.toLocalTime().truncatedTo(ChronoUnit.SECONDS);
            default -> dateTime.toString().replace(":00", "00");
        };
    }

    private static String describe(final Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + (value instanceof Object[] array ? List.of(array) : value);
    }

    private static Record record(final Object value) {
        final Map<String, Object> values = new java.util.HashMap<>();
        values.put("in", value);
        return new MapRecord(SOURCE_SCHEMA, values);
    }

    private static Map<ValueType, MappingPlan> plans() {
        final Map<ValueType, MappingPlan> plans = new EnumMap<>(ValueType.class);
        for (final ValueType type : ValueType.values()) {
            try {
                plans.put(type, MappingCompiler.compile(null, null,
                        SpecificationReader.read("{\"fields\": {\"out\": {\"from\": \"/in\", \"type\": \"" + type.getKey() + "\"}}}"),
                        null, UnmappedFieldPolicy.DROP, "crm_errors"));
            } catch (final MappingConfigurationException e) {
                throw new IllegalStateException(e);
            }
        }
        return plans;
    }
}
