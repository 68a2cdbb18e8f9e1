package dev.nificrm.record;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The text of a time of day a reader gave: a field typed as a time (Avro time-millis, a database TIME column) is a
 * {@link java.sql.Time}, which has no instant ({@code toInstant} throws), or a {@link LocalTime}. Written as ISO-8601
 * local time with seconds, {@code 09:30:00}, and its fraction when it has one ({@code 09:30:00.250}).
 */
public final class TimesOfDay {
    private TimesOfDay() {
    }

    /** The time of day of a {@link java.sql.Time}: NiFi's readers make one from the local time in the JVM's zone. */
    public static String text(final java.sql.Time time) {
        return text(LocalTime.ofInstant(Instant.ofEpochMilli(time.getTime()), ZoneId.systemDefault()));
    }

    /** A time of day with its seconds ({@code 09:30:00}, where {@link LocalTime#toString()} gives {@code 09:30}). */
    public static String text(final LocalTime time) {
        final String text = time.toString();
        return text.length() == 5 ? text + ":00" : text;
    }
}
