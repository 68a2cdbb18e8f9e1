package dev.nificrm.match;

import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates CRM contacts (first and last name, email, phone, street, city, postal code, country, birth date, company) by
 * the kind of error a CRM's contacts have, with known truth, so that person matching can be measured kind by kind as
 * {@link CompanyErrorGenerator} measures companies. Each person has a full record as the first source writes it and,
 * for the kinds that are one person written two ways, a second record from another source that writes the person with
 * that kind's error and holds the city and one or two of email, phone and street address (company and birth date
 * sometimes): the kind's error has to be read past. The kinds that are two people ({@link Kind#twoPeople()}) give two
 * people who look alike, each with such a second record of its own written without error and holding the person's own
 * email, so that both a false merge and a missed duplicate show. {@link #population} gives the ordinary contacts the
 * kinds are matched among. Seeded: the same seed gives the same records.
 */
final class PersonErrorGenerator {
    /** The fields of a contact, in the order MatchCRMRecord compares the roles it recognises (the roles' order). */
    static final List<MatchField> FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.EMAIL),
            MatchField.of(Role.PHONE), MatchField.of(Role.STREET), MatchField.of(Role.CITY), MatchField.of(Role.POSTAL_CODE),
            MatchField.of(Role.COUNTRY), MatchField.of(Role.BIRTH_DATE), MatchField.of(Role.COMPANY));

    /** The kinds, each one person written two ways by two sources unless said otherwise. */
    enum Kind {
        /** A nickname against the formal first name ({@code Bob}/{@code Robert}, {@code Peggy}/{@code Margaret}, {@code Hank}/{@code Henry}). */
        NICKNAME,
        /** First and last name swapped by one source. */
        SWAPPED_NAMES,
        /** {@code Smith, John} in the last name field and no first name: an import of a one-column name (Salesforce requires a last name). */
        LAST_COMMA_FIRST,
        /** A changed (married) last name; the same email or phone, the same first name, the address often changed too. */
        CHANGED_LAST_NAME,
        /** A work email against a personal one; the same name and phone. */
        WORK_AND_PERSONAL_EMAIL,
        /** One email written another way: letter case, dots in a Gmail local part, a {@code +tag}. The record holds name and email. */
        EMAIL_WRITTEN_ANOTHER_WAY,
        /** One phone written nationally against E.164 (a foreign number read in the US region), or with an extension. The record holds name and phone. */
        PHONE_WRITTEN_ANOTHER_WAY,
        /** Accents dropped or written out ({@code José}/{@code Jose}, {@code Müller}/{@code Mueller}/{@code Muller}, {@code Núñez}/{@code Nunez}). */
        ACCENTS,
        /** A double-barrelled last name against one of its parts ({@code García López}/{@code García}, {@code Smith-Jones}/{@code Jones}). */
        DOUBLE_BARRELLED,
        /** A middle name or initial in the first name field of one source only ({@code John Michael}, {@code John M.}). */
        MIDDLE_NAME,
        /** A typo in the last name; the second record has no email and no phone (street address, city, postal code). */
        LAST_NAME_TYPO_NO_CONTACT,
        /** A title or suffix kept in a name field ({@code Dr. John}, {@code Mrs Mary}, {@code Smith PhD}, {@code Smith, MD}). */
        TITLE_OR_SUFFIX,
        /**
         * Two people: father and son of one name (the son's last name sometimes with {@code Jr.}), one address, own emails and
         * birth dates (the son born 24 to 35 years after his father, never after 2004: the father older where needed).
         */
        FATHER_AND_SON,
        /** Two people: spouses of one last name and address sharing a household email or landline, different first names. */
        SPOUSES,
        /** Two people: twins of one last name, address and birth date, different first names. */
        TWINS,
        /** Two people: the same common name ({@code John Smith}) in different cities, nothing else shared. */
        COMMON_NAME_TWO_CITIES,
        /** Two people: colleagues at one company and office sharing its switchboard phone and email domain. */
        COLLEAGUES,
        /** The given name as an initial only in one source ({@code J. Smith}, {@code J Smith}, {@code J.} against {@code John Smith}). */
        GIVEN_NAME_INITIAL,
        /** A two-part given name hyphenated, spaced or run together ({@code Jean-Pierre}/{@code Jean Pierre}/{@code JeanPierre}). */
        HYPHENATED_GIVEN_NAME,
        /**
         * A family name with a prefix written another way ({@code McDonald}/{@code Mc Donald}/{@code Mcdonald},
         * {@code O'Brien}/{@code OBrien}/{@code O Brien}).
         */
        FAMILY_NAME_PREFIX,
        /** A free-mail domain mistyped ({@code gmial.com}, {@code hotmial.com}, {@code yaho.com}); the record holds name, email and city. */
        MISTYPED_MAIL_DOMAIN,
        /**
         * A street written with its type abbreviated ({@code Street}/{@code St.}, {@code Avenue}/{@code Ave}), an apartment
         * number or not; the second record has no email and no phone.
         */
        ADDRESS_ABBREVIATED,
        /** Given and family name both in the first name column, the last name empty (an import of a one-column name). */
        FULL_NAME_IN_FIRST_NAME,
        /** The family name first in a one-column name ({@code Chen Wei} in the first name column, or {@code Chen Wei} in the last name). */
        FAMILY_NAME_FIRST,
        /** A sparse record from another source: only the name and the email (a sign-up form, a newsletter list). */
        SPARSE_RECORD,
        /**
         * A given name transliterated another way from Arabic, Cyrillic or Turkish ({@code Mohammed}/{@code Muhammad}/
         * {@code Mohamed}, {@code Aleksandr}/{@code Alexander}, {@code Yusuf}/{@code Youssef}, {@code Sergei}/{@code Sergey},
         * {@code Jurij}/{@code Yuri}).
         */
        TRANSLITERATED_GIVEN_NAME,
        /**
         * A birth date written another way by the other source, which always holds it: day and month swapped (a European
         * {@code 03/04/1980} read month first), the year alone ({@code 1980}), or the year with the first of January for
         * the unknown day ({@code 1980-01-01}).
         */
        BIRTH_DATE_WRITTEN_ANOTHER_WAY,
        /** A legacy export in one letter case: names, street, city and email in ALL CAPS or all lower case. */
        ONE_LETTER_CASE,
        /**
         * Two people: a parent and child of one given and family name without a generation written, sharing the household's
         * email and landline and the address; birth dates often empty.
         */
        PARENT_AND_CHILD,
        /** Two people: housemates of other given and family names sharing the address and the landline, own emails. */
        HOUSEMATES,
        /**
         * One phone written with fewer digits by a source that held the rest in other columns: a foreign number without its
         * country code and trunk 0 ({@code 89 1234567} for {@code +49 89 1234567}), a North American one without its area
         * code ({@code 439-9663}). The record holds name and phone.
         */
        PHONE_WITHOUT_PREFIX,
        /**
         * A name as an export or a web form left it, with HTML entities for an apostrophe, an accented letter or a space
         * (named or numbered, a fifth escaped twice: {@code O&#39;Brien}, {@code M&uuml;ller}, {@code Jos&#233;},
         * {@code Garc&iacute;a&nbsp;L&oacute;pez}, {@code O&amp;#39;Connor}), written plainly on the other record.
         */
        HTML_ENTITIES;

        /** Whether the kind's records are two people rather than one written two ways. */
        boolean twoPeople() {
            return switch (this) {
                case FATHER_AND_SON, SPOUSES, TWINS, COMMON_NAME_TWO_CITIES, COLLEAGUES, PARENT_AND_CHILD, HOUSEMATES -> true;
                default -> false;
            };
        }
    }

    /** One contact: its values in the order of {@link #FIELDS}, and its true person. */
    record Contact(String firstName, String lastName, String email, String phone, String street, String city, String postalCode,
                   String country, String birthDate, String company, String entity) {
        String[] values() {
            return new String[] {firstName, lastName, email, phone, street, city, postalCode, country, birthDate, company};
        }
    }

    /** The latest year a person of the data set is born in ({@link #personIn}: 1950 to 2004). */
    private static final int LATEST_BIRTH_YEAR = 2004;
    private static final String[] FIRST_NAMES = {"James", "John", "Michael", "David", "Daniel", "Matthew", "Mark", "Steven", "Paul",
            "Andrew", "Kevin", "Brian", "George", "Jason", "Ryan", "Gary", "Eric", "Jacob", "Mary", "Patricia", "Jennifer", "Linda",
            "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Sandra", "Ashley", "Emily", "Donna", "Michelle", "Carol",
            "Amanda", "Melissa", "Stephanie", "Rebecca", "Laura", "Sharon", "Amy", "Angela", "Anna", "Olivia", "Sofia", "Maria", "Luis",
            "Carlos", "Ahmed", "Wei", "Priya", "Raj", "Yuki", "Hans", "Pierre", "Sven", "Fatima", "Omar", "Elena", "Noah", "Liam", "Emma",
            "Chloe", "Lucas", "Grace", "Ethan", "Hannah", "Nathan", "Zoe"};
    /** Last names, the common ones more than once, as a CRM holds them. */
    private static final String[] LAST_NAMES = {"Smith", "Smith", "Smith", "Johnson", "Johnson", "Williams", "Williams", "Brown", "Brown",
            "Jones", "Jones", "Garcia", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson",
            "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
            "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
            "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Kowalski", "Novak",
            "Schneider", "O'Brien", "MacDonald", "Fitzgerald", "Patel", "Chen", "Kim", "Okafor", "Lindqvist", "Haddad", "Rossi", "Dubois",
            "Bergstrom", "Castillo", "Fischer", "Murphy", "Sullivan", "Kelly", "Howard", "Ward", "Brooks"};
    /**
     * Formal first names and a nickname common in English-speaking CRMs: those of the bundled list and common ones beyond it
     * (US given-name and nickname lists), chosen before any was looked up.
     */
    private static final String[][] NICKNAMES = {{"Robert", "Bob"}, {"William", "Bill"}, {"Margaret", "Peggy"}, {"Elizabeth", "Liz"},
            {"Richard", "Dick"}, {"James", "Jim"}, {"Katherine", "Kate"}, {"Joseph", "Joe"}, {"Charles", "Chuck"}, {"Edward", "Ted"},
            {"Thomas", "Tom"}, {"Michael", "Mike"}, {"Jennifer", "Jenny"}, {"Patricia", "Trish"}, {"Christopher", "Chris"},
            {"Anthony", "Tony"}, {"Susan", "Sue"}, {"Daniel", "Dan"}, {"Sarah", "Sally"}, {"Mary", "Molly"}, {"Henry", "Hank"},
            {"Jeffrey", "Jeff"}, {"Douglas", "Doug"}, {"Gerald", "Jerry"}, {"Albert", "Al"}, {"Judith", "Judy"}, {"Cynthia", "Cindy"},
            {"Pamela", "Pam"}, {"Raymond", "Ray"}, {"Walter", "Walt"}, {"Philip", "Phil"}, {"Kimberly", "Kim"}, {"Virginia", "Ginny"},
            {"Jacqueline", "Jackie"}, {"Theresa", "Terry"}, {"Francis", "Frank"}, {"Lawrence", "Larry"}, {"Samuel", "Sam"},
            {"Victoria", "Vicky"}, {"Nicholas", "Nick"}, {"Eugene", "Gene"}, {"Louis", "Lou"}, {"Dorothy", "Dot"}, {"Frederick", "Fred"},
            {"Benjamin", "Ben"}, {"Rebecca", "Becky"}, {"Deborah", "Debbie"}, {"Stephen", "Steve"}, {"Gregory", "Greg"}, {"Ronald", "Ron"}};
    /** Names with accents or special letters as their owners write them, and as keyboards without them do. */
    private static final String[][] ACCENTED_FIRST_NAMES = {{"José", "Jose"}, {"María", "Maria"}, {"Jürgen", "Juergen", "Jurgen"},
            {"François", "Francois"}, {"Zoë", "Zoe"}, {"Björn", "Bjorn", "Bjoern"}, {"Søren", "Soren", "Soeren"}, {"Renée", "Renee"},
            {"André", "Andre"}, {"Inés", "Ines"}, {"Ólafur", "Olafur"}, {"Jérôme", "Jerome"}};
    private static final String[][] ACCENTED_LAST_NAMES = {{"Müller", "Mueller", "Muller"}, {"Núñez", "Nunez"}, {"Peña", "Pena"},
            {"Gómez", "Gomez"}, {"Dvořák", "Dvorak"}, {"Schröder", "Schroeder", "Schroder"}, {"Østergaard", "Ostergaard", "Oestergaard"},
            {"Lefèvre", "Lefevre"}, {"Bäcker", "Baecker", "Backer"}, {"Jiménez", "Jimenez"}, {"Wałęsa", "Walesa"}, {"Çelik", "Celik"}};
    private static final String[] SECOND_PARTS = {"López", "Fernández", "Jones", "Morgan", "Ruiz", "Vega", "Brandt", "Hughes"};
    private static final String[] MIDDLE_NAMES = {"Michael", "Ann", "Marie", "James", "Lee", "Lynn", "Edward", "Rose", "Alan", "Jean"};
    private static final String[] TITLES = {"Dr.", "Dr", "Mr.", "Mrs.", "Ms.", "Mr", "Prof."};
    private static final String[] SUFFIXES = {"PhD", "Ph.D.", "MD", "M.D.", "Esq."};
    private static final String[] COMPANY_WORDS = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
            "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Gringotts", "Oscorp", "Massive", "Dunder", "Pied Piper", "Aperture", "Monarch",
            "Nakatomi"};
    private static final String[] COMPANY_KINDS = {"Inc.", "LLC", "Corp", "Group", "Ltd", "GmbH", "Partners", "Labs"};
    private static final String[] STREET_NAMES = {"Main", "Oak", "Maple", "Cedar", "Park", "Lake", "Hill", "Church", "Market", "King",
            "Queen", "Station", "Mill", "Bridge", "Harbor", "Elm", "Pine", "River", "Spring", "Union", "Victoria", "Washington", "High"};
    private static final String[] STREET_TYPES = {"Street", "Avenue", "Road", "Drive", "Lane", "Court"};
    private static final String[] FREE_MAIL = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com"};

    /** A city: its country as a CRM's picklist writes it, postal code prefix, the phone's country code and area codes. */
    private record City(String name, String country, String postalPrefix, String countryCode, String[] areaCodes) {
    }

    private static final City[] CITIES = {new City("New York", "US", "100", "1", new String[] {"212", "646"}),
            new City("Chicago", "US", "606", "1", new String[] {"312", "773"}), new City("Boston", "US", "021", "1", new String[] {"617"}),
            new City("Seattle", "US", "981", "1", new String[] {"206"}), new City("Austin", "US", "787", "1", new String[] {"512"}),
            new City("Denver", "US", "802", "1", new String[] {"303", "720"}), new City("Atlanta", "US", "303", "1", new String[] {"404"}),
            new City("San Francisco", "US", "941", "1", new String[] {"415"}), new City("Portland", "US", "972", "1", new String[] {"503"}),
            new City("Miami", "US", "331", "1", new String[] {"305"}), new City("Dallas", "US", "752", "1", new String[] {"214"}),
            new City("Phoenix", "US", "850", "1", new String[] {"602"}), new City("Munich", "DE", "80", "49", new String[] {"89"}),
            new City("Berlin", "DE", "10", "49", new String[] {"30"}), new City("Madrid", "ES", "28", "34", new String[] {"91"}),
            new City("Toronto", "CA", "M5", "1", new String[] {"416"})};

    private final Random random;
    /** The mailboxes and phones handed out: each is one person's, as in a CRM (a household's or an office's is shared on purpose). */
    private final Set<String> taken = new HashSet<>();

    PersonErrorGenerator(final long seed) {
        this.random = new Random(seed);
    }

    /** A person as the first source holds it: name, place, contact points; birth date and company often empty. */
    private record Person(String firstName, String lastName, String email, String phone, String street, City city, String postalCode,
                          String birthDate, String company) {
        Person named(final String first, final String last) {
            return new Person(first, last, email, phone, street, city, postalCode, birthDate, company);
        }

        Contact full(final String entity) {
            return new Contact(firstName, lastName, email, phone, street, city.name(), postalCode, city.country(), birthDate, company, entity);
        }
    }

    /**
     * {@code people} ordinary contacts, {@code duplicateShare} of them with a second record from another source (a typo in
     * a name now and then, fields missing): the data each kind's records are matched among.
     */
    List<Contact> population(final int people, final double duplicateShare) {
        final List<Contact> contacts = new ArrayList<>();
        for (int person = 0; person < people; person++) {
            final Person someone = person(pick(FIRST_NAMES), pick(LAST_NAMES));
            final String entity = "population-" + person;
            contacts.add(someone.full(entity));
            if (random.nextDouble() < duplicateShare) {
                final double error = random.nextDouble();
                final String first = error < 0.1 ? typo(someone.firstName()) : someone.firstName();
                final String last = error >= 0.1 && error < 0.2 ? typo(someone.lastName()) : someone.lastName();
                contacts.add(otherSource(someone, first, last, entity));
            }
        }
        return contacts;
    }

    /** {@code count} people (pairs of people for the kinds that are two) of the kind, two records each. */
    List<Contact> generate(final Kind kind, final int count) {
        final List<Contact> contacts = new ArrayList<>();
        final String prefix = kind.name().toLowerCase(Locale.ROOT) + "-";
        for (int number = 0; number < count; number++) {
            final String entity = prefix + number;
            if (kind.twoPeople()) {
                final Person[] two = twoPeople(kind);
                contacts.add(two[0].full(entity));
                contacts.add(ownSecondRecord(two[0], entity));
                contacts.add(two[1].full(entity + "-other"));
                contacts.add(ownSecondRecord(two[1], entity + "-other"));
            } else {
                onePersonTwoWays(kind, entity, contacts);
            }
        }
        return contacts;
    }

    private void onePersonTwoWays(final Kind kind, final String entity, final List<Contact> contacts) {
        switch (kind) {
            case NICKNAME -> {
                final String[] names = NICKNAMES[random.nextInt(NICKNAMES.length)];
                final boolean formalFirst = random.nextBoolean();
                final Person person = person(formalFirst ? names[0] : names[1], pick(LAST_NAMES));
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, formalFirst ? names[1] : names[0], person.lastName(), entity));
            }
            case SWAPPED_NAMES -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, person.lastName(), person.firstName(), entity));
            }
            case LAST_COMMA_FIRST -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, null, person.lastName() + ", " + person.firstName(), entity));
            }
            case CHANGED_LAST_NAME -> {
                final Person before = person(pick(FEMALE_FIRST_NAMES), pick(LAST_NAMES));
                String married = pick(LAST_NAMES);
                while (married.equals(before.lastName())) {
                    married = pick(LAST_NAMES);
                }
                final boolean moved = random.nextBoolean();
                final Person after = moved ? person(before.firstName(), married) : before.named(before.firstName(), married);
                // the contact point that stayed: the email, the phone, or both
                final int kept = random.nextInt(3);
                contacts.add(before.full(entity));
                contacts.add(new Contact(after.firstName(), married, kept != 1 ? before.email() : after.email(),
                        kept != 0 ? before.phone() : null, random.nextBoolean() ? after.street() : null, after.city().name(),
                        random.nextBoolean() ? after.postalCode() : null, after.city().country(), null, null, entity));
            }
            case WORK_AND_PERSONAL_EMAIL -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final String company = person.company() == null ? company() : person.company();
                final String work = workEmail(person.firstName(), person.lastName(), company);
                final String personal = personalEmail(person.firstName(), person.lastName());
                final boolean workFirst = random.nextBoolean();
                contacts.add(new Contact(person.firstName(), person.lastName(), workFirst ? work : personal, person.phone(), person.street(),
                        person.city().name(), person.postalCode(), person.city().country(), person.birthDate(), company, entity));
                contacts.add(new Contact(person.firstName(), person.lastName(), workFirst ? personal : work, person.phone(), null,
                        random.nextDouble() < 0.7 ? person.city().name() : null, null, null, null, null, entity));
            }
            case EMAIL_WRITTEN_ANOTHER_WAY -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final String local = person.firstName().toLowerCase(Locale.ROOT) + "." + lettersOf(person.lastName());
                final String email;
                final String other;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        email = local + "@gmail.com";
                        other = local.replace(".", "") + "@gmail.com";
                    }
                    case 1 -> {
                        email = local + "@" + FREE_MAIL[random.nextInt(FREE_MAIL.length)];
                        other = capitalisedEmail(email);
                    }
                    default -> {
                        email = local + "@" + FREE_MAIL[random.nextInt(FREE_MAIL.length)];
                        other = local + "+" + (random.nextBoolean() ? "newsletter" : "crm") + email.substring(email.indexOf('@'));
                    }
                }
                final boolean plainFirst = random.nextBoolean();
                contacts.add(new Contact(person.firstName(), person.lastName(), plainFirst ? email : other, person.phone(), person.street(),
                        person.city().name(), person.postalCode(), person.city().country(), person.birthDate(), person.company(), entity));
                contacts.add(new Contact(person.firstName(), person.lastName(), plainFirst ? other : email, null, null, null, null, null, null,
                        null, entity));
            }
            case PHONE_WRITTEN_ANOTHER_WAY -> {
                final Person person = random.nextBoolean() ? person(pick(FIRST_NAMES), pick(LAST_NAMES))
                        : personIn(pick(FIRST_NAMES), pick(LAST_NAMES), foreignCity());
                final String other = phoneWrittenAnotherWay(person);
                contacts.add(person.full(entity));
                contacts.add(new Contact(person.firstName(), person.lastName(), null, other, null, null, null, null, null, null, entity));
            }
            case ACCENTS -> {
                final boolean first = random.nextBoolean();
                final String[] names = first ? ACCENTED_FIRST_NAMES[random.nextInt(ACCENTED_FIRST_NAMES.length)]
                        : ACCENTED_LAST_NAMES[random.nextInt(ACCENTED_LAST_NAMES.length)];
                final String plain = names[1 + random.nextInt(names.length - 1)];
                final Person person = first ? person(names[0], pick(LAST_NAMES)) : person(pick(FIRST_NAMES), names[0]);
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, first ? plain : person.firstName(), first ? person.lastName() : plain, entity));
            }
            case DOUBLE_BARRELLED -> {
                final String left = pick(LAST_NAMES);
                final String right = SECOND_PARTS[random.nextInt(SECOND_PARTS.length)];
                final String whole = left + (random.nextBoolean() ? " " : "-") + right;
                final Person person = person(pick(FIRST_NAMES), whole);
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, person.firstName(), random.nextDouble() < 0.75 ? left : right, entity));
            }
            case MIDDLE_NAME -> {
                final String middle = MIDDLE_NAMES[random.nextInt(MIDDLE_NAMES.length)];
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final String withMiddle = person.firstName() + " " + switch (random.nextInt(3)) {
                    case 0 -> middle;
                    case 1 -> middle.charAt(0) + ".";
                    default -> String.valueOf(middle.charAt(0));
                };
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, withMiddle, person.lastName(), entity));
            }
            case LAST_NAME_TYPO_NO_CONTACT -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                contacts.add(person.full(entity));
                contacts.add(new Contact(person.firstName(), typo(person.lastName()), null, null, person.street(), person.city().name(),
                        random.nextDouble() < 0.7 ? person.postalCode() : null, person.city().country(), null,
                        random.nextBoolean() ? person.company() : null, entity));
            }
            case TITLE_OR_SUFFIX -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final boolean title = random.nextBoolean();
                final String suffix = SUFFIXES[random.nextInt(SUFFIXES.length)];
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, title ? TITLES[random.nextInt(TITLES.length)] + " " + person.firstName() : person.firstName(),
                        title ? person.lastName() : person.lastName() + (random.nextBoolean() ? ", " : " ") + suffix, entity));
            }
            case GIVEN_NAME_INITIAL -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final String initial = person.firstName().charAt(0) + (random.nextBoolean() ? "." : "");
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, initial, person.lastName(), entity));
            }
            case HYPHENATED_GIVEN_NAME -> {
                final String[] parts = TWO_PART_GIVEN_NAMES[random.nextInt(TWO_PART_GIVEN_NAMES.length)];
                final String[] written = {parts[0] + "-" + parts[1], parts[0] + " " + parts[1], parts[0] + parts[1]};
                final int one = random.nextInt(3);
                final int other = (one + 1 + random.nextInt(2)) % 3;
                final Person person = person(written[one], pick(LAST_NAMES));
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, written[other], person.lastName(), entity));
            }
            case FAMILY_NAME_PREFIX -> {
                final String[] names = PREFIXED_LAST_NAMES[random.nextInt(PREFIXED_LAST_NAMES.length)];
                final int one = random.nextInt(names.length);
                final int other = (one + 1 + random.nextInt(names.length - 1)) % names.length;
                final Person person = person(pick(FIRST_NAMES), names[one]);
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, person.firstName(), names[other], entity));
            }
            case MISTYPED_MAIL_DOMAIN -> {
                final String[] domains = MISTYPED_DOMAINS[random.nextInt(MISTYPED_DOMAINS.length)];
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final String local = lettersOf(person.firstName()) + (random.nextBoolean() ? "." : "") + lettersOf(person.lastName())
                        + (random.nextBoolean() ? String.valueOf(10 + random.nextInt(90)) : "");
                final String right = unusedEmail(local, domains[0]);
                final String wrong = right.substring(0, right.indexOf('@') + 1) + domains[1 + random.nextInt(domains.length - 1)];
                final boolean rightFirst = random.nextBoolean();
                contacts.add(new Contact(person.firstName(), person.lastName(), rightFirst ? right : wrong, person.phone(), person.street(),
                        person.city().name(), person.postalCode(), person.city().country(), person.birthDate(), person.company(), entity));
                contacts.add(new Contact(person.firstName(), person.lastName(), rightFirst ? wrong : right, null, null,
                        random.nextDouble() < 0.7 ? person.city().name() : null, null, null, null, null, entity));
            }
            case ADDRESS_ABBREVIATED -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final String street = person.street();
                final int space = street.lastIndexOf(' ');
                final String type = street.substring(space + 1);
                final String abbreviated = street.substring(0, space + 1) + STREET_TYPE_ABBREVIATIONS[Arrays.asList(STREET_TYPES).indexOf(type)]
                        + (random.nextBoolean() ? "." : "");
                final String apartment = random.nextBoolean() ? (random.nextBoolean() ? " Apt " : " #") + (1 + random.nextInt(40)) : "";
                final boolean abbreviatedFirst = random.nextBoolean();
                final boolean apartmentFirst = random.nextBoolean();
                contacts.add(new Contact(person.firstName(), person.lastName(), person.email(), person.phone(),
                        (abbreviatedFirst ? abbreviated : street) + (apartmentFirst ? apartment : ""), person.city().name(), person.postalCode(),
                        person.city().country(), person.birthDate(), person.company(), entity));
                contacts.add(new Contact(person.firstName(), person.lastName(), null, null,
                        (abbreviatedFirst ? street : abbreviated) + (apartmentFirst ? "" : apartment), person.city().name(),
                        random.nextDouble() < 0.7 ? person.postalCode() : null, person.city().country(), null,
                        random.nextBoolean() ? person.company() : null, entity));
            }
            case FULL_NAME_IN_FIRST_NAME -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, person.firstName() + " " + person.lastName(), null, entity));
            }
            case FAMILY_NAME_FIRST -> {
                final String[] names = EAST_ASIAN_NAMES[random.nextInt(EAST_ASIAN_NAMES.length)];
                final Person person = person(names[0], names[1]);
                final String familyFirst = names[1] + " " + names[0];
                final boolean inFirstColumn = random.nextBoolean();
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, inFirstColumn ? familyFirst : null, inFirstColumn ? null : familyFirst, entity));
            }
            case SPARSE_RECORD -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                contacts.add(person.full(entity));
                contacts.add(new Contact(person.firstName(), person.lastName(), person.email(), null, null, null, null, null, null, null, entity));
            }
            case TRANSLITERATED_GIVEN_NAME -> {
                final String[] names = TRANSLITERATED_GIVEN_NAMES[random.nextInt(TRANSLITERATED_GIVEN_NAMES.length)];
                final int one = random.nextInt(names.length);
                final int other = (one + 1 + random.nextInt(names.length - 1)) % names.length;
                final Person person = person(names[one], pick(random.nextBoolean() ? TRANSLITERATED_FAMILY_NAMES : LAST_NAMES));
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, names[other], person.lastName(), entity));
            }
            case BIRTH_DATE_WRITTEN_ANOTHER_WAY -> {
                final int year = 1950 + random.nextInt(55);
                final int variant = random.nextInt(3);
                // day and month swapped only where the day can be read as a month: a day above 12 is read as a day
                final int month = 1 + random.nextInt(12);
                final int day = 1 + random.nextInt(variant == 0 ? 12 : 28);
                final Person person = withBirthDate(person(pick(FIRST_NAMES), pick(LAST_NAMES)),
                        String.format(Locale.ROOT, "%d-%02d-%02d", year, month, day));
                final String other = switch (variant) {
                    case 0 -> String.format(Locale.ROOT, "%02d/%02d/%d", day, month, year);
                    case 1 -> String.valueOf(year);
                    default -> year + "-01-01";
                };
                final Contact second = otherSource(person, person.firstName(), person.lastName(), entity);
                contacts.add(person.full(entity));
                contacts.add(new Contact(second.firstName(), second.lastName(), second.email(), second.phone(), second.street(), second.city(),
                        second.postalCode(), second.country(), other, second.company(), entity));
            }
            case ONE_LETTER_CASE -> {
                final Person person = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final Contact second = otherSource(person, person.firstName(), person.lastName(), entity);
                final boolean upper = random.nextBoolean();
                contacts.add(person.full(entity));
                contacts.add(new Contact(inCase(second.firstName(), upper), inCase(second.lastName(), upper), inCase(second.email(), upper),
                        second.phone(), inCase(second.street(), upper), inCase(second.city(), upper), second.postalCode(), second.country(),
                        second.birthDate(), inCase(second.company(), upper), entity));
            }
            case PHONE_WITHOUT_PREFIX -> {
                final boolean foreign = random.nextBoolean();
                final Person person = foreign ? personIn(pick(FIRST_NAMES), pick(LAST_NAMES), foreignCity()) : person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final String digits = person.phone().replaceAll("[^0-9]", "");
                final String countryCode = person.city().countryCode();
                final String national = countryCode.equals("1") ? digits : digits.substring(countryCode.length());
                final int area = person.city().areaCodes()[0].length();
                final String other = countryCode.equals("1") ? national.substring(3, 6) + "-" + national.substring(6)
                        : national.substring(0, area) + " " + national.substring(area);
                contacts.add(person.full(entity));
                contacts.add(new Contact(person.firstName(), person.lastName(), null, other, null, null, null, null, null, null, entity));
            }
            case HTML_ENTITIES -> {
                final String[] names = ESCAPED_NAMES[random.nextInt(ESCAPED_NAMES.length)];
                final boolean twice = random.nextDouble() < 0.2;
                final Person person = names[0].isEmpty() ? person(pick(FIRST_NAMES), names[1]) : person(names[1], pick(LAST_NAMES));
                final String escaped = escaped(names[1], twice);
                contacts.add(person.full(entity));
                contacts.add(otherSource(person, names[0].isEmpty() ? person.firstName() : escaped, names[0].isEmpty() ? escaped : person.lastName(),
                        entity));
            }
            default -> throw new IllegalArgumentException(kind + " is two people");
        }
    }

    /** Names HTML-escaped by {@link Kind#HTML_ENTITIES}: {@code ""} and a family name, or {@code "first"} and a given name. */
    private static final String[][] ESCAPED_NAMES = {{"", "O'Brien"}, {"", "O'Connor"}, {"", "D'Angelo"}, {"", "Müller"}, {"", "Núñez"},
            {"", "Schröder"}, {"", "Gómez"}, {"", "Lefèvre"}, {"", "García López"}, {"", "Dvořák"}, {"first", "José"}, {"first", "Zoë"},
            {"first", "François"}, {"first", "Jérôme"}, {"first", "Mary Ann"}, {"first", "Björn"}};

    /**
     * A name HTML-escaped: an apostrophe as {@code &#39;}, {@code &apos;} or {@code &#x27;}, a space as {@code &nbsp;}, each
     * accented letter as its named entity ({@code &uuml;}) or its decimal number ({@code &#252;}); escaped twice, every
     * {@code &} once more as {@code &amp;}.
     */
    private String escaped(final String name, final boolean twice) {
        final String[] apostrophes = {"&#39;", "&apos;", "&#x27;"};
        final boolean numbered = random.nextBoolean();
        final StringBuilder escaped = new StringBuilder();
        for (int at = 0; at < name.length(); at++) {
            final char letter = name.charAt(at);
            if (letter == '\'') {
                escaped.append(apostrophes[random.nextInt(apostrophes.length)]);
            } else if (letter == ' ') {
                escaped.append("&nbsp;");
            } else if (letter < 0x80) {
                escaped.append(letter);
            } else if (numbered || NAMED_ENTITIES.get(letter) == null) {
                escaped.append("&#").append((int) letter).append(';');
            } else {
                escaped.append('&').append(NAMED_ENTITIES.get(letter)).append(';');
            }
        }
        return twice ? escaped.toString().replace("&", "&amp;") : escaped.toString();
    }

    /** The named HTML entities of the accented letters of {@link #ESCAPED_NAMES}. */
    private static final java.util.Map<Character, String> NAMED_ENTITIES = java.util.Map.ofEntries(java.util.Map.entry('ü', "uuml"),
            java.util.Map.entry('ö', "ouml"), java.util.Map.entry('ë', "euml"), java.util.Map.entry('ú', "uacute"),
            java.util.Map.entry('ñ', "ntilde"), java.util.Map.entry('ó', "oacute"), java.util.Map.entry('è', "egrave"),
            java.util.Map.entry('í', "iacute"), java.util.Map.entry('é', "eacute"), java.util.Map.entry('ç', "ccedil"),
            java.util.Map.entry('ô', "ocirc"), java.util.Map.entry('ř', "rcaron"), java.util.Map.entry('á', "aacute"));

    private static String inCase(final String value, final boolean upper) {
        return value == null ? null : upper ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
    }

    /**
     * Given names transliterated from Arabic, Cyrillic and Turkish as English, German and French sources and passports
     * write them: one name each line.
     */
    private static final String[][] TRANSLITERATED_GIVEN_NAMES = {{"Mohammed", "Muhammad", "Mohamed", "Mohammad"},
            {"Yusuf", "Youssef", "Yousef"}, {"Aleksandr", "Alexander", "Alexandr"}, {"Sergei", "Sergey", "Sergej"},
            {"Yuri", "Jurij", "Yury", "Yuriy"}, {"Dmitri", "Dmitry", "Dmitrij"}, {"Nikolai", "Nikolay", "Nikolaj"},
            {"Andrei", "Andrey", "Andrej"}, {"Alexei", "Alexey", "Aleksei"}, {"Natalia", "Natalya", "Natalja"},
            {"Tatiana", "Tatyana", "Tatjana"}, {"Yulia", "Julia", "Yuliya"}, {"Ahmed", "Ahmad", "Achmed"},
            {"Hussein", "Hussain", "Husain"}, {"Abdullah", "Abdallah", "Abdulla"}, {"Khalid", "Khaled", "Chalid"},
            {"Aisha", "Ayesha", "Aicha"}, {"Omar", "Umar"}, {"Ibrahim", "Ebrahim", "Ibragim"}, {"Evgeny", "Yevgeny", "Jewgeni"}};
    /** Family names of the people whose given names are transliterated, in the one spelling both sources use. */
    private static final String[] TRANSLITERATED_FAMILY_NAMES = {"Ivanov", "Petrova", "Volkov", "Hassan", "Khan", "Rahman", "Yilmaz",
            "Kuznetsov", "Abbas", "Saleh", "Mansour", "Sokolova", "Demir", "Haddad"};

    /** Given names of two parts as French, Spanish and Korean-American contacts hold them. */
    private static final String[][] TWO_PART_GIVEN_NAMES = {{"Jean", "Pierre"}, {"Marie", "Claire"}, {"Jean", "Luc"}, {"Anne", "Sophie"},
            {"Juan", "Carlos"}, {"Maria", "Jose"}, {"Jose", "Luis"}, {"Ana", "Maria"}, {"Mary", "Kate"}, {"Hae", "Won"}, {"Ji", "Hoon"},
            {"Paul", "Henri"}};
    /** Family names with a Mc, Mac, O' or D' prefix, as the owner writes them and as forms and keyboards do. */
    private static final String[][] PREFIXED_LAST_NAMES = {{"McDonald", "Mcdonald", "Mc Donald"}, {"MacLeod", "Macleod", "Mac Leod"},
            {"O'Brien", "OBrien", "O Brien", "O\u2019Brien"}, {"O'Connor", "OConnor", "O Connor"}, {"McCarthy", "Mccarthy", "Mc Carthy"},
            {"D'Angelo", "DAngelo", "D Angelo"}, {"O'Neill", "ONeill", "O Neill"}, {"MacKenzie", "Mackenzie", "Mac Kenzie"},
            {"McGregor", "Mcgregor", "Mc Gregor"}, {"O'Sullivan", "OSullivan", "O Sullivan"}};
    /** Free-mail domains, each with typos seen in sign-up forms. */
    private static final String[][] MISTYPED_DOMAINS = {{"gmail.com", "gmial.com", "gmal.com", "gmail.co", "gmail.con", "gamil.com"},
            {"hotmail.com", "hotmial.com", "hotmai.com", "hotmail.co", "hotamil.com"}, {"yahoo.com", "yaho.com", "yahooo.com", "yahoo.con"},
            {"outlook.com", "outlok.com", "outloo.com"}, {"icloud.com", "iclod.com", "icoud.com"}};
    /** The postal abbreviations of {@link #STREET_TYPES}, in its order. */
    private static final String[] STREET_TYPE_ABBREVIATIONS = {"St", "Ave", "Rd", "Dr", "Ln", "Ct"};
    /** Given and family names of East Asian contacts, as a CRM holds them in Western order. */
    private static final String[][] EAST_ASIAN_NAMES = {{"Wei", "Chen"}, {"Li", "Wang"}, {"Jing", "Zhang"}, {"Hiroshi", "Tanaka"},
            {"Yuki", "Sato"}, {"Min-jun", "Kim"}, {"Ji-woo", "Park"}, {"Xiaoming", "Liu"}, {"Haruto", "Suzuki"}, {"Seo-yeon", "Lee"},
            {"Mei", "Huang"}, {"Takashi", "Yamamoto"}, {"Hao", "Zhou"}, {"Sakura", "Watanabe"}, {"Jun", "Wu"}, {"Dong-hyun", "Choi"}};

    private static final String[] FEMALE_FIRST_NAMES = {"Mary", "Patricia", "Jennifer", "Linda", "Barbara", "Susan", "Jessica", "Sarah",
            "Karen", "Nancy", "Lisa", "Sandra", "Ashley", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Stephanie",
            "Rebecca", "Laura", "Sharon", "Amy", "Angela", "Anna", "Olivia", "Sofia", "Maria", "Priya", "Yuki", "Fatima", "Elena", "Emma",
            "Chloe", "Grace", "Hannah", "Zoe"};
    private static final String[] MALE_FIRST_NAMES = {"James", "John", "Michael", "David", "Daniel", "Matthew", "Mark", "Steven", "Paul",
            "Andrew", "Kevin", "Brian", "George", "Jason", "Ryan", "Gary", "Eric", "Jacob", "Luis", "Carlos", "Ahmed", "Wei", "Raj",
            "Hans", "Pierre", "Sven", "Omar", "Noah", "Liam", "Lucas", "Ethan", "Nathan"};

    /** Two people who look alike, as the kind has them. */
    private Person[] twoPeople(final Kind kind) {
        return switch (kind) {
            case FATHER_AND_SON -> {
                final String first = pick(MALE_FIRST_NAMES);
                final String last = pick(LAST_NAMES);
                final Person father = person(first, random.nextDouble() < 0.2 ? last + " Sr." : last);
                final int fatherYear = Integer.parseInt(father.birthDate() == null ? "1960" : father.birthDate().substring(0, 4));
                final String sonLast = random.nextDouble() < 0.4 ? last + (random.nextBoolean() ? " Jr." : ", Jr.") : last;
                final boolean sharedLandline = random.nextDouble() < 0.4;
                final String email = personalEmail(first, last + "jr");
                final String phone = sharedLandline ? father.phone() : phone(father.city());
                // the son's year drawn only where he has a birth date, as it always was: the same draws in the same order
                final int sonYear = random.nextDouble() < 0.5 ? fatherYear + 24 + random.nextInt(12) : 0;
                final Person son = new Person(first, sonLast, email, phone, father.street(), father.city(), father.postalCode(),
                        sonYear > 0 ? birthDate(Math.min(sonYear, LATEST_BIRTH_YEAR)) : null, random.nextBoolean() ? company() : null);
                yield new Person[] {olderWhereBornLater(father, fatherYear, sonYear), son};
            }
            case SPOUSES -> {
                final String last = pick(LAST_NAMES);
                final Person wife = person(pick(FEMALE_FIRST_NAMES), last);
                final boolean sharedEmail = random.nextBoolean();
                final String household = unusedEmail(lettersOf(last) + "family", FREE_MAIL[random.nextInt(FREE_MAIL.length)]);
                final String husbandFirst = pick(MALE_FIRST_NAMES);
                final Person husband = new Person(husbandFirst, last, sharedEmail ? household : personalEmail(husbandFirst, last),
                        sharedEmail && random.nextBoolean() ? phone(wife.city()) : wife.phone(), wife.street(), wife.city(), wife.postalCode(),
                        random.nextDouble() < 0.3 ? birthDate(1950 + random.nextInt(50)) : null, random.nextBoolean() ? company() : null);
                yield new Person[] {sharedEmail ? withEmail(wife, household) : wife, husband};
            }
            case TWINS -> {
                final String last = pick(LAST_NAMES);
                final String born = birthDate(1960 + random.nextInt(45));
                final Person first = withBirthDate(person(pick(FIRST_NAMES), last), born);
                String otherFirst = pick(FIRST_NAMES);
                while (otherFirst.equals(first.firstName())) {
                    otherFirst = pick(FIRST_NAMES);
                }
                final Person second = new Person(otherFirst, last, personalEmail(otherFirst, last),
                        random.nextDouble() < 0.3 ? first.phone() : phone(first.city()), first.street(), first.city(), first.postalCode(), born,
                        random.nextBoolean() ? company() : null);
                yield new Person[] {first, second};
            }
            case COMMON_NAME_TWO_CITIES -> {
                final String first = pick(MALE_FIRST_NAMES);
                final String last = LAST_NAMES[random.nextInt(8)];
                final Person one = person(first, last);
                Person other = person(first, last);
                while (other.city().equals(one.city())) {
                    other = person(first, last);
                }
                yield new Person[] {one, other};
            }
            case COLLEAGUES -> {
                final String company = company();
                final Person first = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                final String otherFirst = random.nextDouble() < 0.2 ? first.firstName() : pick(FIRST_NAMES);
                String otherLast = pick(LAST_NAMES);
                while (otherLast.equals(first.lastName())) {
                    otherLast = pick(LAST_NAMES);
                }
                final String switchboard = first.phone();
                final Person one = new Person(first.firstName(), first.lastName(), workEmail(first.firstName(), first.lastName(), company),
                        switchboard, first.street(), first.city(), first.postalCode(), first.birthDate(), company);
                final Person two = new Person(otherFirst, otherLast, workEmail(otherFirst, otherLast, company), switchboard, first.street(),
                        first.city(), first.postalCode(), random.nextDouble() < 0.3 ? birthDate(1955 + random.nextInt(45)) : null, company);
                yield new Person[] {one, two};
            }
            case PARENT_AND_CHILD -> {
                final boolean male = random.nextBoolean();
                final String first = pick(male ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES);
                final String last = pick(LAST_NAMES);
                final Person parent = withEmail(person(first, last), personalEmail(first, last));
                final int parentYear = Integer.parseInt(parent.birthDate() == null ? "1960" : parent.birthDate().substring(0, 4));
                final int childYear = parentYear + 22 + random.nextInt(15);
                final Person child = new Person(first, last, parent.email(), parent.phone(), parent.street(), parent.city(), parent.postalCode(),
                        random.nextDouble() < 0.4 ? birthDate(Math.min(childYear, LATEST_BIRTH_YEAR)) : null,
                        random.nextBoolean() ? company() : null);
                yield new Person[] {olderWhereBornLater(parent, parentYear, childYear), child};
            }
            case HOUSEMATES -> {
                final Person one = person(pick(FIRST_NAMES), pick(LAST_NAMES));
                String otherFirst = pick(FIRST_NAMES);
                while (otherFirst.equals(one.firstName())) {
                    otherFirst = pick(FIRST_NAMES);
                }
                String otherLast = pick(LAST_NAMES);
                while (otherLast.equals(one.lastName())) {
                    otherLast = pick(LAST_NAMES);
                }
                final Person two = new Person(otherFirst, otherLast, personalEmail(otherFirst, otherLast), one.phone(), one.street(), one.city(),
                        one.postalCode(), random.nextDouble() < 0.3 ? birthDate(1960 + random.nextInt(45)) : null,
                        random.nextBoolean() ? company() : null);
                yield new Person[] {one, two};
            }
            default -> throw new IllegalArgumentException(kind + " is one person");
        };
    }

    private static Person withEmail(final Person person, final String email) {
        return new Person(person.firstName(), person.lastName(), email, person.phone(), person.street(), person.city(), person.postalCode(),
                person.birthDate(), person.company());
    }

    /**
     * A parent whose child would be born in {@code childYear}, after the latest year a person of the data set is born in
     * ({@link #LATEST_BIRTH_YEAR}), as the child is then: older by as many years (the child's birth date is the latest
     * year's). The parent as given where the child is born no later, or the parent has no birth date ({@code parentYear}
     * a stand-in).
     */
    private static Person olderWhereBornLater(final Person parent, final int parentYear, final int childYear) {
        return childYear > LATEST_BIRTH_YEAR && parent.birthDate() != null
                ? withBirthDate(parent, (parentYear - childYear + LATEST_BIRTH_YEAR) + parent.birthDate().substring(4)) : parent;
    }

    private static Person withBirthDate(final Person person, final String birthDate) {
        return new Person(person.firstName(), person.lastName(), person.email(), person.phone(), person.street(), person.city(),
                person.postalCode(), birthDate, person.company());
    }

    /**
     * The second record a person of a kind that is two people has, written without error by another source: the name, the
     * person's own email, and the city and one of phone and street address.
     */
    private Contact ownSecondRecord(final Person person, final String entity) {
        final boolean phone = random.nextBoolean();
        return new Contact(person.firstName(), person.lastName(), person.email(), phone ? person.phone() : null, phone ? null : person.street(),
                random.nextDouble() < 0.9 ? person.city().name() : null, null, person.city().country(), null, null, entity);
    }

    /**
     * The record another source writes of a person with the given names: the city (nine in ten), one or two of email,
     * phone and street address (with the postal code), the company half the time, the birth date a third of the time the
     * first source has it.
     */
    private Contact otherSource(final Person person, final String firstName, final String lastName, final String entity) {
        return otherSource(random, person.full(entity), firstName, lastName);
    }

    /**
     * The record another source writes of the person the first source wrote as {@code full}, under the given names (as
     * {@link #otherSource(Person, String, String, String)} says), drawing from {@code random}.
     */
    static Contact otherSource(final Random random, final Contact full, final String firstName, final String lastName) {
        final int kept = random.nextInt(3);
        final boolean second = random.nextDouble() < 0.3;
        final int other = (kept + 1 + random.nextInt(2)) % 3;
        final boolean email = kept == 0 || second && other == 0;
        final boolean phone = kept == 1 || second && other == 1;
        final boolean address = kept == 2 || second && other == 2;
        return new Contact(firstName, lastName, email ? full.email() : null, phone ? full.phone() : null, address ? full.street() : null,
                random.nextDouble() < 0.9 ? full.city() : null, address ? full.postalCode() : null, full.country(),
                random.nextDouble() < 0.33 ? full.birthDate() : null, random.nextBoolean() ? full.company() : null, full.entity());
    }

    private Person person(final String firstName, final String lastName) {
        return personIn(firstName, lastName, CITIES[random.nextInt(CITIES.length)]);
    }

    private Person personIn(final String firstName, final String lastName, final City city) {
        final String company = random.nextDouble() < 0.6 ? company() : null;
        final String email = company != null && random.nextDouble() < 0.6 ? workEmail(firstName, lastName, company) : personalEmail(firstName, lastName);
        return new Person(firstName, lastName, email, phone(city), (1 + random.nextInt(250)) + " " + STREET_NAMES[random.nextInt(STREET_NAMES.length)]
                + " " + STREET_TYPES[random.nextInt(STREET_TYPES.length)], city, postalCode(city),
                random.nextDouble() < 0.3 ? birthDate(1950 + random.nextInt(55)) : null, company);
    }

    private City foreignCity() {
        while (true) {
            final City city = CITIES[random.nextInt(CITIES.length)];
            if (!city.countryCode().equals("1")) {
                return city;
            }
        }
    }

    private String company() {
        return COMPANY_WORDS[random.nextInt(COMPANY_WORDS.length)] + " " + COMPANY_KINDS[random.nextInt(COMPANY_KINDS.length)];
    }

    private String workEmail(final String firstName, final String lastName, final String company) {
        final String domain = lettersOf(company.substring(0, company.lastIndexOf(' '))) + ".com";
        final String first = lettersOf(firstName);
        final String local = random.nextBoolean() ? first + "." + lettersOf(lastName) : first.charAt(0) + lettersOf(lastName);
        return unusedEmail(local, domain);
    }

    private String personalEmail(final String firstName, final String lastName) {
        final String first = lettersOf(firstName);
        final String last = lettersOf(lastName);
        final String local = switch (random.nextInt(3)) {
            case 0 -> first + "." + last;
            case 1 -> first + last + (10 + random.nextInt(90));
            default -> first.charAt(0) + last + (1950 + random.nextInt(55));
        };
        final String domain = FREE_MAIL[random.nextInt(FREE_MAIL.length)];
        return unusedEmail(local, domain);
    }

    /** The mailbox, or with a number added when another person has it. */
    private String unusedEmail(final String local, final String domain) {
        return unusedEmail(taken, local, domain);
    }

    /** The mailbox, or with a number added when another person of {@code taken} has it; the mailbox is added to it. */
    static String unusedEmail(final Set<String> taken, final String local, final String domain) {
        String email = local + "@" + domain;
        for (int number = 2; !taken.add(email); number++) {
            email = local + number + "@" + domain;
        }
        return email;
    }

    /** A name's letters in lower case without accents, as mailbox names are made ({@code O'Brien} is {@code obrien}). */
    static String lettersOf(final String name) {
        final String folded = ComparisonKeys.fold(name);
        return folded == null ? "x" : folded.replace(" ", "");
    }

    private String capitalisedEmail(final String email) {
        final int at = email.indexOf('@');
        final StringBuilder written = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < email.length(); i++) {
            final char c = email.charAt(i);
            written.append(upper && i < at ? Character.toUpperCase(c) : i > at && random.nextBoolean() ? Character.toUpperCase(c) : c);
            upper = c == '.';
        }
        return written.toString();
    }

    /** A phone as the first source writes it: a North American one nationally, any other in international format. */
    private String phone(final City city) {
        while (true) {
            final String phone = anyPhone(city);
            if (taken.add(phone.replaceAll("[^0-9]", ""))) {
                return phone;
            }
        }
    }

    private String anyPhone(final City city) {
        final String area = city.areaCodes()[random.nextInt(city.areaCodes().length)];
        final String exchange = String.valueOf(200 + random.nextInt(800));
        final String line = String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
        if (city.countryCode().equals("1")) {
            return "(" + area + ") " + exchange + "-" + line;
        }
        return "+" + city.countryCode() + " " + area + " " + exchange + line.substring(0, 2) + " " + line.substring(2);
    }

    /** The person's phone as another source writes it: E.164 or national against the first source, or with an extension. */
    private String phoneWrittenAnotherWay(final Person person) {
        final String digits = person.phone().replaceAll("[^0-9]", "");
        final String countryCode = person.city().countryCode();
        final String national = countryCode.equals("1") ? digits : digits.substring(countryCode.length());
        if (random.nextBoolean()) {
            final String extension = random.nextBoolean() ? " ext. " : " x";
            return person.phone() + extension + (10 + random.nextInt(990));
        }
        // North American numbers in E.164; others nationally, with their trunk prefix, as a local source writes them
        return countryCode.equals("1") ? "+1" + national : "0" + national.substring(0, person.city().areaCodes()[0].length()) + " "
                + national.substring(person.city().areaCodes()[0].length());
    }

    private String postalCode(final City city) {
        final StringBuilder code = new StringBuilder(city.postalPrefix());
        if (city.country().equals("CA")) {
            return code.append((char) ('A' + random.nextInt(26))).append(' ').append(random.nextInt(10)).append((char) ('A' + random.nextInt(26)))
                    .append(random.nextInt(10)).toString();
        }
        while (code.length() < 5) {
            code.append(random.nextInt(10));
        }
        return code.toString();
    }

    private String birthDate(final int year) {
        return String.format(Locale.ROOT, "%d-%02d-%02d", year, 1 + random.nextInt(12), 1 + random.nextInt(28));
    }

    private String pick(final String[] names) {
        return names[random.nextInt(names.length)];
    }

    /** One typo after the first letter that changes the name ({@link AccountGenerator#typo(String, Random)}). */
    private String typo(final String name) {
        String written = AccountGenerator.typo(name, random);
        while (written.equals(name)) {
            written = AccountGenerator.typo(name, random);
        }
        return written;
    }
}
