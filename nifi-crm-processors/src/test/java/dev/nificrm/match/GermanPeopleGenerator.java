package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Generates person records of Germany, Austria and Switzerland as several sources write them, with the kinds of
 * errors such exports have: a city with umlauts spelt with its dots, as {@code ae}/{@code oe}/{@code ue} or without
 * either ({@code München}/{@code Muenchen}/{@code Munchen}), names with a typo or missing, birth dates with a typo or
 * missing; and people who look alike (namesakes in one city, born on other days). Seeded: the same seed gives the same
 * records. Columns: first name, last name, birth date, city, and the true person. {@link #nordic} generates people of
 * the Nordic countries the same way.
 */
final class GermanPeopleGenerator {
    private static final String[] FIRST_NAMES = {"Lukas", "Jonas", "Felix", "Maximilian", "Leon", "Paul", "Tobias", "Florian",
            "Stefan", "Andreas", "Matthias", "Sebastian", "Anna", "Lena", "Laura", "Julia", "Katharina", "Sophie", "Hannah", "Sabine",
            "Claudia", "Petra", "Monika", "Ursula", "Jürgen", "Günter", "Jörg", "Björn", "Ines", "Vera"};
    private static final String[] LAST_NAMES = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
            "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Huber", "Köhler",
            "Gruber", "Brunner", "Steiner", "Moser", "Keller", "Frei", "Baumann", "Graf"};
    /** Cities with an umlaut, written with it; and cities without one. */
    private static final String[] CITIES = {"München", "Zürich", "Köln", "Düsseldorf", "Nürnberg", "Lübeck", "Würzburg", "Göttingen",
            "Saarbrücken", "Tübingen", "Fürth", "Mönchengladbach", "Osnabrück", "Gütersloh", "Lüneburg", "Jülich", "Mühlheim",
            "Völklingen", "Böblingen", "Füssen", "Mödling", "Sankt Pölten", "Küsnacht", "Dübendorf", "Wädenswil", "Bülach",
            "Berlin", "Hamburg", "Frankfurt", "Stuttgart", "Dortmund", "Bremen", "Dresden", "Leipzig", "Hannover", "Bern", "Basel",
            "Luzern", "Wien", "Graz", "Linz", "Salzburg", "Innsbruck"};

    /** Names of Denmark, Norway, Sweden and Iceland, with and without their own letters. */
    private static final String[] NORDIC_FIRST_NAMES = {"Søren", "Bjørn", "Jørgen", "Åse", "Åsa", "Håkon", "Ståle", "Pål", "Kåre",
            "Torbjørn", "Ørjan", "Sigrún", "Þór", "Þórunn", "Guðrún", "Guðmundur", "Ægir", "Lars", "Nils", "Erik", "Ingrid", "Karin",
            "Mette", "Kristian", "Henrik", "Sofie", "Freja", "Magnus", "Olav", "Sigrid"};
    private static final String[] NORDIC_LAST_NAMES = {"Møller", "Sørensen", "Jørgensen", "Søndergaard", "Østergaard", "Sæther",
            "Bråten", "Løvås", "Ødegård", "Dæhlie", "Hæstad", "Åberg", "Ålund", "Guðmundsdóttir", "Þórsson", "Björnsson", "Hansen",
            "Nielsen", "Larsen", "Andersen", "Johansson", "Lindqvist", "Berg", "Holm", "Dahl", "Lund", "Nyström", "Ødegaard"};
    private static final String[] NORDIC_CITIES = {"København", "Århus", "Næstved", "Køge", "Ærøskøbing", "Tromsø", "Bodø", "Tønsberg",
            "Drøbak", "Malmö", "Göteborg", "Västerås", "Jönköping", "Reykjavík", "Kópavogur", "Þorlákshöfn", "Odense", "Oslo", "Bergen",
            "Stockholm", "Uppsala", "Akureyri", "Lillehammer", "Esbjerg"};

    private final Random random;
    private final String[] firstNames;
    private final String[] lastNames;
    private final String[] cities;

    GermanPeopleGenerator(final long seed) {
        this(seed, FIRST_NAMES, LAST_NAMES, CITIES);
    }

    private GermanPeopleGenerator(final long seed, final String[] firstNames, final String[] lastNames, final String[] cities) {
        this.random = new Random(seed);
        this.firstNames = firstNames;
        this.lastNames = lastNames;
        this.cities = cities;
    }

    /**
     * People of the Nordic countries, whose sources write {@code ø}, {@code æ}, {@code å}, {@code þ} and {@code ð} with the
     * letter, transliterated ({@code oe}, {@code ae}, {@code aa}, {@code th}, {@code d}) or bare ({@code o}, {@code a},
     * {@code a}, {@code th}, {@code d}), as the German people's umlauts, with the same typos and look-alikes.
     */
    static GermanPeopleGenerator nordic(final long seed) {
        return new GermanPeopleGenerator(seed, NORDIC_FIRST_NAMES, NORDIC_LAST_NAMES, NORDIC_CITIES);
    }

    /** One generated record: its values in column order and its true person. */
    record Person(String firstName, String lastName, String birthDate, String city, String entity) {
        String[] values() {
            return new String[] {firstName, lastName, birthDate, city};
        }
    }

    /**
     * @param people          the people
     * @param namesakeShare   the share of people who have a namesake in their city (born on another day)
     * @return two to four records of each person, shuffled
     */
    List<Person> generate(final int people, final double namesakeShare) {
        final List<Person> records = new ArrayList<>();
        int entity = 0;
        for (int i = 0; i < people; i++) {
            final String first = pick(firstNames);
            final String last = pick(lastNames);
            final String city = pick(cities);
            final int[] born = {1940 + random.nextInt(65), 1 + random.nextInt(12), 1 + random.nextInt(28)};
            writeDown(records, "p" + entity++, first, last, born, city, 2 + random.nextInt(3));
            if (random.nextDouble() < namesakeShare) {
                final int[] otherDay = {1940 + random.nextInt(65), 1 + random.nextInt(12), 1 + random.nextInt(28)};
                writeDown(records, "p" + entity++, first, last, otherDay, city, 1 + random.nextInt(2));
            }
        }
        Collections.shuffle(records, random);
        return records;
    }

    private void writeDown(final List<Person> records, final String entity, final String first, final String last, final int[] born,
                           final String city, final int copies) {
        for (int copy = 0; copy < copies; copy++) {
            final double dice = random.nextDouble();
            final String firstName = dice < 0.12 ? null : typo(first, 0.2);
            final String lastName = dice > 0.9 ? null : typo(last, 0.2);
            String date = String.format("%04d-%02d-%02d", born[0], born[1], born[2]);
            final double dateDice = random.nextDouble();
            if (dateDice < 0.1) {
                date = null;
            } else if (dateDice < 0.25) {
                // the day's first digit mistyped
                date = date.substring(0, 8) + (char) ('0' + random.nextInt(3)) + date.charAt(9);
            }
            // a source writes every umlaut of a record one way: an export in ASCII as ae/oe/ue or as the bare vowel
            final int spelling = random.nextInt(3);
            records.add(new Person(spell(firstName, spelling), spell(lastName, spelling), date,
                    random.nextDouble() < 0.08 ? null : spell(city, spelling), entity));
        }
    }

    /**
     * A value with its umlauts and Nordic letters written with dots (0), as ae/oe/ue, aa, th and d (1) or as the bare vowel
     * (2, þ and ð as in 1).
     */
    private static String spell(final String value, final int spelling) {
        if (value == null) {
            return null;
        }
        return switch (spelling) {
            case 0 -> value;
            case 1 -> nordic(value.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ü", "Ue"), "oe", "Oe", "ae", "Ae",
                    "aa", "Aa");
            default -> nordic(value.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("Ü", "U"), "o", "O", "a", "A", "a", "A");
        };
    }

    private static String nordic(final String value, final String o, final String capitalO, final String ae, final String capitalAe,
                                 final String a, final String capitalA) {
        return value.replace("ø", o).replace("Ø", capitalO).replace("æ", ae).replace("Æ", capitalAe).replace("å", a).replace("Å", capitalA)
                .replace("þ", "th").replace("Þ", "Th").replace("ð", "d").replace("Ð", "D");
    }

    /** The value with, at the chance given, one letter after its first two swapped with the next, doubled or dropped. */
    private String typo(final String value, final double chance) {
        if (random.nextDouble() >= chance || value.length() < 4) {
            return value;
        }
        final int at = 2 + random.nextInt(value.length() - 3);
        final StringBuilder builder = new StringBuilder(value);
        switch (random.nextInt(3)) {
            case 0 -> {
                final char c = builder.charAt(at);
                builder.setCharAt(at, builder.charAt(at + 1));
                builder.setCharAt(at + 1, c);
            }
            case 1 -> builder.insert(at, builder.charAt(at));
            default -> builder.deleteCharAt(at);
        }
        return builder.toString();
    }

    private String pick(final String[] values) {
        return values[random.nextInt(values.length)];
    }
}
