package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.nificrm.clean.FastPaths.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixed-position ISO path of {@link DateRule} gives exactly what the general path gives. */
class DateRuleFastPathTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String[] YEARS = {"0000", "0004", "1600", "1899", "1900", "1999", "2000", "2023", "2024", "2025", "2026", "2027", "2100", "9999"};
    private static final String[] TIMES = {"T00:00:00", "T10:30:00", "T23:59:59", "T24:00:00", "T12:60:00", "T12:00:60", "T10:30", "t10:30:00", " 10:30:00",
            "T1:30:00", "T10:3a:00"};
    private static final String[] FRACTIONS = {"", ".000", ".5", ".120", ".123", ".100000000", ".123456789", ".1234567890", ".", ".12a"};
    private static final String[] OFFSETS = {"", "Z", "z", "+0000", "-0000", "+00:00", "-00:00", "+0100", "-0530", "+05:30", "-05:00", "+1800", "+18:00",
            "+1801", "+1900", "+0160", "+01:60", "+01", "+1", "+01:0", "+010", " UTC", " GMT", "Z+01:00", "+01:00 "};

    @ParameterizedTest
    @EnumSource(DateRule.Kind.class)
    void givesTheGeneralPathsResultForEveryIsoShape(final DateRule.Kind kind) {
        final DateRule rule = new DateRule(kind, DateOrder.MDY, CLOCK);
        final List<String> dates = isoDates();
        for (final String date : dates) {
            assertSameResult(rule.cleanGeneral(date), rule.clean(date, "US"), date);
        }
        int compared = 0;
        for (final String date : List.of("2024-01-15", "2024-02-29", "2023-02-29", "1980-12-31", "2026-06-01", "2026-06-02", "0000-01-01", "2024-13-01")) {
            for (final String time : TIMES) {
                for (final String fraction : FRACTIONS) {
                    for (final String offset : OFFSETS) {
                        final String value = date + time + fraction + offset;
                        assertSameResult(rule.cleanGeneral(value), rule.clean(value, "US"), value);
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 10_000);
    }

    @ParameterizedTest
    @EnumSource(DateRule.Kind.class)
    void givesTheGeneralPathsResultForEveryEvalDate(final DateRule.Kind kind) {
        final DateRule rule = new DateRule(kind, DateOrder.MDY, CLOCK);
        final List<String> values = FastPaths.evalValues("Date", "people-1000.csv", "leads-100.csv");
        assertEquals(1000, values.size());
        int fast = 0;
        for (final String value : values) {
            assertSameResult(rule.cleanGeneral(value), rule.clean(value, "US"), value);
            if (rule.cleanIso(value) != null) {
                fast++;
            }
        }
        assertEquals(1000, fast, "every eval date is ISO and takes the fast path");
    }

    @Test
    void returnsTheSameInstanceForAValueAlreadyInOutputForm() {
        final DateRule date = new DateRule(DateRule.Kind.DATE, DateOrder.MDY, CLOCK);
        final DateRule timestamp = new DateRule(DateRule.Kind.TIMESTAMP, DateOrder.MDY, CLOCK);
        final DateRule birth = new DateRule(DateRule.Kind.BIRTH_DATE, DateOrder.MDY, CLOCK);
        final String isoDate = new String("2024-02-29".toCharArray());
        assertSame(isoDate, date.clean(isoDate, "US").getValue());
        assertSame(isoDate, birth.clean(isoDate, "US").getValue());
        for (final String value : List.of("2024-01-15T10:30:00Z", "2024-01-15T10:30:00.12+05:30", "2024-01-15T10:30:00.123456789", "2024-01-15T10:30:00-05:00")) {
            final String instance = new String(value.toCharArray());
            assertSame(instance, timestamp.clean(instance, "US").getValue(), value);
        }
    }

    @Test
    void buildsTheOutputOfSalesforceTimestampsByHand() {
        final DateRule timestamp = new DateRule(DateRule.Kind.TIMESTAMP, DateOrder.MDY, CLOCK);
        assertEquals("2024-01-15T10:30:00Z", timestamp.cleanIso("2024-01-15T10:30:00.000+0000").getValue());
        assertEquals("2024-01-15T10:30:00.12-05:30", timestamp.cleanIso("2024-01-15T10:30:00.120-0530").getValue());
        assertEquals("2024-01-15T00:00:00", timestamp.cleanIso("2024-01-15").getValue());
        assertNull(timestamp.cleanIso("2023-02-29"));
        assertNull(timestamp.cleanIso("2024-01-15T10:30:00+1900"));
        assertNotNull(timestamp.cleanIso("2024-02-29T10:30:00-18:00"));
    }

    /** Every day of the years above, plus month and day 00 and one past the end, in {@code yyyy-MM-dd} and a few near shapes. */
    private static List<String> isoDates() {
        final List<String> dates = new ArrayList<>();
        for (final String year : YEARS) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    final String date = year + "-" + two(month) + "-" + two(day);
                    dates.add(date);
                    dates.add(date.replace('-', '/'));
                    dates.add(year + "-" + month + "-" + day);
                }
            }
        }
        dates.addAll(List.of("2024-01-1a", "2024-01-15 ", " 2024-01-15", "2024_01_15", "20240115", "2024-0115", "+2024-01-15", "12024-01-15"));
        return dates;
    }

    private static String two(final int number) {
        return number < 10 ? "0" + number : String.valueOf(number);
    }
}
