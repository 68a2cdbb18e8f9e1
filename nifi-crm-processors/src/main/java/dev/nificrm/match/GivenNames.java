package dev.nificrm.match;

import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.Objects;
import java.util.Set;

/**
 * Tells two alike given names that are two names ({@code Alberto}/{@code Roberto}, {@code Daniel}/{@code Daniela},
 * {@code Michel}/{@code Michelle}) from one name written two ways ({@code Micheal}/{@code Michael}, {@code Jon}/{@code John},
 * {@code Katherine}/{@code Catherine}). Two folded names are two names when neither is a nickname or short form of the
 * other ({@link Nicknames#areAlternatives}) and
 * <ul>
 * <li>both are given names the bundled list holds in full ({@link Nicknames#isFullName}) and they do not sound alike
 * (their whole Double Metaphone codes differ): {@code Alberto}/{@code Roberto}, {@code Andreas}/{@code Andrea},
 * {@code Florence}/{@code Florian}, {@code Emanuel}/{@code Manuel}, where {@code Catherine}/{@code Katherine},
 * {@code Stephen}/{@code Steven} and {@code Philip}/{@code Phillip} are one name spelt two ways. Names of one root in two
 * languages that are spelt to sound apart ({@code Matthias}/{@code Matias}) are two names here, as the list keeps them
 * ({@code Jan}/{@code John}); or</li>
 * <li>both are given names the bundled list holds in full and one is the other with an ending one letter from it that
 * makes a masculine name feminine: {@code -is} to {@code -es} ({@code Francis}/{@code Frances}), {@code -e} to {@code -ie}
 * ({@code Stephane}/{@code Stephanie}), the Italian masculine {@code -e} to {@code -a} ({@code Gabriele}/{@code Gabriela},
 * {@code Simone}/{@code Simona}), {@code -e} to {@code -ee} ({@code Andre}/{@code Andree}), {@code -s} to {@code -se}
 * ({@code Louis}/{@code Louise}). One letter apart, they sound alike and a typo makes such endings too, so they are read
 * only where both spellings are names of the list: a misspelt name never is. Feminine names of one root in two languages
 * that end so ({@code Christine}/{@code Christina}, {@code Helene}/{@code Helena}) are two names as the list keeps them
 * ({@code Charlotta}/{@code Carlotta}); or</li>
 * <li>one is the other with a masculine ending turned feminine: {@code -a} after a consonant ({@code Jan}/{@code Jana}),
 * {@code -o} or {@code -us} to {@code -a} ({@code Mario}/{@code Maria}, {@code Julius}/{@code Julia}), {@code -er} to
 * {@code -ra} ({@code Alexander}/{@code Alexandra}, {@code Peter}/{@code Petra}: one Double Metaphone code and short forms
 * of both, {@code Alex}, {@code Sandy}, so the first rule cannot read them), the last consonant
 * doubled before {@code -e} ({@code Michel}/{@code Michelle}, {@code Yvon}/{@code Yvonne}), {@code -ine}, {@code -ina} or
 * {@code -ette} after a consonant ({@code Paul}/{@code Pauline}). A typo seldom makes such an ending: it drops, doubles,
 * swaps or changes a letter of the name ({@code -er} to {@code -ra} is two of those), and the ending of a name that ends
 * in a vowel ({@code Georgi}/{@code Georgia}, {@code Evi}/{@code Evie}, a dropped last letter) is no such ending.</li>
 * </ul>
 * Whatever the names, a person decides with the rest of the records: {@link Matcher#tellApart} asks this only of records
 * whose own values disagree too (another birth date or another mailbox).
 */
final class GivenNames {
    /** The shortest name a feminine ending is read on: {@code Jan}, not {@code Al}/{@code Ala}. */
    private static final int SHORTEST_STEM = 3;
    /** The feminine endings added to a name ending in a consonant; the doubled last consonant before -e is read apart. */
    private static final Set<String> FEMININE_ENDINGS = Set.of("a", "ine", "ina", "ette");

    /**
     * Masculine and feminine endings read only where the list holds both names in full: each is one letter from the
     * other, as a typo is, so a misspelt name (no name of the list) never reads as the other gender's.
     */
    private static final String[][] ENDINGS_OF_LISTED_NAMES = {{"is", "es"}, {"e", "ie"}, {"e", "a"}, {"e", "ee"}, {"s", "se"}};

    /** Longer than any name's code: the blocking codes stop at four letters, where Andreas and Andrea both are ANTR. */
    private static final int WHOLE_CODE_LETTERS = 32;

    private final Nicknames nicknames;
    private final DoubleMetaphone wholeCodes = new DoubleMetaphone();

    GivenNames(final Nicknames nicknames) {
        this.nicknames = nicknames;
        wholeCodes.setMaxCodeLen(WHOLE_CODE_LETTERS);
    }

    /** Whether two folded given names are two names rather than one written two ways (see the type). */
    boolean areTwoNames(final String left, final String right) {
        if (left.equals(right) || nicknames.areAlternatives(left, right)) {
            return false;
        }
        if (nicknames.isFullName(left) && nicknames.isFullName(right)
                && (!Objects.equals(wholeCodes.doubleMetaphone(left), wholeCodes.doubleMetaphone(right))
                || isFeminineEndingOfListedName(left, right) || isFeminineEndingOfListedName(right, left))) {
            return true;
        }
        return isFeminineForm(left, right) || isFeminineForm(right, left);
    }

    /** Whether {@code feminine} is {@code masculine} with its ending turned feminine (see the type). */
    static boolean isFeminineForm(final String masculine, final String feminine) {
        final int length = masculine.length();
        if (length < SHORTEST_STEM) {
            return false;
        }
        final char last = masculine.charAt(length - 1);
        if (last == 'o' || masculine.endsWith("us")) {
            final int stem = last == 'o' ? length - 1 : length - 2;
            return feminine.length() == stem + 1 && feminine.regionMatches(0, masculine, 0, stem) && feminine.charAt(stem) == 'a';
        }
        if (masculine.endsWith("er") && length - 2 >= SHORTEST_STEM && feminine.length() == length && feminine.endsWith("ra")
                && feminine.regionMatches(0, masculine, 0, length - 2)) {
            return true;
        }
        if (!isLetter(last) || isVowel(last) || !feminine.startsWith(masculine)) {
            return false;
        }
        final String added = feminine.substring(length);
        return FEMININE_ENDINGS.contains(added) || added.length() == 2 && added.charAt(0) == last && added.charAt(1) == 'e';
    }

    /**
     * Whether {@code feminine} is {@code masculine} with one of the endings read only on names the list holds in full
     * (see the type): {@code Francis}/{@code Frances}, {@code Stephane}/{@code Stephanie}, {@code Gabriele}/{@code Gabriela},
     * {@code Andre}/{@code Andree}, {@code Louis}/{@code Louise}.
     */
    static boolean isFeminineEndingOfListedName(final String masculine, final String feminine) {
        for (final String[] endings : ENDINGS_OF_LISTED_NAMES) {
            final int stem = masculine.length() - endings[0].length();
            if (stem >= SHORTEST_STEM && masculine.endsWith(endings[0]) && feminine.length() == stem + endings[1].length()
                    && feminine.endsWith(endings[1]) && feminine.regionMatches(0, masculine, 0, stem)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLetter(final char letter) {
        return letter >= 'a' && letter <= 'z';
    }

    private static boolean isVowel(final char letter) {
        return "aeiouy".indexOf(letter) >= 0;
    }
}
