package dev.nificrm.mapping;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated, seeded Spanish and Portuguese names, each split with its country in several spellings (codes, names in English
 * and the country's language, any case, with and without accents): a Spanish name ends in its two family names, or in one
 * after a compound given name (Juan Carlos Pérez); a Portuguese name ends in its last family name, with its particles and a
 * Filho, Neto or Júnior after it, the mother's family name in the middle. The same names with another country or none split
 * as they do without a country, and every split keeps every word, in order, in exactly one part.
 */
class PersonNameCountryPropertyTest {
    private static final int NAMES = 3_000;
    private static final List<String> SPANISH_COUNTRIES = List.of("ES", "esp", "Spain", "España", "ESPAÑA", "México", "mexico", "CO", "Colombia",
            "argentina", "Perú", "CL", "Puerto Rico");
    private static final List<String> PORTUGUESE_COUNTRIES = List.of("BR", "bra", "Brazil", "Brasil", "BRASIL", "PT", "Portugal", "Moçambique",
            "AO", "Cabo Verde", "Timor-Leste");
    private static final List<String> OTHER_COUNTRIES = List.of("US", "DE", "Germany", "FR", "Italia", "Philippines", "GB", "", " ");
    private static final List<String> SPANISH_GIVEN = List.of("Gabriel", "Ana", "José", "Lucía", "Íñigo", "María", "Pedro", "Juan");
    /** Second given names of compound given names (Juan Carlos, María José), which are seldom a family name. */
    private static final List<String> SPANISH_SECOND_GIVEN = List.of("Carlos", "José", "Luis", "Ángel", "María", "Isabel", "Teresa");
    private static final List<String> SPANISH_FAMILY = List.of("García", "Márquez", "Pérez", "López", "Ruiz", "Núñez", "Fernández", "Martín",
            "Gómez", "Cruz");
    private static final List<String> SPANISH_PARTICLES = List.of("de", "de la", "del", "de los");
    private static final List<String> PORTUGUESE_GIVEN = List.of("Maria", "João", "Ana", "Luiz", "Antônio", "Conceição");
    private static final List<String> PORTUGUESE_SECOND_GIVEN = List.of("Paula", "Pedro", "Inácio", "Clara", "Eduarda");
    private static final List<String> PORTUGUESE_FAMILY = List.of("Silva", "Souza", "Oliveira", "Carmo", "Santos", "Pereira", "Conceição");
    private static final List<String> PORTUGUESE_PARTICLES = List.of("da", "de", "do", "dos", "das");
    private static final List<String> PORTUGUESE_ENDINGS = List.of("Filho", "Neto", "Júnior", "Sobrinho");

    @Test
    void everyGeneratedNameSplitsByItsCountryAndAsBeforeByAnyOther() {
        final Random random = new Random(62_062);
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < NAMES; i++) {
            final boolean spanish = random.nextBoolean();
            final Name name = spanish ? spanish(random) : portuguese(random);
            final String country = pick(random, spanish ? SPANISH_COUNTRIES : PORTUGUESE_COUNTRIES);
            final PersonName split = PersonName.parse(name.text, PersonName.Naming.of(country));
            if (!name.expected.equals(split)) {
                failures.add("'" + name.text + "' (" + country + ") gave " + split + ", expected " + name.expected);
            }
            final String other = pick(random, OTHER_COUNTRIES);
            final PersonName asBefore = PersonName.parse(name.text);
            final PersonName otherSplit = PersonName.parse(name.text, PersonName.Naming.of(other));
            if (!asBefore.equals(otherSplit)) {
                failures.add("'" + name.text + "' (" + other + ") gave " + otherSplit + ", without a country " + asBefore);
            }
            for (final PersonName each : List.of(split, otherSplit)) {
                final String joined = Stream.of(each.first(), each.middle(), each.last()).filter(part -> part != null).collect(Collectors.joining(" "));
                if (!joined.equals(name.text)) {
                    failures.add("'" + name.text + "' joined back is '" + joined + "'");
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures in " + NAMES + " names, e.g. " + failures.subList(0, Math.min(8, failures.size())));
    }

    private record Name(String text, PersonName expected) {
    }

    /** Given name, maybe a second one, then one or two family names, each maybe with particles. */
    private static Name spanish(final Random random) {
        final String first = pick(random, SPANISH_GIVEN);
        final String second = random.nextInt(3) == 0 ? pick(random, SPANISH_SECOND_GIVEN) : null;
        final String paternal = withParticles(random, SPANISH_PARTICLES, pick(random, SPANISH_FAMILY), 4);
        final String maternal = random.nextInt(4) == 0 ? null : withParticles(random, SPANISH_PARTICLES, pick(random, SPANISH_FAMILY), 5);
        final String last = maternal == null ? paternal : paternal + " " + maternal;
        return new Name(words(first, second, last), new PersonName(null, first, second, last, null));
    }

    /** Given name, maybe a second one, maybe the mother's family name, the father's, maybe Filho or Neto; particles anywhere. */
    private static Name portuguese(final Random random) {
        final String first = pick(random, PORTUGUESE_GIVEN);
        final String second = random.nextInt(3) == 0 ? pick(random, PORTUGUESE_SECOND_GIVEN) : null;
        final String mothers = random.nextInt(3) == 0 ? null : withParticles(random, PORTUGUESE_PARTICLES, pick(random, PORTUGUESE_FAMILY), 2);
        final String fathers = withParticles(random, PORTUGUESE_PARTICLES, pick(random, PORTUGUESE_FAMILY), 2);
        final String ending = random.nextInt(5) == 0 ? pick(random, PORTUGUESE_ENDINGS) : null;
        final String middle = second == null && mothers == null ? null : words(second, mothers);
        final String last = words(fathers, ending);
        return new Name(words(first, second, mothers, last), new PersonName(null, first, middle, last, null));
    }

    /** The family name, with particles before it one time in {@code oneIn}. */
    private static String withParticles(final Random random, final List<String> particles, final String familyName, final int oneIn) {
        return random.nextInt(oneIn) == 0 ? pick(random, particles) + " " + familyName : familyName;
    }

    private static String words(final String... parts) {
        return Stream.of(parts).filter(part -> part != null).collect(Collectors.joining(" "));
    }

    private static String pick(final Random random, final List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
