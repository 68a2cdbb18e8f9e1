package dev.nificrm.clean;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Today's date on a clock, for the date rules (two-digit years, birth dates in the future), taken when a value needs it
 * rather than when the rule was built: a processor scheduled on 31 December and left running reads {@code 01/15/47} on
 * 1 January as a date of the new year's window. The date is kept with the milliseconds of its day, so a value costs one
 * read of the clock's millisecond and a comparison; the date is worked out again only when the clock has left that day
 * (forward at midnight, or back, as a test's clock may go). Safe for the threads of one processor: the day is one
 * immutable object, replaced whole.
 */
final class Today {
    private final Clock clock;
    private volatile Day day;

    /** The date of a day in the clock's zone and the epoch milliseconds the day starts at and ends before. */
    private record Day(LocalDate date, long start, long end) {
    }

    Today(final Clock clock) {
        this.clock = clock;
        this.day = dayAt(clock.millis());
    }

    /** Today's date in the clock's zone. */
    LocalDate date() {
        final long now = clock.millis();
        Day current = day;
        if (now < current.start() || now >= current.end()) {
            current = dayAt(now);
            day = current;
        }
        return current.date();
    }

    /** This year in the clock's zone. */
    int year() {
        return date().getYear();
    }

    private Day dayAt(final long millis) {
        final ZoneId zone = clock.getZone();
        final LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(millis), zone);
        return new Day(date, date.atStartOfDay(zone).toInstant().toEpochMilli(), date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    }
}
