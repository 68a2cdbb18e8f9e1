package dev.nificrm.processors;

import java.time.Clock;

/**
 * Our processors on a clock a test moves, for tests outside this package: the flow tests run a flow definition's own
 * steps (e.g. the push flow's Track Progress across midnight) as NiFi would, only at the times they choose.
 */
public final class ProcessorsOnClock {
    private ProcessorsOnClock() {
    }

    /** A TrackCRMProgress taking the time from {@code clock}. */
    public static TrackCRMProgress trackCRMProgress(final Clock clock) {
        return new TrackCRMProgress(clock);
    }
}
