package dev.nificrm.match;

import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated values of every role, folded to keys and compared: a comparison is symmetric, in range (or -1, no evidence:
 * company identifiers of two kinds), equal keys agree
 * exactly, and a value written in NFD, NFC, with other spacing or with full-width letters and digits has the key of the value.
 */
class ComparatorPropertyTest {
    private static final String[] PIECES = {"Müller", "Mueller", "José", "Łukasz", "Straße", "Ærø", "İstanbul", "ısık", "ß", "Ὀδυσσεύς",
            "Иван", "محمد", "מֹשֶׁה", "ガ", "カ", "😀", "𝒜", "１２３", "Acme", "GmbH", "Inc.", "&", "St.", "Saint", "Ste-Foy", "12", "12a",
            "Apt 4", "Rd", "Road", "O'Brien", "van der", "Bob", "Robert", "Kate", "Catherine", "-", " ", "  ", ",", ".", "@", "+",
            "john.smith", "gmail.com", "0207 946 0958", "+1 415 555 0100", "1980-01-15", "15/01/1980", "01/15/1980", "19800115",
            "N/A", "0", "9", "x", "Ω", "ǅ", "ﬁ", "Å", "Å", "ö", "ö"};

    @Test
    void everyComparatorIsSymmetricInRangeAndExactOnEqualKeys() {
        final Random random = new Random(4_811);
        final ComparisonKeys keys = new ComparisonKeys("GB");
        final List<String> failures = new ArrayList<>();
        for (final Role role : Role.values()) {
            final FieldComparator comparator = DefaultWeights.comparator(role.getComparison().getComparator(), Nicknames.bundled(), new PhoneticCodes());
            final int last = comparator.levels().size() - 1;
            for (int i = 0; i < 1_500; i++) {
                final String left = keys.normalise(role, value(random));
                final String right = random.nextInt(4) == 0 ? left : keys.normalise(role, value(random));
                if (left == null || right == null) {
                    continue;
                }
                final int forward = comparator.compare(left, right);
                final int backward = comparator.compare(right, left);
                if (forward != backward || forward < -1 || forward > last) {
                    failures.add(role + " " + left + " | " + right + ": " + forward + " / " + backward);
                }
                // a company name of common words only agrees with itself on its own, weak level (generic)
                if (comparator.compare(left, left) != 0 && comparator.compare(left, left) != comparator.commonValueLevel()) {
                    failures.add(role + " self " + left + ": " + comparator.compare(left, left));
                }
            }
        }
        assertEquals(List.of(), failures.stream().limit(30).toList(), failures.size() + " failures");
    }

    /**
     * A comparator that reads a stored value as characters ({@link FieldComparator#compareCharacters}, h248: phones and
     * birth dates of a store's candidates compared where the store holds them) gives the level the strings give: every
     * role's generated keys, and dates and phones one or two digits apart (every level of theirs reached).
     */
    @Test
    void aValueReadAsCharactersHasTheLevelOfItsString() {
        final Random random = new Random(248);
        final ComparisonKeys keys = new ComparisonKeys("GB");
        final List<String> failures = new ArrayList<>();
        final java.util.Set<String> levelsSeen = new java.util.HashSet<>();
        for (final Role role : Role.values()) {
            final FieldComparator comparator = DefaultWeights.comparator(role.getComparison().getComparator(), Nicknames.bundled(), new PhoneticCodes());
            for (int i = 0; i < 3_000; i++) {
                final String left;
                final String right;
                if (i % 2 == 0) {
                    left = keys.normalise(role, value(random));
                    right = random.nextInt(4) == 0 ? left : keys.normalise(role, value(random));
                } else {
                    // digits a typo, two or a few apart: a date's or a phone's levels all reached
                    left = String.format("%04d%02d%02d", 1900 + random.nextInt(130), 1 + random.nextInt(12), 1 + random.nextInt(31));
                    final char[] mistyped = left.toCharArray();
                    for (int edits = random.nextInt(4); edits > 0; edits--) {
                        mistyped[random.nextInt(mistyped.length)] = (char) ('0' + random.nextInt(10));
                    }
                    right = random.nextInt(5) == 0 ? "+4420" + left.substring(1) : new String(mistyped);
                }
                if (left == null || right == null || left.indexOf(Comparison.VALUE_SEPARATOR) >= 0 || right.indexOf(Comparison.VALUE_SEPARATOR) >= 0) {
                    continue;
                }
                final int byCharacters = comparator.compareCharacters(left, new StringBuilder(right));
                if (byCharacters == FieldComparator.BY_STRINGS) {
                    continue;
                }
                final int byStrings = comparator.compare(left, right);
                levelsSeen.add(comparator.getClass().getSimpleName() + " " + byStrings);
                if (byCharacters != byStrings) {
                    failures.add(role + " " + left + " / " + right + ": " + byCharacters + " as characters, " + byStrings + " as strings");
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        for (int level = 0; level < 5; level++) {
            assertTrue(levelsSeen.contains("DateComparator " + level), "dates at level " + level + ": " + levelsSeen);
        }
        for (int level = 0; level < 3; level++) {
            assertTrue(levelsSeen.contains("PhoneComparator " + level), "phones at level " + level + ": " + levelsSeen);
        }
    }

    @Test
    void aValueHasOneKeyWhateverItsNormalFormWidthAndSpacing() {
        final Random random = new Random(4_812);
        final ComparisonKeys keys = new ComparisonKeys("GB");
        final List<String> failures = new ArrayList<>();
        for (final Role role : Role.values()) {
            for (int i = 0; i < 1_500; i++) {
                final String raw = value(random);
                final String key = keys.normalise(role, raw);
                for (final String variant : List.of(Normalizer.normalize(raw, Normalizer.Form.NFD), Normalizer.normalize(raw, Normalizer.Form.NFC),
                        " " + raw + " ", fullWidth(raw, random))) {
                    final String variantKey = keys.normalise(role, variant);
                    if (!java.util.Objects.equals(key, variantKey)) {
                        failures.add(role + " [" + raw + "] " + key + " vs [" + variant + "] " + variantKey);
                    }
                }
            }
        }
        final java.util.Map<String, Long> byRole = new java.util.TreeMap<>();
        failures.forEach(f -> byRole.merge(f.substring(0, f.indexOf(' ')), 1L, Long::sum));
        assertEquals(List.of(), failures.stream().filter(f -> !f.startsWith("EMAIL")).limit(30).toList(), byRole + " failures");
    }

    /** The value with some of its ASCII letters, digits and signs written full-width (１２３, ＡＢＣ), as CJK input methods write them. */
    private static String fullWidth(final String value, final Random random) {
        final StringBuilder builder = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            builder.append(c > ' ' && c < 127 && random.nextBoolean() ? (char) (c + 0xFEE0) : c);
        }
        return builder.toString();
    }

    private static String value(final Random random) {
        final StringBuilder builder = new StringBuilder();
        final int pieces = 1 + random.nextInt(4);
        for (int p = 0; p < pieces; p++) {
            if (p > 0 && random.nextBoolean()) {
                builder.append(' ');
            }
            builder.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return builder.toString();
    }
}
