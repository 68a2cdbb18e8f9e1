package dev.nificrm.clean;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * How a spreadsheet's serial day number in a date field ({@code 45234}, or {@code 45234.5} with a time of day) is
 * read: Excel counts days from the end of 1899 in its 1900 date system (the default) or from 1904 in its 1904 date
 * system (older Mac workbooks), and a CSV export does not say which, so the same number is two dates four years and a
 * day apart.
 * <pre>
 * DATE_SYSTEM_1900.dateTime(45234, "")  → 2023-11-04T00:00
 * DATE_SYSTEM_1904.dateTime(45234, "")  → 2027-11-05T00:00
 * DATE_SYSTEM_1900.dateTime(45234, "5") → 2023-11-04T12:00
 * DATE_SYSTEM_1900.dateTime(60, "")     → null (Lotus 1-2-3's 1900-02-29, which Excel kept and never was)
 * </pre>
 */
public enum ExcelDateSystem {
    /** Not read: the value is rejected with a reason saying what it is. */
    REJECT,
    /**
     * Excel's default: day 1 is 1900-01-01. Day 60 is the 29 February 1900 that Excel kept from Lotus 1-2-3 and that never
     * was, so day 61 is 1900-03-01 and days before 60 are one day later than a count from the end of 1899 says.
     */
    DATE_SYSTEM_1900,
    /** Excel for Mac before 2011 and workbooks that still use it: day 0 is 1904-01-01. */
    DATE_SYSTEM_1904;

    /** Day 61 of the 1900 system, 1900-03-01, counted back: every later day is this plus its number. */
    private static final LocalDate BEFORE_1900_SYSTEM = LocalDate.of(1899, 12, 30);
    private static final LocalDate START_1904_SYSTEM = LocalDate.of(1904, 1, 1);
    private static final long FICTITIOUS_LEAP_DAY = 60;
    private static final BigDecimal MILLISECONDS_A_DAY = BigDecimal.valueOf(86_400_000L);

    /**
     * The date and time of a serial day number.
     *
     * @param day      the whole days, not negative
     * @param fraction the digits after the decimal point, the time of day as a fraction of it ({@code 5} is noon), read to
     *                 the nearest millisecond; empty for none
     * @return the local date-time (a spreadsheet's times have no offset), or null when the day does not exist in the date
     * system (day 0 and day 60 of the 1900 system)
     * @throws IllegalStateException for {@link #REJECT}, which reads nothing
     */
    public LocalDateTime dateTime(final long day, final String fraction) {
        final LocalDate date = switch (this) {
            case REJECT -> throw new IllegalStateException("Serial day numbers are not read");
            case DATE_SYSTEM_1900 -> day == 0 || day == FICTITIOUS_LEAP_DAY ? null
                    : BEFORE_1900_SYSTEM.plusDays(day < FICTITIOUS_LEAP_DAY ? day + 1 : day);
            case DATE_SYSTEM_1904 -> START_1904_SYSTEM.plusDays(day);
        };
        if (date == null) {
            return null;
        }
        if (fraction.isEmpty()) {
            return date.atStartOfDay();
        }
        final long milliseconds = new BigDecimal("0." + fraction).multiply(MILLISECONDS_A_DAY).setScale(0, RoundingMode.HALF_UP).longValueExact();
        // .99999999 rounds to the next midnight
        return LocalDateTime.of(date, LocalTime.MIDNIGHT).plusNanos(milliseconds * 1_000_000L);
    }
}
