package dev.nificrm.clean;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Proper-cases person names that were typed in one case ({@code JOHN O'BRIEN}, {@code mary smith-jones}); a name
 * typed in mixed case ({@code McDonald}, {@code DeShawn}, {@code van Gogh}) is kept exactly as typed, since its writer
 * chose that case.
 * <p>
 * Proper-casing capitalises every word and every part after a hyphen ({@code Smith-Jones}), after a one-letter
 * prefix with an apostrophe ({@code O'Brien}, {@code D'Angelo}) and after {@code Mc} ({@code McDonald}). {@code Mac}
 * is left alone: it starts as many plain names (Mack, Macy, Mace, Machado) as Scottish ones, so {@code MACDONALD}
 * becomes {@code Macdonald}. Name particles ({@code van, von, der, den, de, del, della, di, da, das, dos, du, la, le,
 * ten, ter, y}, Spanish {@code los, las}, German {@code zu, und}, Swedish and Norwegian {@code af, av}, Dutch {@code 't,
 * van't}) are lower case between words and capitalised as its first or last word: a surname field
 * {@code VAN DER BERG} becomes {@code Van der Berg}, a full name {@code LUDWIG VAN BEETHOVEN} becomes
 * {@code Ludwig van Beethoven}, and {@code JOHN LE} becomes {@code John Le} (Le, Du and De are surnames too). A
 * nickname in brackets or quotes is capitalised like a name: {@code JOHN (JACK) SMITH} becomes {@code John (Jack) Smith}.
 * Roman-numeral suffixes ({@code II}, {@code III}, {@code IV} to {@code XX}, but {@code XI}) and the well-known degrees and honours after a name keep
 * their usual form ({@code JOHN SMITH, MD} becomes {@code John Smith, MD}, {@code jane doe phd} {@code Jane Doe PhD});
 * as the first word they are a name ({@code MD RAHMAN}, Md for Mohammed, becomes {@code Md Rahman}). Titles and
 * suffixes written as words ({@code Dr.}, {@code Jr.}, {@code Ph.D.}) are capitalised as any word, and an ordinal's letters
 * after its digits are lower case ({@code JOHN SMITH 3RD} becomes {@code John Smith 3rd}).
 * <p>
 * A value of digits without a letter ({@code 12345}) is no name: a reason.
 */
public final class PersonNameRule implements ValueRule {
    private static final Set<String> PARTICLES = Set.of("van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du",
            "la", "le", "ten", "ter", "y", "los", "las", "zu", "und", "af", "av", "'t", "\u2019t", "van't", "van\u2019t");
    /**
     * Suffixes after a name, by their lower-case form: Roman numerals, degrees and honours, as they are usually written.
     * Not XI: Xi is a Chinese given name ({@code ZHANG XI} is Zhang Xi); nor the one letters V and X, capitals anyway.
     */
    private static final Map<String, String> SUFFIXES = suffixes("II", "III", "IV", "VI", "VII", "VIII", "IX", "XII", "XIII", "XIV",
            "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "MD", "PhD", "DDS", "DMD", "DVM",
            "MBA", "CPA", "CFA", "RN", "MPH", "MSc", "BSc", "LLB", "LLM", "OBE", "MBE", "CBE");
    static final String NUMBER = "holds a number where one name value is expected";
    private static final char DOTTED_CAPITAL_I = '\u0130';

    @Override
    public CleanResult clean(final String value, final String region) {
        boolean hasUpper = false;
        boolean hasLower = false;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                hasUpper = true;
            } else if (Character.isLowerCase(c)) {
                hasLower = true;
            }
        }
        if (!hasUpper && !hasLower && hasDigit(value)) {
            // 12345 in FirstName: a reader or a person put a number where the name belongs
            return CleanResult.invalid(NUMBER);
        }
        if (hasUpper == hasLower) {
            // Mixed case is kept as typed; a value without letters or digits has nothing to case.
            return CleanResult.unchanged(value);
        }
        return CleanResult.of(value, properCase(value));
    }

    private static Map<String, String> suffixes(final String... forms) {
        final Map<String, String> suffixes = new HashMap<>();
        for (final String form : forms) {
            suffixes.put(form.toLowerCase(Locale.ROOT), form);
        }
        return Map.copyOf(suffixes);
    }

    private static boolean hasDigit(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isDigit(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static String properCase(final String value) {
        // İ (Turkish capital I with dot) lower-cases to i and a combining dot, which no casing composes back: read it as the
        // i it is (one character, so the lower-case text keeps the value's positions) and write İ where a capital stands
        final String lower = value.replace(DOTTED_CAPITAL_I, 'i').toLowerCase(Locale.ROOT);
        final StringBuilder builder = new StringBuilder(lower.length());
        int wordIndex = 0;
        int start = 0;
        while (start < lower.length()) {
            int end = lower.indexOf(' ', start);
            if (end < 0) {
                end = lower.length();
            }
            appendWord(builder, lower.substring(start, end), value, start, wordIndex == 0, end == lower.length());
            if (end < lower.length()) {
                builder.append(' ');
            }
            wordIndex++;
            start = end + 1;
        }
        return builder.toString();
    }

    private static void appendWord(final StringBuilder builder, final String word, final String value, final int offset, final boolean first,
                                   final boolean last) {
        // a particle stands before a surname; as the last word it is the surname (Le, Du, De)
        if (!first && !last && PARTICLES.contains(word)) {
            builder.append(word);
            return;
        }
        if (!first) {
            // a suffix may end in the comma or full stop of the writing around it (Smith, MD, Jr.)
            int end = word.length();
            while (end > 0 && (word.charAt(end - 1) == ',' || word.charAt(end - 1) == '.')) {
                end--;
            }
            final String suffix = SUFFIXES.get(end == word.length() ? word : word.substring(0, end));
            if (suffix != null) {
                builder.append(suffix).append(word, end, word.length());
                return;
            }
        }
        boolean capitaliseNext = true;
        boolean letterSeen = false;
        int partStart = 0;
        for (int i = 0; i < word.length(); i++) {
            final char c = word.charAt(i);
            if (!Character.isLetter(c)) {
                builder.append(c);
                // After a hyphen a new name starts; after an apostrophe only when a one-letter prefix precedes it (O'Brien);
                // after an opening bracket or quote the name inside starts ("Jack", (Jack)).
                // Not after a digit: an ordinal's letters are lower case (3rd, 2nd).
                capitaliseNext = !Character.isDigit(c) && (!letterSeen || c == '-' || c == '.' || (c == '\'' || c == '\u2019') && i - partStart == 1);
                partStart = i + 1;
                continue;
            }
            letterSeen = true;
            if (capitaliseNext) {
                builder.append(value.charAt(offset + i) == DOTTED_CAPITAL_I ? DOTTED_CAPITAL_I : Character.toTitleCase(c));
                capitaliseNext = false;
                if (c == 'm' && i + 2 < word.length() && word.charAt(i + 1) == 'c' && Character.isLetter(word.charAt(i + 2))) {
                    builder.append('c');
                    i++;
                    capitaliseNext = true;
                }
            } else {
                builder.append(c);
            }
        }
    }
}
