package dev.nificrm.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A person's name split into its parts, from one free-text field such as Salesforce's {@code Name} or a CSV's
 * "Full Name".
 * <ul>
 *     <li>{@code "Dr. Jan van der Berg Jr."} → salutation {@code Dr.}, first {@code Jan}, last {@code van der Berg},
 *     suffix {@code Jr.};</li>
 *     <li>{@code "Berg, Jan Peter"} → first {@code Jan}, middle {@code Peter}, last {@code Berg} (family name first
 *     when there is a comma, unless what follows the comma is only a suffix: {@code "John Smith, Jr."});</li>
 *     <li>a single word is a last name (every CRM requires one).</li>
 * </ul>
 * Particles ({@code van}, {@code der}, {@code de}, {@code la}, {@code von}, {@code di}...) begin the last name when
 * they stand after the first name.
 */
public record PersonName(String salutation, String first, String middle, String last, String suffix) {
    private static final Set<String> SALUTATIONS = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mme", "mlle",
            "herr", "frau", "rev", "fr");
    private static final Set<String> SUFFIXES = Set.of("jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "dds", "cpa", "mba", "jd");
    private static final Set<String> PARTICLES = Set.of("van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la",
            "le", "ten", "ter", "te", "bin", "ibn", "al", "el", "st", "st.", "dos", "das", "zu", "vom", "y");

    /** Splits a name; blank text gives a name with every part null. */
    public static PersonName parse(final String text) {
        if (text == null || text.isBlank()) {
            return new PersonName(null, null, null, null, null);
        }
        final String trimmed = text.trim();
        final int comma = trimmed.indexOf(',');
        if (comma >= 0) {
            final String before = trimmed.substring(0, comma).trim();
            final String after = trimmed.substring(comma + 1).trim();
            final List<String> afterWords = words(after.replace(',', ' '));
            if (!afterWords.isEmpty() && afterWords.stream().allMatch(PersonName::isSuffix)) {
                final PersonName name = parseWords(words(before));
                return new PersonName(name.salutation, name.first, name.middle, name.last, join(afterWords, 0, afterWords.size()));
            }
            // "Last, First Middle[, Suffix]"
            final PersonName given = parseWords(words(after.replace(',', ' ')));
            final List<String> givenWords = new ArrayList<>();
            addIfPresent(givenWords, given.first);
            addIfPresent(givenWords, given.middle);
            addIfPresent(givenWords, given.last);
            final String first = givenWords.isEmpty() ? null : givenWords.get(0);
            final String middle = givenWords.size() > 1 ? join(givenWords, 1, givenWords.size()) : null;
            return new PersonName(given.salutation, first, middle, before.isEmpty() ? null : before, given.suffix);
        }
        return parseWords(words(trimmed));
    }

    /** The part named by a specification's {@code "part"}: salutation, first, middle, last or suffix. */
    public String part(final Part part) {
        return switch (part) {
            case SALUTATION -> salutation;
            case FIRST -> first;
            case MIDDLE -> middle;
            case LAST -> last;
            case SUFFIX -> suffix;
        };
    }

    /** The parts of a person name a split can select. */
    public enum Part {
        SALUTATION, FIRST, MIDDLE, LAST, SUFFIX;

        /** The part named in a specification, or null. */
        static Part fromKey(final String key) {
            for (final Part part : values()) {
                if (part.name().equalsIgnoreCase(key)) {
                    return part;
                }
            }
            return null;
        }
    }

    private static PersonName parseWords(final List<String> words) {
        int start = 0;
        int end = words.size();
        String salutation = null;
        if (end - start > 1 && isSalutation(words.get(start))) {
            salutation = words.get(start);
            start++;
        }
        int suffixStart = end;
        while (suffixStart - start > 1 && isSuffix(words.get(suffixStart - 1))) {
            suffixStart--;
        }
        final String suffix = suffixStart < end ? join(words, suffixStart, end) : null;
        end = suffixStart;
        if (end - start <= 0) {
            return new PersonName(salutation, null, null, null, suffix);
        }
        if (end - start == 1) {
            return new PersonName(salutation, null, null, words.get(start), suffix);
        }
        int lastStart = end - 1;
        for (int i = start + 1; i < end - 1; i++) {
            if (PARTICLES.contains(words.get(i).toLowerCase(Locale.ROOT))) {
                lastStart = i;
                break;
            }
        }
        final String middle = lastStart > start + 1 ? join(words, start + 1, lastStart) : null;
        return new PersonName(salutation, words.get(start), middle, join(words, lastStart, end), suffix);
    }

    private static boolean isSalutation(final String word) {
        return SALUTATIONS.contains(stripDot(word));
    }

    private static boolean isSuffix(final String word) {
        return SUFFIXES.contains(stripDot(word).replace(".", ""));
    }

    private static String stripDot(final String word) {
        final String lower = word.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static List<String> words(final String text) {
        final List<String> words = new ArrayList<>();
        int i = 0;
        final int length = text.length();
        while (i < length) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            final int begin = i;
            while (i < length && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > begin) {
                words.add(text.substring(begin, i));
            }
        }
        return words;
    }

    private static String join(final List<String> words, final int from, final int to) {
        return String.join(" ", words.subList(from, to));
    }

    private static void addIfPresent(final List<String> words, final String part) {
        if (part != null) {
            words.addAll(words(part));
        }
    }
}
