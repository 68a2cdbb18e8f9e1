package dev.nificrm.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compares street address keys ({@link Addresses}) as a house number, the street and an optional unit. Two different
 * house numbers are different places; so are two different units in one building. Directions are optional
 * ({@code 1972 hillhurst avenue}/{@code 1972 north hillhurst avenue}) and a note after the street does not count
 * against it ({@code 854 7th avenue}/{@code 854 7th avenue between 54th and 55th streets}). Without a house number on
 * either side the lines are compared as text, like {@link TextComparator}. An umlaut written {@code ue} on one side and
 * {@code u} on the other ({@code 5 mueller street}/{@code 5 muller street}, from {@code Müllerstraße 5}) is no
 * difference, nor is a particle one side leaves out ({@code 150 calle de balmes}/{@code 150 calle balmes}), nor a
 * street name written as one word or as two ({@code 1200 lake shore drive}/{@code 1200 lakeshore drive},
 * {@code 804 north point street}/{@code 804 northpoint}). Levels:
 * exact; close (the same street and the same number, or no number on one side: a number left out is a missing value,
 * not a contradiction); similar (a street that is only like the other, Jaro-Winkler ≥ 0.80, or two
 * different units); differs.
 */
public final class AddressComparator implements FieldComparator {
    private static final Set<String> DIRECTIONS = Set.of("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest");
    /**
     * The particles of French, Spanish, Catalan, Portuguese and Italian street names, which sources write or leave out
     * ({@code Carrer de Balmes}, {@code C/ Balmes}), as the key writes them ({@code d'}, {@code l'} fold to {@code d},
     * {@code l}).
     */
    private static final Set<String> PARTICLES = Set.of("de", "del", "d", "la", "las", "los", "el", "le", "les", "l", "lo", "di", "da",
            "do", "dos", "das", "du", "des", "della", "delle", "dello", "degli", "dei");
    private final TextComparator text = new TextComparator();

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right) || Umlauts.sameSpelling(left, right)) {
            return 0;
        }
        final String leftNumber = Addresses.houseNumber(left);
        final String rightNumber = Addresses.houseNumber(right);
        if (leftNumber == null && rightNumber == null) {
            return text.compare(left, right);
        }
        if (leftNumber != null && rightNumber != null && !leftNumber.equals(rightNumber)) {
            return 3;
        }
        final Parts leftParts = parts(left, leftNumber);
        final Parts rightParts = parts(right, rightNumber);
        final boolean unitsDiffer = leftParts.unit != null && rightParts.unit != null && !leftParts.unit.equals(rightParts.unit);
        final int street;
        if (leftParts.street.isEmpty() || rightParts.street.isEmpty()) {
            street = 3;
        } else if (isPrefix(leftParts.street, rightParts.street) || isPrefix(rightParts.street, leftParts.street)) {
            street = 1;
        } else {
            final int asText = text.compare(String.join(" ", leftParts.street), String.join(" ", rightParts.street));
            street = asText > 1 ? Math.min(Math.min(asText, withoutParticles(leftParts.street, rightParts.street)),
                    spacedAnotherWay(leftParts.named, rightParts.named)) : asText;
        }
        if (street == 3) {
            return 3;
        }
        return unitsDiffer ? 2 : Math.max(1, street);
    }

    /** The street words without the house number, directions and the unit; the same with directions; and the unit. */
    private static Parts parts(final String key, final String number) {
        final String[] words = key.split(" ");
        final List<String> street = new ArrayList<>(words.length);
        final List<String> named = new ArrayList<>(words.length);
        String unit = null;
        for (int i = number == null ? 0 : 1; i < words.length; i++) {
            if ((words[i].equals("unit") || words[i].equals("floor")) && i + 1 < words.length) {
                unit = words[i] + ' ' + words[++i];
            } else {
                named.add(words[i]);
                if (!DIRECTIONS.contains(words[i])) {
                    street.add(words[i]);
                }
            }
        }
        return new Parts(street, named, unit);
    }

    /**
     * Close when one street's words, written together, are the other's first words written together ({@code lakeshore}/
     * {@code lake shore drive}, {@code northpoint}/{@code north point street}: a direction may be part of the name), else
     * differs: only whole words join, so {@code main} is not {@code mainland}.
     */
    private static int spacedAnotherWay(final List<String> left, final List<String> right) {
        return startsJoined(left, right) || startsJoined(right, left) ? 1 : 3;
    }

    /** Whether the words of {@code whole} written together equal the first words of {@code other} written together. */
    private static boolean startsJoined(final List<String> whole, final List<String> other) {
        final String joined = String.join("", whole);
        int length = 0;
        for (int i = 0; i < other.size() && length < joined.length(); i++) {
            final String word = other.get(i);
            if (!joined.startsWith(word, length)) {
                return false;
            }
            length += word.length();
        }
        return length == joined.length();
    }

    /**
     * Close when the streets are one once the particles are left out on both sides ({@code calle de balmes}/{@code calle
     * balmes}), else differs: a particle one source leaves out is no difference, and leaving them out makes no two streets
     * closer than that.
     */
    private static int withoutParticles(final List<String> left, final List<String> right) {
        final List<String> leftNames = withoutParticles(left);
        final List<String> rightNames = withoutParticles(right);
        if (leftNames.size() == left.size() && rightNames.size() == right.size() || leftNames.isEmpty() || rightNames.isEmpty()) {
            return 3;
        }
        return isPrefix(leftNames, rightNames) || isPrefix(rightNames, leftNames) ? 1 : 3;
    }

    private static List<String> withoutParticles(final List<String> street) {
        final List<String> names = new ArrayList<>(street.size());
        for (final String word : street) {
            if (!PARTICLES.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    /** Whether every word of the shorter street starts the longer one, up to typos. */
    private static boolean isPrefix(final List<String> shorter, final List<String> longer) {
        if (shorter.size() > longer.size()) {
            return false;
        }
        for (int i = 0; i < shorter.size(); i++) {
            final String word = shorter.get(i);
            final String other = longer.get(i);
            if (!word.equals(other) && !Umlauts.sameSpelling(word, other) && !isTypo(word, other)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTypo(final String word, final String other) {
        return Math.min(word.length(), other.length()) >= 4 && Similarities.jaroWinkler(word, other, 0.92) >= 0.92;
    }

    private record Parts(List<String> street, List<String> named, String unit) {
    }

    @Override
    public List<String> levels() {
        return Similarities.GRADED_LEVELS;
    }
}
