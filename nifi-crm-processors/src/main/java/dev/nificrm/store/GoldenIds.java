package dev.nificrm.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * New golden ids: UUIDs of version 7 (RFC 9562), a millisecond timestamp followed by 74 random bits. They are as opaque
 * and unique as random UUIDs, but ids created together sort together, so the store's indexes on golden ids grow at one
 * edge instead of at a random page per new entity: a batch of thousands of new entities touches a few pages, not
 * thousands. The random bits come from a generator seeded once from the system's secure source: ids must be unique, not
 * secret, and drawing every id from the secure source costs more than the rest of making it.
 */
public final class GoldenIds implements Supplier<String> {
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC_9562 = 0x8000_0000_0000_0000L;
    private static final long RANDOM_A_BITS = 0x0FFFL;
    private static final long RANDOM_B_BITS = 0x3FFF_FFFF_FFFF_FFFFL;

    private final Clock clock;
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

    public GoldenIds() {
        this(Clock.systemUTC());
    }

    GoldenIds(final Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized String get() {
        final long millis = clock.millis();
        final long mostSignificant = millis << 16 | VERSION_7 | random.nextLong() & RANDOM_A_BITS;
        final long leastSignificant = VARIANT_RFC_9562 | random.nextLong() & RANDOM_B_BITS;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
