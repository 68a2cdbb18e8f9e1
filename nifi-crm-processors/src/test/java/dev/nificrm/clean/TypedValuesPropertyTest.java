package dev.nificrm.clean;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Generated, seeded: a whole number in a field of a role that reads numbers (phone, postal code, date, birth date,
 * country) is cleaned the same whatever Java type the reader handed it over as, String, Integer, Long, BigInteger,
 * BigDecimal, Double, the text of the double as Java writes it (what a reader with a schema of strings makes of a JSON
 * double: {@code 276.0} in a country field is Germany, as the double 276.0 is), or a Float that holds every digit: the same value and the same reasons. A float of
 * 8 or more digits and a double whose digits a spreadsheet lost are rejected with their own reasons (the page's
 * exceptions) and not compared; a rejected phone or postal code a reader typed has the same reason, which then says
 * what leading zeros the reader may have dropped, and one kept as text is rejected only where the text with those zeros
 * is kept as another value (a Brazilian {@code 10115} may be the CEP {@code 00010115}), which for a postal code only a
 * country whose codes all have one length, some from 0, says: elsewhere, and without a country, it is cleaned as its text.
 */
class TypedValuesPropertyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    // Argentina's and Colombia's postal codes have no format the rule knows, and a record without a country has none of its own
    private static final String[] COUNTRIES = {"US", "DE", "AU", "BR", "GB", "FR", "CA", "JP", "NO", "IT", "AR", "CO", null};
    private static final Pattern ANOTHER_VALUE_WITH_ZEROS = Pattern.compile("rejected: \\w+: the Record Reader read it as the number \\d+, which drops "
            + "leading zeros, and with (?:a leading 0|(\\d) leading zeros) it is another (?:phone number|postal code) \\((.+)\\): which one the "
            + "source wrote is unknown, read the column as text \\(in CSVReader, [^)]+\\)");
    private static final Pattern LEADING_ZEROS_LOST = Pattern.compile(": the Record Reader read it as the number \\d+, which drops leading zeros"
            + "(?:, and with (?:a leading 0|\\d leading zeros) it would be read:|: to clean it as the source wrote it,) read the column as text "
            + "\\(in CSVReader, [^)]+\\)");

    @Test
    void aNumberIsCleanedTheSameWhateverTypeTheReaderGaveIt() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final Random random = new Random(11);
        final Map<String, List<String>> failures = new LinkedHashMap<>();
        int compared = 0;
        for (int i = 0; i < 3_000; i++) {
            final String field = List.of("Phone", "Zip", "CreatedDate", "Birthdate", "Country").get(random.nextInt(5));
            final String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            final long number = number(field, random);
            // a reader's number in a country field is the ISO code whose leading zeros it dropped (36 is 036, AU); text keeps them
            final String text = field.equals("Country") ? String.format(Locale.ROOT, "%03d", number) : Long.toString(number);
            final String expected = cleaned(cleaner, field, country, text, RecordFieldType.STRING.getDataType());
            final Map<String, Object> typed = new LinkedHashMap<>();
            if (number <= Integer.MAX_VALUE) {
                typed.put("Integer", (int) number);
            }
            typed.put("Long", number);
            typed.put("BigInteger", BigInteger.valueOf(number));
            typed.put("BigDecimal", BigDecimal.valueOf(number));
            typed.put("BigDecimal with a scale", new BigDecimal(number + ".00"));
            final BigDecimal stripped = BigDecimal.valueOf(number).stripTrailingZeros();
            final boolean spreadsheetDisplay = stripped.precision() - stripped.scale() >= 12 && stripped.precision() <= 6;
            if (!spreadsheetDisplay) {
                typed.put("Double", (double) number);
                // what a reader with a schema of strings makes of a JSON double (276.0), a country's code too
                typed.put("text of a Double", Double.toString(number));
            }
            if (number < 10_000_000) {
                typed.put("Float", (float) number);
            }
            for (final Map.Entry<String, Object> entry : typed.entrySet()) {
                compared++;
                final DataType type = switch (entry.getValue()) {
                    case Integer value -> RecordFieldType.INT.getDataType();
                    case Long value -> RecordFieldType.LONG.getDataType();
                    case BigInteger value -> RecordFieldType.BIGINT.getDataType();
                    case BigDecimal value -> RecordFieldType.DECIMAL.getDecimalDataType(value.precision(), Math.max(0, value.scale()));
                    case Double value -> RecordFieldType.DOUBLE.getDataType();
                    case Float value -> RecordFieldType.FLOAT.getDataType();
                    default -> RecordFieldType.STRING.getDataType();
                };
                // a rejected phone or postal code the reader typed says, whatever the reason, the number it read and what zeros it may
                // have dropped: the reason is the same before that
                final String typedResult = cleaned(cleaner, field, country, entry.getValue(), type);
                if ((field.equals("Phone") || field.equals("Zip")) && entry.getValue() instanceof Number && typedResult.startsWith("rejected: ")
                        && !typedResult.contains("the Record Reader read it as the number " + text + ", which drops leading zeros")) {
                    final List<String> examples = failures.computeIfAbsent(field + " as " + entry.getKey() + " without the number read",
                            key -> new ArrayList<>());
                    if (examples.size() < 5) {
                        examples.add(number + " in " + country + ": " + typedResult);
                    }
                }
                final String actual = LEADING_ZEROS_LOST.matcher(typedResult).replaceAll("");
                if (!Objects.equals(expected, actual) && !isAnotherValueWithZeros(cleaner, field, country, text, expected, actual)) {
                    final List<String> examples = failures.computeIfAbsent(field + " as " + entry.getKey(), key -> new ArrayList<>());
                    if (examples.size() < 5) {
                        examples.add(number + " in " + country + ": " + actual + ", as text " + expected);
                    }
                }
            }
        }
        assertEquals(true, compared > 15_000, "compared " + compared);
        assertEquals(Map.of(), failures);
    }

    /**
     * Whether the typed number was rejected as one that with the leading zeros a reader drops is another value, which it
     * is: the text is kept, and the text with those zeros is kept as the other value the reason names.
     */
    private static boolean isAnotherValueWithZeros(final RecordCleaner cleaner, final String field, final String country, final String text,
                                                   final String expected, final String actual) {
        final Matcher matcher = ANOTHER_VALUE_WITH_ZEROS.matcher(actual);
        // a postal code only of a country all of whose codes have one length, some from 0: elsewhere nothing says a zero was lost
        final boolean zerosMatter = field.equals("Phone") || PostalCodeRule.digitsOfEveryCode(country) > 0;
        if (!zerosMatter || !matcher.matches() || expected.startsWith("rejected: ")) {
            return false;
        }
        final int zeros = matcher.group(1) == null ? 1 : Integer.parseInt(matcher.group(1));
        final String withZeros = cleaned(cleaner, field, country, "0".repeat(zeros) + text, RecordFieldType.STRING.getDataType());
        return withZeros.equals(matcher.group(2).toLowerCase(Locale.ROOT)) && !withZeros.equals(expected);
    }

    /** A number of the kinds each field holds: phones of 7-12 digits, postal codes of 3-9, epoch seconds and milliseconds, yyyyMMdd, ISO numeric codes. */
    private static long number(final String field, final Random random) {
        return switch (field) {
            case "Phone" -> {
                final long[] starts = {2_000_000_000L, 12_000_000_000L, 300_000_000L, 20_000_000L, 400_000_000_000L};
                final long start = starts[random.nextInt(starts.length)];
                yield start + (long) (random.nextDouble() * start * 3.5);
            }
            case "Zip" -> List.of(601L, 2134L, 10115L, 21341234L, 123456789L, 88010000L, 800L, 75008L).get(random.nextInt(8))
                    + (random.nextBoolean() ? 0 : random.nextInt(90));
            case "CreatedDate", "Birthdate" -> switch (random.nextInt(4)) {
                case 0 -> 19_000_000L + random.nextInt(1_200_000); // 1900-2019 as yyyyMMdd, not all real days
                case 1 -> 86_400_000L * (random.nextInt(20_000) + 1); // whole days in milliseconds, HubSpot's
                case 2 -> 1_000_000_000L + random.nextInt(700_000_000); // seconds 2001-2023
                default -> 946_684_800_000L + (long) (random.nextDouble() * 800_000_000_000L); // milliseconds 2000-2025
            };
            default -> random.nextInt(1_000);
        };
    }

    /** The field's value after the cleaner, as text, and the record's reasons. */
    private static String cleaned(final RecordCleaner cleaner, final String field, final String country, final Object value, final DataType type) {
        final SimpleRecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("Country", RecordFieldType.STRING.getDataType()),
                new RecordField(field.equals("Country") ? "Other" : field, field.equals("Country") ? RecordFieldType.STRING.getDataType() : type)));
        final Map<String, Object> values = new HashMap<>();
        final Record record;
        if (field.equals("Country")) {
            record = new MapRecord(new SimpleRecordSchema(List.of(new RecordField("Country", type))), new HashMap<>(Map.of("Country", value)), true,
                    false);
        } else {
            values.put("Country", country);
            values.put(field, value);
            record = new MapRecord(schema, values, true, false);
        }
        final Record prepared = cleaner.prepare(record);
        cleaner.clean(prepared);
        final Object errors = prepared.getValue("crm_errors");
        return errors != null ? "rejected: " + errors : String.valueOf(prepared.getValue(field)).toLowerCase(Locale.ROOT);
    }
}
