package dev.nificrm.clean;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * A date read by {@link DateParser}: the calendar date, the time of day when one was written, and the offset when
 * one was written (an epoch value is UTC).
 *
 * @param date   the calendar date
 * @param time   the time of day, or {@code null} for a date without time
 * @param offset the UTC offset, or {@code null} for a local date-time
 */
public record ParsedDate(LocalDate date, LocalTime time, ZoneOffset offset) {
}
