package dev.nificrm.match;

import dev.nificrm.EvalData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast North American path of phone keys gives exactly what libphonenumber's general parser gives. */
class PhoneKeysTest {
    private static final List<String> REGIONS = List.of("US", "CA", "PR", "JM", "GB", "DE", "AU");

    @Test
    void fastPathAgreesWithTheParserOnEveryEvaluationPhone() throws IOException {
        final List<String> phones = new ArrayList<>();
        phones.addAll(column("people-1000.csv", "Phone"));
        phones.addAll(column("leads-100.csv", "Phone 1"));
        phones.addAll(column("leads-100.csv", "Phone 2"));
        assertTrue(phones.size() >= 1200, "phones read: " + phones.size());
        assertAgree(phones);
    }

    @Test
    void fastPathAgreesWithTheParserOnGeneratedPhones() {
        final Random random = new Random(42);
        final List<String> phones = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            final String digits = digits(random, 10);
            final String area = digits.substring(0, 3);
            final String exchange = digits.substring(3, 6);
            final String line = digits.substring(6);
            phones.add(switch (random.nextInt(9)) {
                case 0 -> "(" + area + ") " + exchange + "-" + line;
                case 1 -> "+1 " + area + " " + exchange + " " + line;
                case 2 -> area + "." + exchange + "." + line;
                case 3 -> "1-" + area + "-" + exchange + "-" + line;
                case 4 -> "+1" + digits;
                case 5 -> digits;
                case 6 -> "+" + digits(random, 8 + random.nextInt(8));
                case 7 -> digits(random, 7 + random.nextInt(6));
                default -> "+1 (" + area + ") " + exchange + "." + line;
            });
        }
        phones.addAll(List.of("+12125550123", "12125550123", "2125550123", "0125550123", "1125550123", "11125550123",
                "+11125550123", "+1212555012", "+121255501234", "(212) 555-0123 ", "212--555..0123", "+(1) 212 555 0123",
                "011 44 20 7946 0958", "+442079460958", "+4402079460958", "1 (800) 555-0199", "+15550123", "555-0123"));
        assertAgree(phones);
    }

    @Test
    void fastPathReadsNorthAmericanNumbersOnlyWhereTheRegionDialsPlusOne() {
        assertEquals("+14155550132", new ComparisonKeys("US").phone("14155550132"));
        assertEquals("+14155550132", new ComparisonKeys("GB").phone("+1 415 555 0132"));
        assertEquals(new ComparisonKeys("GB").parsedPhone("4155550132"), new ComparisonKeys("GB").phone("4155550132"));
    }

    @Test
    void readsAPhoneWrittenAsANumberAsCleanCRMRecordDoes() {
        final ComparisonKeys keys = new ComparisonKeys("US");
        final String key = keys.phone("4155550100");
        assertEquals("+14155550100", key);
        // as Java writes the double 4155550100.0: a JSON number a reader with a schema of strings, or NiFi's writers, wrote
        assertEquals(key, keys.phone("4.1555501E9"));
        // as a spreadsheet writes it with every digit
        assertEquals(key, keys.phone("4155550100.0"));
        assertEquals(key, keys.phone("4.155550100E+09"));
        // a national number that lost its trunk zero as a number is read in the default region as its digits are
        final ComparisonKeys british = new ComparisonKeys("GB");
        assertEquals("+442079460950", british.phone("020 7946 0950"));
        assertEquals("+442079460950", british.phone("2.07946095E9"));
        // digits lost: Excel's display, a double of it, a float's digits: no phone, so missing rather than a wrong key
        assertNull(keys.phone("4.1555501E+09"));
        assertNull(keys.phone("4.15555E+09"));
        assertNull(keys.phone("4.41236E11"));
        assertNull(keys.phone("4.1555502E+9"));
        // a number with a fraction (4155550100.12) is no phone, as CleanCRMRecord rejects it: no key of its twelve digits
        assertNull(keys.phone("4.15555010012E9"));
    }

    private static void assertAgree(final List<String> phones) {
        for (final String region : REGIONS) {
            final ComparisonKeys keys = new ComparisonKeys(region);
            for (final String phone : phones) {
                final String value = phone.trim();
                if (!value.isEmpty()) {
                    assertEquals(keys.parsedPhone(value), keys.phone(value), () -> region + " " + value);
                }
            }
        }
    }

    private static String digits(final Random random, final int length) {
        final StringBuilder builder = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            builder.append((char) ('0' + random.nextInt(10)));
        }
        return builder.toString();
    }

    private static List<String> column(final String file, final String name) throws IOException {
        final List<String> values = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(EvalData.folder("crm").resolve(file), StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            for (final CSVRecord record : parser) {
                values.add(record.get(name).toLowerCase(Locale.ROOT));
            }
        }
        return values;
    }
}
