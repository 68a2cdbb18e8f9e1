package dev.nificrm.reconcile;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A date spelt as the epoch milliseconds of its midnight, in whichever time zone wrote it, where that is unambiguous. */
class FieldValuesTest {
    private static final LocalDate DATE = LocalDate.parse("1985-06-30");

    private static String midnight(final LocalDate date, final String zone) {
        return String.valueOf(date.atStartOfDay(ZoneId.of(zone)).toInstant().toEpochMilli());
    }

    private static boolean same(final String zone, final ZoneId here) {
        return FieldValues.sameInstantAsEpochMillis(DATE.toString(), midnight(DATE, zone), here);
    }

    @Test
    void aDatesMidnightAtAnOffsetFromAboveMinusTenToBelowPlusTwelveIsTheDateWhereverItWasWritten() {
        for (final String zone : new String[] {"UTC", "America/New_York", "America/Los_Angeles", "America/Anchorage", "Asia/Tokyo", "Asia/Kolkata",
                "Asia/Kathmandu", "America/St_Johns", "Australia/Eucla", "Pacific/Marquesas", "Asia/Vladivostok"}) {
            assertEquals(true, same(zone, ZoneOffset.UTC), zone);
            assertEquals(true, same(zone, ZoneId.of("Asia/Tokyo")), zone);
        }
        assertEquals("488952000000", midnight(DATE, "America/New_York"), "as NiFi's JsonRecordSetWriter wrote it in New York");
    }

    /**
     * Hawaii's midnight (-10:00) of a day is Kiribati's (+14:00) of the next, New Zealand's (+12:00) that of the day before
     * at -12:00: such a number is the date only in this JVM's zone.
     */
    @Test
    void aMidnightThatIsAlsoAnotherDaysIsTheDateOnlyInThisJvmsZone() {
        for (final String zone : new String[] {"Pacific/Honolulu", "Pacific/Pago_Pago", "Pacific/Auckland", "Pacific/Fiji", "Pacific/Tongatapu"}) {
            assertEquals(false, same(zone, ZoneOffset.UTC), zone);
            assertEquals(true, same(zone, ZoneId.of(zone)), zone);
        }
        final LocalDate since1995 = LocalDate.parse("2024-06-30");
        assertEquals(midnight(since1995, "Pacific/Honolulu"), midnight(since1995.plusDays(1), "Pacific/Kiritimati"), "one number, two dates");
    }

    @Test
    void aDayOffOrAnOffsetOfNoQuarterHourIsNotTheDate() {
        assertEquals(false, FieldValues.sameInstantAsEpochMillis(DATE.toString(), midnight(DATE.plusDays(1), "UTC"), ZoneOffset.UTC));
        assertEquals(false, FieldValues.sameInstantAsEpochMillis(DATE.toString(), midnight(DATE.minusDays(1), "UTC"), ZoneOffset.UTC));
        final long oneMinuteAfter = DATE.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 60_000;
        assertEquals(false, FieldValues.sameInstantAsEpochMillis(DATE.toString(), String.valueOf(oneMinuteAfter), ZoneOffset.UTC));
        assertEquals(false, FieldValues.sameInstantAsEpochMillis("2024-03-01T09:30:00", "1709285400000", ZoneOffset.UTC), "no offset, no instant");
    }
}
