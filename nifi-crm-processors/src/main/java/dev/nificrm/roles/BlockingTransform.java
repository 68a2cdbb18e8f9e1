package dev.nificrm.roles;

import java.util.Locale;

/**
 * How a field's comparison key becomes a part of a blocking key. Declared here with the blocking passes of the
 * roles ({@link Role#allBlockingPasses()}); the match package's {@code BlockingRule} implements each transform.
 */
public enum BlockingTransform {
    /** The key itself. */
    EXACT,
    /** Its first character. */
    INITIAL,
    /** Its first three characters. */
    PREFIX,
    /** Its Double Metaphone code. */
    PHONETIC,
    /** The year of a {@code yyyyMMdd} date. */
    YEAR,
    /** The local part of an email address (at least three characters). */
    LOCAL_PART,
    /** The domain of an email address. */
    DOMAIN,
    /** The house number that starts a street address key. */
    NUMBER;

    /** The name used in blocking pass names after {@code ~}, e.g. {@code local_part}. */
    public String getKey() {
        return name().toLowerCase(Locale.ROOT);
    }
}
