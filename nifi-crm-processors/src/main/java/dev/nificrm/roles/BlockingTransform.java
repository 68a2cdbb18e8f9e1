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
    NUMBER,
    /**
     * A place key with its umlauts written one way, as the city comparator reads them: an {@code e} after {@code a},
     * {@code o} or {@code u} left out in a place of four letters or more ({@code muenchen} and {@code munchen} are
     * {@code munchen}).
     */
    PLACE,
    /** The first three characters of {@link #PLACE} ({@code muenchen}, {@code münchen}: {@code mun}). */
    PLACE_PREFIX,
    /**
     * A person name's key with its umlauts and Nordic vowels written one way, as the name comparator reads them: an
     * {@code e} after {@code a}, {@code o} or {@code u} left out (not before an {@code l} or {@code la} that ends the
     * name: {@code michael}), and an {@code a} after an {@code a}, in names of four letters or more ({@code mueller} and
     * {@code muller} are {@code muller}, {@code aase} is {@code ase}).
     */
    SPELLING,
    /**
     * An organisation name's key as the key reads the name now, whichever version stored it: the words a key stored before
     * HTML entities were read holds for them read ({@code kamlit and amp venvel} is {@code kamlit and venvel}); and in the
     * other languages read between two of its words ({@code und}, {@code et}, {@code y}...) written {@code and}, as the key
     * is written since it reads them: a key stored before ({@code grossmann und sohne}) and one made since
     * ({@code grossmann and sohne}) are one; and initials that spell a word, which the key writes with a dot between their
     * letters ({@code a.t systems}), written as that word, as a key stored before wrote them and a name written in capitals
     * throughout still does ({@code at systems}). Named {@code read} (the passes {@code company~read},
     * {@code key:company~read+...}), where it was {@code joined} before it read the entities' words, so that a store keys
     * its companies under it anew.
     */
    READ;

    /** The name used in blocking pass names after {@code ~}, e.g. {@code local_part}. */
    public String getKey() {
        return name().toLowerCase(Locale.ROOT);
    }
}
