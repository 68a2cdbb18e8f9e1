package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates CRM contacts of European and Latin American people whose given name one source writes in full and another
 * as its short form ({@code Josef}/{@code Sepp}, {@code Cornelis}/{@code Kees}, {@code José María}/{@code Chema}), with
 * known truth, as {@link PersonErrorGenerator}'s nickname kind has them (the second source holds the city and one or two
 * of email, phone and street address, the company half the time, the birth date a third of the time the first has it),
 * and the people who must stay two: relatives at one address whose given names are two names of one language that share
 * a short form by accident ({@code Alberto}/{@code Roberto}, both {@code Beto}), one of them written with it; and two
 * people whose given names are one name in two languages ({@code Jan}/{@code John}). Seeded: the same seed gives the same
 * records. The short forms were written from common knowledge of each language before the bundled list was extended.
 */
final class GivenNamesAcrossLanguagesGenerator {

    /** The kinds, each measured on its own. */
    enum Kind {
        /** One person: the full given name against a short form of its own language. */
        SHORT_FORM,
        /** One person: the given name against its equivalent in another language ({@code Jan} in an English-language CRM as {@code John}). */
        OTHER_LANGUAGE,
        /** Two people at one address: two names of one language sharing a short form by accident, the first written with it by a second source. */
        SHARED_SHORT_FORM,
        /** Two people of one last name and city, colleagues half the time: given names that are one name in two languages. */
        EQUIVALENTS;

        boolean twoPeople() {
            return this == SHARED_SHORT_FORM || this == EQUIVALENTS;
        }
    }

    /** A language: where its people live, their last names, full given names with a short form, and names sharing one. */
    record Language(String name, City[] cities, String[] lastNames, String[][] shortForms, String[][] sharedShortForms) {
    }

    /** A city: country code as a picklist writes it, postal code length, the phone's country code and area code. */
    record City(String name, String country, int postalDigits, String countryCode, String areaCode) {
    }

    static final List<Language> LANGUAGES = List.of(
            new Language("German", new City[] {new City("München", "DE", 5, "49", "89"), new City("Wien", "AT", 4, "43", "1"),
                    new City("Zürich", "CH", 4, "41", "44")},
                    new String[] {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Huber", "Gruber", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause"},
                    new String[][] {{"Johannes", "Hans"}, {"Josef", "Sepp"}, {"Friedrich", "Fritz"}, {"Ursula", "Uschi"}, {"Wilhelm", "Willi"},
                            {"Heinrich", "Heinz"}, {"Nikolaus", "Klaus"}, {"Margarete", "Gretel"}, {"Elisabeth", "Liesel"}, {"Joachim", "Jochen"},
                            {"Rudolf", "Rudi"}, {"Theresia", "Resi"}, {"Sebastian", "Basti"}, {"Brigitte", "Gitti"}, {"Wolfgang", "Wolfi"}},
                    new String[][] {{"Albert", "Robert", "Bert"}, {"Helene", "Magdalena", "Lene"}, {"Andreas", "Andrea", "Andi"}}),
            new Language("Dutch", new City[] {new City("Amsterdam", "NL", 4, "31", "20"), new City("Antwerpen", "BE", 4, "32", "3")},
                    new String[] {"de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Peeters", "Mulder", "de Boer", "Dekker", "Vermeulen", "Brouwer", "van Dijk", "Hendriks", "van Leeuwen", "Willems", "Janssens", "Maes", "de Graaf", "Kok", "Verhoeven", "Jacobs", "van der Meer", "Bos", "Vos", "Koster"},
                    new String[][] {{"Johannes", "Jan"}, {"Cornelis", "Kees"}, {"Hendrik", "Henk"}, {"Willem", "Wim"}, {"Pieter", "Piet"},
                            {"Nicolaas", "Klaas"}, {"Jacobus", "Koos"}, {"Abraham", "Bram"}, {"Gerardus", "Gerrit"}, {"Antonius", "Toon"},
                            {"Adrianus", "Arie"}, {"Geertruida", "Truus"}, {"Cornelia", "Corrie"}, {"Jozef", "Sjef"}, {"Matthijs", "Thijs"}},
                    new String[][] {{"Gijsbert", "Hubertus", "Bert"}, {"Marinus", "Adrianus", "Rien"}, {"Maria", "Adriana", "Ria"}}),
            new Language("Spanish", new City[] {new City("Madrid", "ES", 5, "34", "91"), new City("Ciudad de México", "MX", 5, "52", "55"),
                    new City("Buenos Aires", "AR", 4, "54", "11"), new City("Bogotá", "CO", 6, "57", "1")},
                    new String[] {"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Díaz", "Romero", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio"},
                    new String[][] {{"José", "Pepe"}, {"Francisco", "Paco"}, {"Dolores", "Lola"}, {"Ignacio", "Nacho"}, {"José María", "Chema"},
                            {"Manuel", "Manolo"}, {"Guillermo", "Memo"}, {"Enrique", "Quique"}, {"Concepción", "Concha"}, {"Rosario", "Charo"},
                            {"Guadalupe", "Lupe"}, {"Pilar", "Pili"}, {"María Teresa", "Maite"}, {"Josefa", "Pepa"}, {"Jesús", "Chucho"}},
                    new String[][] {{"Alberto", "Roberto", "Beto"}, {"Eduardo", "Gonzalo", "Lalo"}, {"Adolfo", "Rodolfo", "Fito"}}),
            new Language("Portuguese", new City[] {new City("Lisboa", "PT", 4, "351", "21"), new City("São Paulo", "BR", 5, "55", "11")},
                    new String[] {"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Almeida", "Carvalho", "Gomes", "Lopes", "Marques", "Alves", "Ribeiro", "Pinto", "Cardoso", "Teixeira", "Moreira", "Correia", "Mendes", "Nunes", "Soares", "Vieira", "Monteiro", "Barbosa", "Araújo"},
                    new String[][] {{"José", "Zé"}, {"Francisco", "Chico"}, {"Joaquim", "Quim"}, {"António", "Tó"}, {"Augusto", "Guto"},
                            {"Beatriz", "Bia"}, {"Fernando", "Nando"}, {"Antônio", "Tonho"}},
                    new String[][] {{"Emanuel", "Manuel", "Manu"}}),
            new Language("Italian", new City[] {new City("Milano", "IT", 5, "39", "02"), new City("Roma", "IT", 5, "39", "06")},
                    new String[] {"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli"},
                    new String[][] {{"Giuseppe", "Beppe"}, {"Luigi", "Gigi"}, {"Giuseppe", "Pino"}, {"Salvatore", "Totò"}, {"Francesco", "Ciccio"},
                            {"Giovanni", "Gianni"}, {"Domenico", "Mimmo"}, {"Vincenzo", "Enzo"}, {"Giuseppina", "Pina"}, {"Alessandro", "Sandro"},
                            {"Elisabetta", "Betta"}, {"Filippo", "Pippo"}},
                    new String[][] {{"Vincenzo", "Lorenzo", "Enzo"}, {"Emanuele", "Gabriele", "Lele"}, {"Antonino", "Giovanni", "Nino"}}),
            new Language("French", new City[] {new City("Paris", "FR", 5, "33", "1"), new City("Montréal", "CA", 0, "1", "514")},
                    new String[] {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet"},
                    new String[][] {{"Jean", "Jeannot"}, {"André", "Dédé"}, {"Emmanuel", "Manu"}, {"Isabelle", "Zaza"}, {"Pierre", "Pierrot"},
                            {"Jacques", "Jacquot"}, {"Henri", "Riri"}, {"Élisabeth", "Babette"}, {"Françoise", "Fanfan"}, {"Véronique", "Véro"}},
                    new String[][] {{"Georges", "Joseph", "Jojo"}, {"Florence", "Florian", "Flo"}}),
            new Language("Nordic", new City[] {new City("Stockholm", "SE", 5, "46", "8"), new City("Oslo", "NO", 4, "47", "22"),
                    new City("København", "DK", 4, "45", "33"), new City("Helsinki", "FI", 5, "358", "9")},
                    new String[] {"Andersson", "Johansson", "Hansen", "Nielsen", "Jensen", "Larsen", "Karlsson", "Virtanen", "Olsen", "Nilsson", "Eriksson", "Larsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Pedersen", "Kristiansen", "Johansen", "Korhonen", "Mäkinen", "Nieminen", "Lindberg", "Lindström", "Berg", "Haugen", "Halvorsen", "Christensen"},
                    new String[][] {{"Lars", "Lasse"}, {"Karl", "Kalle"}, {"Per", "Pelle"}, {"Olof", "Olle"}, {"Nils", "Nisse"},
                            {"Kristina", "Stina"}, {"Birgitta", "Gittan"}, {"Margrethe", "Mette"}, {"Juhani", "Jussi"}, {"Ulrika", "Ulla"}},
                    new String[][] {{"Helena", "Magdalena", "Lena"}, {"Charlotta", "Carlotta", "Lotta"}}),
            new Language("Polish", new City[] {new City("Warszawa", "PL", 5, "48", "22"), new City("Kraków", "PL", 5, "48", "12")},
                    new String[] {"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Wojciechowski", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski"},
                    new String[][] {{"Katarzyna", "Kasia"}, {"Małgorzata", "Gosia"}, {"Barbara", "Basia"}, {"Joanna", "Asia"}, {"Aleksandra", "Ola"},
                            {"Zofia", "Zosia"}, {"Jakub", "Kuba"}, {"Wojciech", "Wojtek"}, {"Stanisław", "Staszek"}, {"Tomasz", "Tomek"},
                            {"Jerzy", "Jurek"}, {"Grzegorz", "Grzesiek"}, {"Krzysztof", "Krzysiek"}, {"Elżbieta", "Ela"}},
                    new String[][] {{"Aleksandra", "Olga", "Ola"}}));

    /** One name in several languages: the same person may be written with any of them, as may two people. */
    static final String[][] EQUIVALENT_NAMES = {{"John", "Jan", "Hans", "Johannes", "Juan", "João", "Giovanni", "Jean"},
            {"Joseph", "José", "Giuseppe", "Josef", "Józef"}, {"Peter", "Pieter", "Pierre", "Pedro", "Pietro", "Piotr", "Per"},
            {"William", "Willem", "Wilhelm", "Guillaume", "Guillermo", "Guglielmo"}, {"Henry", "Hendrik", "Heinrich", "Henri", "Enrique", "Enrico"},
            {"James", "Jacob", "Jacques", "Jaime", "Giacomo", "Jakub"}, {"Catherine", "Katarzyna", "Katharina", "Caterina", "Catalina"},
            {"Margaret", "Małgorzata", "Margarete", "Marguerite", "Margarita", "Margherita"}, {"Charles", "Karl", "Carlos", "Carlo", "Karol"},
            {"Francis", "Franz", "François", "Francisco", "Francesco", "Franciszek"}, {"Stephen", "Stefan", "Étienne", "Esteban", "Stefano"}};

    private static final String[] FREE_MAIL = {"gmail.com", "web.de", "hotmail.com", "outlook.com", "libero.it", "orange.fr", "wp.pl"};
    private static final String[] COMPANY_WORDS = {"Nordlicht", "Estrella", "Aurora", "Vulcano", "Tulp", "Sirena", "Krone", "Polaris", "Ancora", "Brisa", "Falke",
            "Molen", "Solara", "Torre", "Vinha", "Zefiro", "Lumière", "Fjord", "Wisła", "Alba", "Cedro", "Duna", "Ebro", "Garbo"};
    private static final String[] COMPANY_KINDS = {"GmbH", "B.V.", "S.A.", "S.r.l.", "SAS", "AB", "Sp. z o.o.", "Ltda."};
    private static final String[] STREETS = {"Hauptstraße", "Kerkstraat", "Calle Mayor", "Via Roma", "Rue de la Paix", "Storgatan", "ulica Długa",
            "Rua Augusta"};

    private final Random random;
    private final Set<String> taken = new HashSet<>();

    GivenNamesAcrossLanguagesGenerator(final long seed) {
        this.random = new Random(seed);
    }

    /** One contact in {@link PersonErrorGenerator#FIELDS}' order, with its language for the tables. */
    record Written(PersonErrorGenerator.Contact contact, String language) {
    }

    private record Person(String firstName, String lastName, String email, String phone, String street, City city, String postalCode,
                          String birthDate, String company) {
        PersonErrorGenerator.Contact full(final String entity) {
            return new PersonErrorGenerator.Contact(firstName, lastName, email, phone, street, city.name(), postalCode, city.country(), birthDate,
                    company, entity);
        }
    }

    /**
     * {@code count} people (pairs of people for the kinds that are two) of the kind per language, two records each; at most
     * as many as the language has last names.
     */
    List<Written> generate(final Kind kind, final int count) {
        final List<Written> written = new ArrayList<>();
        for (final Language language : LANGUAGES) {
            // a last name per person (per pair of people) of the language, so that no two of them share a whole name by chance
            final List<String> lastNames = new ArrayList<>(List.of(language.lastNames()));
            Collections.shuffle(lastNames, random);
            for (int number = 0; number < count; number++) {
                final String entity = kind.name().toLowerCase(Locale.ROOT) + "-" + language.name() + "-" + number;
                for (final PersonErrorGenerator.Contact contact : contacts(kind, language, lastNames.get(number), entity)) {
                    written.add(new Written(contact, language.name()));
                }
            }
        }
        return written;
    }

    private List<PersonErrorGenerator.Contact> contacts(final Kind kind, final Language language, final String last, final String entity) {
        final City city = language.cities()[random.nextInt(language.cities().length)];
        return switch (kind) {
            case SHORT_FORM -> {
                final String[] names = language.shortForms()[random.nextInt(language.shortForms().length)];
                final boolean fullFirst = random.nextBoolean();
                final Person person = person(fullFirst ? names[0] : names[1], last, city);
                yield List.of(person.full(entity), otherSource(person, fullFirst ? names[1] : names[0], entity));
            }
            case OTHER_LANGUAGE -> {
                final String[] two = twoOf(EQUIVALENT_NAMES[random.nextInt(EQUIVALENT_NAMES.length)]);
                final Person person = person(two[0], last, city);
                yield List.of(person.full(entity), otherSource(person, two[1], entity));
            }
            case SHARED_SHORT_FORM -> {
                final String[] names = language.sharedShortForms()[random.nextInt(language.sharedShortForms().length)];
                final Person one = person(names[0], last, city);
                // a relative at the same address, sharing the landline half the time
                final Person other = new Person(names[1], last, personalEmail(names[1], last), random.nextBoolean() ? one.phone() : phone(city),
                        one.street(), city, one.postalCode(), random.nextDouble() < 0.3 ? birthDate() : null, null);
                yield List.of(one.full(entity), otherSource(one, names[2], entity), other.full(entity + "-other"),
                        otherSource(other, other.firstName(), entity + "-other"));
            }
            case EQUIVALENTS -> {
                final String[] two = twoOf(EQUIVALENT_NAMES[random.nextInt(EQUIVALENT_NAMES.length)]);
                final Person one = person(two[0], last, city);
                final boolean colleagues = random.nextBoolean();
                final String company = colleagues && one.company() != null ? one.company() : company();
                final Person other = new Person(two[1], last, personalEmail(two[1], last), colleagues ? one.phone() : phone(city),
                        street(), city, postalCode(city), random.nextDouble() < 0.3 ? birthDate() : null, colleagues ? company : null);
                yield List.of(one.full(entity), otherSource(one, one.firstName(), entity), other.full(entity + "-other"),
                        otherSource(other, other.firstName(), entity + "-other"));
            }
        };
    }

    private String[] twoOf(final String[] names) {
        final int first = random.nextInt(names.length);
        int second = random.nextInt(names.length);
        while (second == first) {
            second = random.nextInt(names.length);
        }
        return new String[] {names[first], names[second]};
    }

    /** The record another source writes, as {@link PersonErrorGenerator}'s second source does. */
    private PersonErrorGenerator.Contact otherSource(final Person person, final String firstName, final String entity) {
        return PersonErrorGenerator.otherSource(random, person.full(entity), firstName, person.lastName());
    }

    private Person person(final String firstName, final String lastName, final City city) {
        final String company = random.nextDouble() < 0.6 ? company() : null;
        final String email = company != null && random.nextDouble() < 0.6
                ? unusedEmail(lettersOf(firstName) + "." + lettersOf(lastName), lettersOf(company.substring(0, company.indexOf(' '))) + ".com")
                : personalEmail(firstName, lastName);
        return new Person(firstName, lastName, email, phone(city), street(), city, postalCode(city), random.nextDouble() < 0.3 ? birthDate() : null,
                company);
    }

    private String street() {
        return STREETS[random.nextInt(STREETS.length)] + " " + (1 + random.nextInt(200));
    }

    private String company() {
        return COMPANY_WORDS[random.nextInt(COMPANY_WORDS.length)] + " " + COMPANY_KINDS[random.nextInt(COMPANY_KINDS.length)];
    }

    private String personalEmail(final String firstName, final String lastName) {
        final String local = random.nextBoolean() ? lettersOf(firstName) + "." + lettersOf(lastName)
                : lettersOf(firstName) + lettersOf(lastName) + (10 + random.nextInt(90));
        return unusedEmail(local, FREE_MAIL[random.nextInt(FREE_MAIL.length)]);
    }

    private String unusedEmail(final String local, final String domain) {
        return PersonErrorGenerator.unusedEmail(taken, local, domain);
    }

    private static String lettersOf(final String name) {
        return PersonErrorGenerator.lettersOf(name);
    }

    /** A phone in international format, one person's. */
    private String phone(final City city) {
        while (true) {
            final String phone = "+" + city.countryCode() + " " + city.areaCode() + " " + (200 + random.nextInt(800)) + " "
                    + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
            if (taken.add(phone.replaceAll("[^0-9]", ""))) {
                return phone;
            }
        }
    }

    private String postalCode(final City city) {
        if (city.postalDigits() == 0) {
            return "H" + (1 + random.nextInt(9)) + (char) ('A' + random.nextInt(26)) + " " + random.nextInt(10) + (char) ('A' + random.nextInt(26))
                    + random.nextInt(10);
        }
        final StringBuilder code = new StringBuilder();
        code.append(1 + random.nextInt(9));
        while (code.length() < city.postalDigits()) {
            code.append(random.nextInt(10));
        }
        return code.toString();
    }

    private String birthDate() {
        return String.format(Locale.ROOT, "%d-%02d-%02d", 1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28));
    }
}
