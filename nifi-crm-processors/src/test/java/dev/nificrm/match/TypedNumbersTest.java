package dev.nificrm.match;

import dev.nificrm.clean.CountryRule;
import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A number a reader typed has the key of the text it was read from, or none when the reader lost its digits: never
 * another number's key. One exception, the country role: a whole number of one to three digits that is an ISO 3166-1
 * numeric code has the key of the code's three digits, whose leading zeros the reader dropped ({@code 36} is {@code 036},
 * AU), as CleanCRMRecord reads it; the text {@code 36} names no country, and a typed number has no text but its digits.
 */
class TypedNumbersTest {
    private static final ComparisonKeys KEYS = new ComparisonKeys("US");

    private static String key(final Role role, final Number number) {
        return KEYS.normalise(role, TypedNumbers.text(role.getKeyKind(), number));
    }

    @Test
    void aFloatOrDoubleThatLostDigitsIsMissingNotAnotherNumbersKey() {
        // 123456789.0 and 123456791.0 are both the float 123456792
        assertNull(key(Role.NATIONAL_ID, 123456789.0f));
        assertNull(key(Role.EXTERNAL_ID, 19800115.0f));
        // a spreadsheet's display of 441235550100 and of 441236120000
        assertNull(key(Role.NATIONAL_ID, 4.41236E11));
        assertNull(key(Role.PHONE, Double.POSITIVE_INFINITY));
        assertEquals("441235550100", key(Role.NATIONAL_ID, 441235550100.0));
        assertEquals("1999", key(Role.POSTAL_CODE, 19.99f));
        assertEquals("42", key(Role.HOUSE_NUMBER, 42.0));
        assertEquals("1234567", key(Role.EXTERNAL_ID, 1234567.0f));
    }

    @Test
    void anEpochNumberInADateRoleIsItsDayInUtc() {
        final String day = KEYS.normalise(Role.BIRTH_DATE, "2023-12-09");
        assertEquals("20231209", day);
        assertEquals(day, key(Role.BIRTH_DATE, 1.70208E12));
        assertEquals(day, key(Role.BIRTH_DATE, 1702080000000L));
        assertEquals(day, KEYS.normalise(Role.BIRTH_DATE, "1702080000000"));
        assertEquals(day, key(Role.DATE, 1702080000));
        assertEquals("19500101", key(Role.BIRTH_DATE, -631152000000L));
        assertEquals("19800115", key(Role.BIRTH_DATE, 19800115));
        // HubSpot's unset date
        assertNull(KEYS.normalise(Role.BIRTH_DATE, "00000000000"));
    }

    /**
     * The country role's exception to the key of the text: a whole number a reader typed that is an ISO 3166-1 numeric code
     * is that code, its leading zeros restored, typed any way; any other number is the key of its text, as before.
     */
    @Test
    void aCountryTypedAsANumberIsTheNumericCodeItsReaderDroppedTheZerosOf() {
        final String australia = KEYS.normalise(Role.COUNTRY, "AU");
        assertEquals("au", australia);
        for (final Number typed : List.<Number>of(36, 36L, (short) 36, 36.0, 36.0f, BigInteger.valueOf(36), new BigDecimal("36.00"))) {
            assertEquals(australia, key(Role.COUNTRY, typed), typed.getClass().getSimpleName());
        }
        assertEquals("af", key(Role.COUNTRY, 4));
        assertEquals(KEYS.normalise(Role.COUNTRY, "United States"), key(Role.COUNTRY, 840));
        // no code: the key of the text, which names no country
        assertEquals("36", KEYS.normalise(Role.COUNTRY, "36"));
        assertEquals("999", key(Role.COUNTRY, 999));
        assertEquals("0", key(Role.COUNTRY, 0));
        assertEquals(KEYS.normalise(Role.COUNTRY, "36.5"), key(Role.COUNTRY, 36.5));
        assertEquals(KEYS.normalise(Role.COUNTRY, "-36"), key(Role.COUNTRY, -36));
        assertEquals("12345", key(Role.COUNTRY, 12345));
        // the exception is the country's alone: another role keys the text
        assertEquals("36", key(Role.EXTERNAL_ID, 36));
    }

    /** Generated whole numbers of 1 to 15 digits, typed every way a reader types one, in every role. */
    @Test
    void aTypedWholeNumberHasTheKeyOfItsTextOrNone() {
        final Random random = new Random(4_813);
        final List<String> failures = new ArrayList<>();
        int keyed = 0;
        int missing = 0;
        for (int i = 0; i < 1_500; i++) {
            final int digits = 1 + random.nextInt(15);
            long number = (long) (Math.pow(10, digits - 1) + random.nextDouble() * 9 * Math.pow(10, digits - 1));
            if (random.nextInt(4) == 0) {
                // a round number: what a spreadsheet's six significant digits leave
                final long unit = (long) Math.pow(10, Math.max(0, digits - 1 - random.nextInt(6)));
                number = number / unit * unit;
            }
            for (final Role role : Role.values()) {
                // the country role's exception: a typed 36 is the code 036 (99, no country's code, and numbers of more
                // digits are their text)
                final String code = String.format(Locale.ROOT, "%03d", number);
                final boolean countryCode = role.getKeyKind() == KeyKind.COUNTRY && number < 1_000 && CountryRule.code(code) != null;
                final String text = countryCode ? code : Long.toString(number);
                final String expected = KEYS.normalise(role, text);
                final List<Number> typed = new ArrayList<>(List.of(number, BigInteger.valueOf(number), BigDecimal.valueOf(number),
                        (double) number, (float) number));
                if (number <= Integer.MAX_VALUE) {
                    typed.add((int) number);
                }
                for (final Number value : typed) {
                    final String actual = key(role, value);
                    if (actual == null) {
                        missing++;
                        final boolean lossless = !(value instanceof Double || value instanceof Float);
                        if (lossless && expected != null) {
                            failures.add(role + " " + value.getClass().getSimpleName() + " " + number + ": missing, text's key " + expected);
                        }
                    } else if (!Objects.equals(actual, expected)) {
                        failures.add(role + " " + value.getClass().getSimpleName() + " " + number + ": " + actual + ", text's key " + expected);
                    } else {
                        keyed++;
                    }
                }
            }
        }
        assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " failures; keyed " + keyed + ", missing " + missing);
    }

    /** Generated days from 1900 to 2200 at midnight UTC, as epoch milliseconds typed every way, against their ISO text. */
    @Test
    void anEpochDayTypedAnyWayHasTheKeyOfTheDay() {
        final Random random = new Random(4_814);
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            final LocalDate day = LocalDate.of(1900, 1, 1).plusDays(random.nextInt(300 * 365));
            final long millis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            if (Math.abs(millis) > 86_400_000L && Math.abs(millis) < 10_000_000_000L) {
                // 1969-09-08 to 1970-04-26 but for the day before and after the epoch: nine or ten digits, which are
                // epoch seconds (a Unix timestamp)
                continue;
            }
            final String expected = KEYS.normalise(Role.BIRTH_DATE, day.toString());
            for (final Object value : List.of(millis, (double) millis, BigDecimal.valueOf(millis), Long.toString(millis))) {
                final String actual = value instanceof Number number ? key(Role.BIRTH_DATE, number) : KEYS.normalise(Role.BIRTH_DATE, (String) value);
                if (!Objects.equals(expected, actual)) {
                    failures.add(day + " " + value.getClass().getSimpleName() + " " + value + ": " + actual);
                }
            }
        }
        assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " failures");
    }
}
