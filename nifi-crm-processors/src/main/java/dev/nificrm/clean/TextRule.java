package dev.nificrm.clean;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The normalisation every string value receives before its role's rule: trim, collapse runs of whitespace (including
 * no-break and other Unicode spaces and tabs) into one space, remove control and zero-width characters (but a
 * zero-width joiner or non-joiner where it is part of the spelling: {@link #isMeaningfulJoiner}, judged without the
 * other invisible characters beside it and kept once where it was written twice), compose to Unicode NFC, and turn
 * placeholders such as {@code N/A} or {@code unknown} into {@code null}.
 * <p>
 * Line breaks inside a value are kept (as {@code \n}, with the spaces around them removed) because CRM description
 * and notes fields are multi-line; everything else that is whitespace collapses. A value that needs nothing is
 * returned as the same instance, without allocation:
 * <pre>
 * TextRule text = new TextRule(List.of("N/A", "unknown"));
 * text.normalize("  Jane \u00A0 Doe ")  // "Jane Doe"
 * text.normalize("n/a")                // null
 * text.normalize("   ")                // null
 * </pre>
 */
public final class TextRule implements ValueRule {
    /** The placeholders turned into null when no list is configured. */
    public static final List<String> DEFAULT_PLACEHOLDERS = List.of("N/A", "#N/A", "n.a.", "null", "nil", "none", "-", "--", "?",
            "unknown", "tbd", "not available");

    private static final int ASCII = 128;
    private static final char ZERO_WIDTH_NON_JOINER = '\u200C';
    private static final char ZERO_WIDTH_JOINER = '\u200D';
    /** VARIATION SELECTOR-16, which asks for a character's emoji form (❤️). */
    private static final int EMOJI_PRESENTATION = 0xFE0F;
    /** The tag characters of an emoji tag sequence (the flag of Scotland). */
    private static final int TAG_FIRST = 0xE0020;
    private static final int TAG_LAST = 0xE007F;

    private final Set<String> placeholders;
    private final int longestPlaceholder;
    /**
     * The filter before the lookup: {@code firstCharsByLength[n][c]} when some placeholder has n characters and
     * starts with the ASCII character c once case-folded; {@code firstCharsByLength[n]} is null when no placeholder
     * has n characters. A value whose folded first character is not ASCII passes to the lookup.
     */
    private final boolean[][] firstCharsByLength;
    /** The placeholders case-folded with {@link #fold}, looked up once a value passes the filter. */
    private final Set<String> foldedPlaceholders;
    /**
     * The placeholders written as numbers ({@code 0}, {@code 00000}, {@code 99999}) by the number each is (trailing zeros
     * stripped), for a value a reader typed as a number; empty for the default list, which holds none.
     */
    private final Map<BigDecimal, String> numberPlaceholders;

    /**
     * @param placeholders values (compared case-insensitively after normalisation) that mean "no value"
     */
    public TextRule(final Collection<String> placeholders) {
        final TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        int longest = 0;
        for (final String placeholder : placeholders) {
            final String normalised = normalizeWhitespace(placeholder);
            if (normalised != null) {
                set.add(normalised);
                longest = Math.max(longest, normalised.length());
            }
        }
        this.placeholders = set;
        this.longestPlaceholder = longest;
        this.firstCharsByLength = new boolean[longest + 1][];
        final Set<String> folded = new HashSet<>();
        for (final String placeholder : set) {
            final int length = placeholder.length();
            if (firstCharsByLength[length] == null) {
                firstCharsByLength[length] = new boolean[ASCII];
            }
            final char first = foldChar(placeholder.charAt(0));
            if (first < ASCII) {
                firstCharsByLength[length][first] = true;
            }
            final String key = fold(placeholder);
            if (key != null) {
                folded.add(key);
            }
        }
        this.foldedPlaceholders = folded;
        final Map<BigDecimal, String> numbers = new HashMap<>();
        for (final String placeholder : set) {
            if (isDecimalNumber(placeholder)) {
                numbers.putIfAbsent(new BigDecimal(placeholder).stripTrailingZeros(), placeholder);
            }
        }
        this.numberPlaceholders = Map.copyOf(numbers);
    }

    /**
     * The placeholder, as configured, that a number a reader typed is ({@code 00000} or {@code 0} for the integer 0 of a
     * ZIP column a JSON reader typed as numbers, {@code 99999} for 99999.0): such a number has lost the text it was
     * written as, so it is compared with the placeholders written as numbers by its value; null when it is none.
     */
    public String placeholderEqualTo(final Number number) {
        if (numberPlaceholders.isEmpty()) {
            return null;
        }
        final BigDecimal value;
        if (number instanceof BigDecimal decimal) {
            value = decimal;
        } else if (number instanceof BigInteger integer) {
            value = new BigDecimal(integer);
        } else if (number instanceof Double || number instanceof Float) {
            if (!Double.isFinite(number.doubleValue())) {
                return null;
            }
            value = new BigDecimal(number.toString());
        } else {
            value = BigDecimal.valueOf(number.longValue());
        }
        return numberPlaceholders.get(value.stripTrailingZeros());
    }

    /** Whether a placeholder is a decimal number as written: an optional sign, digits, an optional fraction of digits. */
    private static boolean isDecimalNumber(final String text) {
        final int start = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        int digits = 0;
        int points = 0;
        for (int i = start; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c != '.' || ++points > 1) {
                return false;
            }
        }
        return digits > 0 && text.charAt(text.length() - 1) != '.' && text.charAt(start) != '.';
    }

    /** Splits a comma-separated placeholder list, as configured in the processor, into its entries. */
    public static List<String> parsePlaceholders(final String commaSeparated) {
        final List<String> result = new ArrayList<>();
        if (commaSeparated == null) {
            return result;
        }
        for (final String part : commaSeparated.split(",")) {
            final String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                result.add(trimmed);
            }
        }
        return result;
    }

    @Override
    public CleanResult clean(final String value, final String region) {
        return CleanResult.of(value, normalize(value));
    }

    /**
     * Normalises a value.
     *
     * @return the same instance when nothing changes, the normalised value, or {@code null} for a blank value or a
     * placeholder
     */
    public String normalize(final String value) {
        if (value == null) {
            return null;
        }
        final String normalised = normalizeWhitespace(value);
        if (normalised == null) {
            return null;
        }
        return isPlaceholder(normalised) ? null : normalised;
    }

    /** Whether the (normalised) value is one of the configured placeholders. */
    public boolean isPlaceholder(final String value) {
        if (value == null || value.length() > longestPlaceholder) {
            return false;
        }
        final boolean[] firstChars = firstCharsByLength[value.length()];
        if (firstChars == null) {
            return false;
        }
        final char first = foldChar(value.charAt(0));
        if (first < ASCII && !firstChars[first]) {
            return false;
        }
        final String key = fold(value);
        return key == null ? placeholders.contains(value) : foldedPlaceholders.contains(key);
    }

    /** The case-insensitive lookup of the configured placeholders alone, without the filters; for tests. */
    boolean isPlaceholderBySortedSet(final String value) {
        return value != null && value.length() <= longestPlaceholder && placeholders.contains(value);
    }

    /**
     * Case-folds character by character as {@link String#CASE_INSENSITIVE_ORDER} compares (upper case, then lower
     * case), so two strings are equal ignoring case exactly when their folds are equal; null when the value has a
     * surrogate, which that order compares by code point (the sorted set then decides).
     */
    private static String fold(final String value) {
        final char[] chars = new char[value.length()];
        for (int i = 0; i < chars.length; i++) {
            final char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                return null;
            }
            chars[i] = foldChar(c);
        }
        return new String(chars);
    }

    private static char foldChar(final char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** Whitespace, control, zero-width and NFC normalisation without the placeholder check; null when blank. */
    static String normalizeWhitespace(final String value) {
        if (needsWork(value)) {
            final String rebuilt = rebuild(hasJoiner(value) ? withBareJoiners(value) : value);
            if (rebuilt.isEmpty()) {
                return null;
            }
            if (Normalizer.isNormalized(rebuilt, Normalizer.Form.NFC)) {
                return rebuilt;
            }
            final String composed = Normalizer.normalize(rebuilt, Normalizer.Form.NFC);
            // composing can put a mark between a virama and the joiner after it (a stray vowel sign before the virama
            // moves after it): the joiner is out of its context now and goes, or a second cleaning would remove it
            return hasJoiner(composed) && needsWork(composed) ? normalizeWhitespace(composed) : composed;
        }
        if (value.isEmpty()) {
            return null;
        }
        return value;
    }

    /** One pass over the characters: does anything need rewriting? Allocates nothing. */
    private static boolean needsWork(final String value) {
        final int length = value.length();
        if (length == 0) {
            return false;
        }
        final char first = value.charAt(0);
        final char last = value.charAt(length - 1);
        if (isSpace(first) || isSpace(last) || first == '\n' || last == '\n') {
            return true;
        }
        boolean nonAscii = false;
        char previous = 'x';
        for (int i = 0; i < length; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                if (c < 0x20 && c != '\n' || c == 0x7F) {
                    return true;
                }
                if (c == ' ' && (previous == ' ' || previous == '\n') || c == '\n' && previous == ' ') {
                    return true;
                }
            } else {
                nonAscii = true;
                if (isSpace(c) || isRemoved(value, i, c) || c == previous && isJoiner(c)) {
                    return true;
                }
            }
            previous = c;
        }
        return nonAscii && !Normalizer.isNormalized(value, Normalizer.Form.NFC);
    }

    /**
     * The value without what stands between a joiner and its context: every invisible character the rule removes but
     * the joiners (a zero-width space or a soft hyphen between a virama and its joiner is no part of the spelling, so
     * {@code क्​‍ष} is {@code क्‍ष}), and a joiner that repeats the one before it, written twice where the spelling has
     * one. The same instance when there is nothing of the kind.
     */
    private static String withBareJoiners(final String value) {
        StringBuilder builder = null;
        char kept = 0;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            final boolean dropped = isJoiner(c) ? c == kept : isInvisible(c) && c != '\n' && c != '\r' && !isSpace(c);
            if (dropped) {
                if (builder == null) {
                    builder = new StringBuilder(value.length()).append(value, 0, i);
                }
            } else {
                kept = c;
                if (builder != null) {
                    builder.append(c);
                }
            }
        }
        return builder == null ? value : builder.toString();
    }

    private static String rebuild(final String value) {
        final StringBuilder builder = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r') {
                c = (i + 1 < value.length() && value.charAt(i + 1) == '\n') ? 0 : '\n';
                if (c == 0) {
                    continue;
                }
            }
            if (c == '\n') {
                pendingSpace = false;
                final int last = builder.length() - 1;
                if (last >= 0 && builder.charAt(last) != '\n') {
                    builder.append('\n');
                }
                continue;
            }
            if (isSpace(c)) {
                pendingSpace = true;
                continue;
            }
            // a joiner the removal of an out-of-context one between them brought next to its like is the same joiner again
            if (isRemoved(value, i, c) || isJoiner(c) && !pendingSpace && !builder.isEmpty() && builder.charAt(builder.length() - 1) == c) {
                continue;
            }
            if (pendingSpace && builder.length() > 0 && builder.charAt(builder.length() - 1) != '\n') {
                builder.append(' ');
            }
            pendingSpace = false;
            builder.append(c);
        }
        int end = builder.length();
        while (end > 0 && builder.charAt(end - 1) == '\n') {
            end--;
        }
        builder.setLength(end);
        return builder.toString();
    }

    private static boolean isSpace(final char c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == 0x1C || c == 0x1D || c == 0x1E || c == 0x1F
                || c == 0x85 || (c >= 0x80 && (Character.isSpaceChar(c) || Character.isWhitespace(c)));
    }

    /** Control characters other than line breaks, zero-width characters, the byte-order mark and soft hyphens. */
    private static boolean isInvisible(final char c) {
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
            return true;
        }
        return c == 0x00AD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || c == 0x2060
                || c == 0xFEFF || c == 0x202A || c == 0x202B || c == 0x202C || c == 0x202D || c == 0x202E;
    }

    private static boolean isJoiner(final char c) {
        return c == ZERO_WIDTH_JOINER || c == ZERO_WIDTH_NON_JOINER;
    }

    private static boolean hasJoiner(final String value) {
        return value.indexOf(ZERO_WIDTH_JOINER) >= 0 || value.indexOf(ZERO_WIDTH_NON_JOINER) >= 0;
    }

    /** Whether the character at {@code i} goes: an invisible one, other than a joiner that its context gives a meaning. */
    private static boolean isRemoved(final String value, final int i, final char c) {
        return isInvisible(c) && !isMeaningfulJoiner(value, i);
    }

    /**
     * Whether the character at {@code i} is a zero-width joiner or non-joiner that is part of the spelling. Where IDNA 2008
     * (RFC 5892, {@link InternationalDomainRules}) gives it a context: after a virama it selects a conjunct's half form
     * (Devanagari {@code क्‍ष}) or a Malayalam chillu; between two joining letters a non-joiner keeps them apart (Persian
     * {@code می‌خواهم}, {@code حسین‌زاده}). And a joiner between two pictographs makes one emoji of them ({@code 👩‍💻}; IDNA
     * has no emoji, this context is the text's own). Anywhere else, between Latin letters, digits or at a value's edge, it
     * is what copy and paste from a web page or a word processor left.
     */
    static boolean isMeaningfulJoiner(final String value, final int i) {
        final char c = value.charAt(i);
        return (c == ZERO_WIDTH_NON_JOINER || c == ZERO_WIDTH_JOINER) && InternationalDomainRules.isJoinerInContext(value, i)
                || c == ZERO_WIDTH_JOINER && joinsPictographs(value, i);
    }

    /**
     * Whether the joiner at {@code i} joins two pictographs into an emoji ZWJ sequence (Unicode UTS #51): a pictograph
     * before it, with its variation selector, skin tone or tags between, and a pictograph after it.
     */
    private static boolean joinsPictographs(final String value, final int i) {
        final int next = i + 1;
        if (next >= value.length() || !Character.isExtendedPictographic(value.codePointAt(next))) {
            return false;
        }
        int before = i;
        while (before > 0) {
            final int point = value.codePointBefore(before);
            if (point != EMOJI_PRESENTATION && !Character.isEmojiModifier(point) && !(point >= TAG_FIRST && point <= TAG_LAST)) {
                return Character.isExtendedPictographic(point);
            }
            before -= Character.charCount(point);
        }
        return false;
    }

    /** Lower-cases with the root locale; a helper shared by the rules. */
    static String lower(final String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
