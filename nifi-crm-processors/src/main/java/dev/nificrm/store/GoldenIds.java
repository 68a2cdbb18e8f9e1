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
    private static final int UUID_LENGTH = 36;

    private final Clock clock;
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

    public GoldenIds() {
        this(Clock.systemUTC());
    }

    GoldenIds(final Clock clock) {
        this.clock = clock;
    }

    /**
     * The golden id a text names, as the store keeps golden ids: a UUID in lower case with its hyphens, as {@link #get}
     * writes them. The same UUID in another letter case ({@code 01939B7E-...}, as SQL Server returns a uniqueidentifier)
     * or in braces ({@code {01939b7e-...}}, as Dynamics 365 writes GUIDs) can name nothing else, and is read as it; any
     * other text is returned as it is, to be found or not as it is.
     *
     * @param text a golden id as a record or a person wrote it, trimmed; null gives null
     */
    public static String canonical(final String text) {
        if (text == null) {
            return null;
        }
        final int start = text.length() == UUID_LENGTH + 2 && text.charAt(0) == '{' && text.charAt(UUID_LENGTH + 1) == '}' ? 1 : 0;
        if (text.length() != UUID_LENGTH + 2 * start) {
            return text;
        }
        final char[] id = new char[UUID_LENGTH];
        for (int i = 0; i < UUID_LENGTH; i++) {
            final char character = text.charAt(start + i);
            final boolean hyphen = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphen != (character == '-')
                    || !hyphen && !(character >= '0' && character <= '9' || character >= 'a' && character <= 'f' || character >= 'A' && character <= 'F')) {
                return text;
            }
            id[i] = Character.toLowerCase(character);
        }
        return new String(id);
    }

    @Override
    public synchronized String get() {
        final long millis = clock.millis();
        final long mostSignificant = millis << 16 | VERSION_7 | random.nextLong() & RANDOM_A_BITS;
        final long leastSignificant = VARIANT_RFC_9562 | random.nextLong() & RANDOM_B_BITS;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
