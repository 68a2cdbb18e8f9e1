package dev.nificrm.mapping;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated, seeded names of every shape the person-name split reads (title first, family name first, suffixes after a comma,
 * "last, title"), with titles and suffixes in the languages the presets' CRMs are used in, particles, hyphens, apostrophes,
 * accents, all capitals and extra spaces and commas. Each splits into the parts it was made of: no title or suffix is a first,
 * middle or last name, no letter is lost or added, and a name without a comma joined from its parts is the name again (its
 * words, single-spaced).
 */
class PersonNamePropertyTest {
    private static final int NAMES = 4_000;
    private static final List<String> TITLES = List.of("Mr.", "Mr", "Mrs.", "Ms", "Miss", "Dr.", "Dr", "Prof.", "Sir", "Herr", "Frau", "M.", "Mme",
            "Mlle.", "Sr.", "Sra.", "Srta.", "Rev.");
    /** Titles that read as a title only before a name (M. is also an initial; Sr. after a name is its senior). */
    private static final Set<String> TITLES_BEFORE_A_NAME = Set.of("M.", "Sr.");
    private static final List<String> SUFFIXES = List.of("Jr.", "Jr", "Sr.", "II", "III", "IV", "PhD", "Ph.D.", "MD", "M.D.", "Esq.", "DDS");
    private static final List<String> GIVEN = List.of("Jan", "Mary", "José", "Zoë", "Anne-Marie", "Seán", "Łukasz", "Björn", "Ann", "Karl",
            "Marie", "Jean-Luc", "D'Arcy", "Ngozi", "Li");
    private static final List<String> FAMILY = List.of("Berg", "O'Brien", "Smith-Jones", "Müller", "Núñez", "D'Angelo", "Beethoven", "Lee",
            "Dupont", "MacLeod", "Øster");
    /** Two family names, which only a comma tells from a middle name and a family name ("Márquez, Gabriel García"). */
    private static final String TWO_FAMILY_NAMES = "García Márquez";
    private static final List<String> PARTICLES = List.of("van", "van der", "de", "von", "da", "de la", "di", "van den", "dos");
    private static final List<String> CAPITAL_PARTICLES = List.of("Van", "De", "Von", "Da", "Di", "De la");

    @Test
    void everyGeneratedNameSplitsIntoThePartsItWasMadeOf() {
        final Random random = new Random(4_071);
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < NAMES; i++) {
            final Name name = name(random);
            final PersonName split = PersonName.parse(name.text);
            final PersonName expected = name.expected;
            if (!expected.equals(split)) {
                failures.add("'" + name.text + "' gave " + split + ", expected " + expected);
                continue;
            }
            for (final String part : Stream.of(split.first(), split.middle(), split.last()).filter(part -> part != null).toList()) {
                for (final String word : part.split(" ")) {
                    if (TITLES.contains(word) || SUFFIXES.contains(word)) {
                        failures.add("'" + name.text + "' put the title or suffix " + word + " in a name: " + split);
                    }
                }
            }
            final String parts = Stream.of(split.salutation(), split.first(), split.middle(), split.last(), split.suffix())
                    .filter(part -> part != null).collect(Collectors.joining(" "));
            if (!letters(parts).equals(letters(name.text))) {
                failures.add("'" + name.text + "' lost or gained letters: " + split);
            }
            if (name.text.indexOf(',') < 0 && !parts.equals(String.join(" ", name.text.trim().split("\\s+")))) {
                failures.add("'" + name.text + "' joined back is '" + parts + "'");
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + NAMES + " names, e.g. " + failures.subList(0, Math.min(8, failures.size())));
    }

    private record Name(String text, PersonName expected) {
    }

    /** A name of one of six shapes and the parts it was made of. */
    private static Name name(final Random random) {
        final boolean capitals = random.nextInt(6) == 0;
        final List<String> titles = pick(random, TITLES, random.nextInt(5) == 0 ? 2 : random.nextInt(2));
        final List<String> suffixes = pick(random, SUFFIXES, random.nextInt(5) == 0 ? 2 : random.nextInt(2));
        final String first = GIVEN.get(random.nextInt(GIVEN.size()));
        final String middle = random.nextInt(3) == 0 ? GIVEN.get(random.nextInt(GIVEN.size())) : null;
        final int shape = random.nextInt(6);
        final boolean familyFirst = shape == 1 || shape == 2 || shape == 4;
        final String family = familyFirst && random.nextInt(8) == 0 ? TWO_FAMILY_NAMES : FAMILY.get(random.nextInt(FAMILY.size()));
        final int particle = random.nextInt(3);
        final String last = particle == 0 ? family : (particle == 1 ? PARTICLES.get(random.nextInt(PARTICLES.size()))
                : CAPITAL_PARTICLES.get(random.nextInt(CAPITAL_PARTICLES.size()))) + " " + family;
        final String given = join(first, middle);
        final String text;
        PersonName expected;
        switch (shape) {
            // Dr. Jan Peter van der Berg Jr.
            case 0 -> {
                text = join(join(words(titles), given), join(last, words(suffixes))) + commas(random, 0);
                expected = new PersonName(orNull(titles), first, middle, last, orNull(suffixes));
            }
            // van der Berg, Dr. Jan Peter Jr.
            case 1 -> {
                text = last + commas(random, 1) + join(words(titles), join(given, words(suffixes)));
                expected = new PersonName(orNull(titles), first, middle, last, orNull(suffixes));
            }
            // van der Berg, Dr. Jan Peter, Jr., PhD
            case 2 -> {
                final List<String> atLeastOne = suffixes.isEmpty() ? List.of("Jr.") : suffixes;
                text = last + commas(random, 1) + join(words(titles), given) + commas(random, 1) + String.join(commas(random, 1), atLeastOne);
                expected = new PersonName(orNull(titles), first, middle, last, orNull(atLeastOne));
            }
            // Dr. Jan van der Berg, Jr.
            case 3 -> {
                final List<String> atLeastOne = suffixes.isEmpty() ? List.of("III") : suffixes;
                text = join(join(words(titles), given), last) + commas(random, 1) + String.join(" ", atLeastOne);
                expected = new PersonName(orNull(titles), first, middle, last, orNull(atLeastOne));
            }
            // van der Berg, Dr. (a title that needs no name after it)
            case 4 -> {
                final List<String> standalone = titles.stream().filter(title -> !TITLES_BEFORE_A_NAME.contains(title)).toList();
                final List<String> atLeastOne = standalone.isEmpty() ? List.of("Dr.") : standalone;
                text = last + commas(random, 1) + String.join(" ", atLeastOne);
                expected = new PersonName(orNull(atLeastOne), null, null, last, null);
            }
            // Dr. van der Berg: a name without a given name, its particle in lower case or none
            default -> {
                final String lowerLast = particle == 2 ? family : last;
                text = join(words(titles), lowerLast);
                expected = new PersonName(orNull(titles), null, null, lowerLast, null);
            }
        }
        final String spaced = spaces(random, text);
        if (capitals && expected.first() != null) {
            return new Name(spaced.toUpperCase(Locale.ROOT), new PersonName(upper(expected.salutation()), upper(expected.first()),
                    upper(expected.middle()), upper(expected.last()), upper(expected.suffix())));
        }
        return new Name(spaced, expected);
    }

    private static List<String> pick(final Random random, final List<String> from, final int count) {
        final List<String> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(from.get(random.nextInt(from.size())));
        }
        return picked;
    }

    private static String words(final List<String> words) {
        return words.isEmpty() ? null : String.join(" ", words);
    }

    private static String orNull(final List<String> words) {
        return words(words);
    }

    private static String join(final String one, final String other) {
        return one == null ? other : other == null ? one : one + " " + other;
    }

    private static String upper(final String text) {
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }

    /** One or more commas with spaces around them, or, for none, sometimes a stray comma at the end. */
    private static String commas(final Random random, final int count) {
        if (count == 0) {
            return random.nextInt(8) == 0 ? "," : "";
        }
        return (random.nextBoolean() ? "" : " ") + (random.nextInt(6) == 0 ? ",," : ",") + (random.nextInt(4) == 0 ? "  " : " ");
    }

    /** The text with some of its spaces doubled and spaces before and after it. */
    private static String spaces(final Random random, final String text) {
        final StringBuilder spaced = new StringBuilder(random.nextInt(4) == 0 ? "  " : "");
        for (final char c : text.toCharArray()) {
            spaced.append(c == ' ' && random.nextInt(5) == 0 ? "  \t" : String.valueOf(c));
        }
        return spaced.append(random.nextInt(4) == 0 ? " " : "").toString();
    }

    /** The letters of a text, sorted: whitespace and commas separate parts and are no letters. */
    private static String letters(final String text) {
        return text.chars().filter(c -> !Character.isWhitespace(c) && c != ',').sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
