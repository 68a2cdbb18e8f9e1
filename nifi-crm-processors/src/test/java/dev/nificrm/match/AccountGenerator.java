package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates organisation records merged from several sources, with the kinds of errors accounts have: legal forms
 * written, changed or dropped ({@code B.V.}/{@code BV}/none), abbreviations ({@code International}/{@code Intl},
 * {@code &}/{@code and}, {@code Street}/{@code St}), typos, missing fields and sparse records that hold only a name and
 * one contact point; and companies that are different but look alike (same words, another legal form and address;
 * namesakes in other cities). Seeded: the same seed gives the same records. Columns: name, street, city, postal_code,
 * phone, website, and the true entity.
 */
final class AccountGenerator {
    private static final String[] SYLLABLES = {"nor", "th", "wind", "con", "to", "so", "fab", "ri", "kam", "lit", "ware", "ad", "ven",
            "tu", "re", "tail", "spin", "vel", "ox", "kal", "in", "do", "mar", "quez", "bel", "lan", "tor", "vik", "sen", "dal", "gro",
            "pex", "zen", "ith", "cor", "nel", "bra", "vo", "lux", "ter", "am", "ber", "sil", "van", "ro", "ka", "mi", "lo"};
    private static final String[] INDUSTRY_WORDS = {"Industries", "Holding", "Group", "Consulting", "Logistics", "Systems", "Solutions",
            "Trading", "Partners", "Software", "Foods", "Engineering", "Capital", "Media", "Pharma", "Energy", "Design", "Labs"};
    private static final String[][] ABBREVIATED = {{"International", "Intl"}, {"Manufacturing", "Mfg"}, {"Brothers", "Bros"},
            {"Associates", "Assoc"}, {"Services", "Svcs"}, {"Technologies", "Tech"}, {"Corporation", "Corp"}, {"Company", "Co"},
            {"National", "Natl"}, {"Management", "Mgmt"}};
    private static final String[][] LEGAL_FORMS = {{"Inc.", "Inc", "Incorporated"}, {"LLC", "L.L.C."}, {"Ltd", "Ltd.", "Limited"},
            {"GmbH", "G.m.b.H."}, {"B.V.", "BV", "b.v."}, {"N.V.", "NV"}, {"S.A.", "SA"}, {"AG"}, {"S.r.l.", "SRL"}, {"Pty Ltd", "Pty. Ltd."},
            {"SAS", "S.A.S."}, {"AB"}, {"Oy"}, {"PLC", "plc"}};
    private static final String[][] STREET_TYPES = {{"Street", "St.", "St"}, {"Avenue", "Ave.", "Ave"}, {"Road", "Rd.", "Rd"},
            {"Boulevard", "Blvd.", "Blvd"}, {"Drive", "Dr.", "Dr"}, {"Lane", "Ln"}, {"Place", "Pl."}, {"Square", "Sq."}};
    private static final String[] STREET_NAMES = {"Main", "Oak", "Maple", "Cedar", "Park", "Lake", "Hill", "Church", "Market", "King",
            "Queen", "Station", "Mill", "Bridge", "Harbor", "Elm", "Pine", "River", "Spring", "Union", "Victoria", "Washington", "High"};
    private static final String[] CITIES = {"Amsterdam", "Rotterdam", "London", "Manchester", "Berlin", "Munich", "Paris", "Lyon",
            "Madrid", "Milan", "Stockholm", "Helsinki", "New York", "Chicago", "Boston", "Seattle", "Austin", "Denver", "Sydney", "Toronto"};
    private static final String[] DIRECTIONS = {"North", "South", "East", "West"};

    private final Random random;
    private final double sparseShare;
    /** The share of the words after the first that a duplicate writes with a typo ({@code Global Servcies}); none by default. */
    private double laterWordTypoShare;

    /**
     * @param seed        the seed
     * @param sparseShare the share of the extra records that hold only the name and one contact point (or place)
     */
    AccountGenerator(final long seed, final double sparseShare) {
        this.random = new Random(seed);
        this.sparseShare = sparseShare;
    }

    /**
     * This generator, writing in duplicates {@code share} of the words after a name's first with a typo as well (the
     * first has its own, 15%): {@code Financial Servcies}, {@code Consulting Gruop}. Without it no draw is made for
     * them, so that the records of a seed stay what they were.
     */
    AccountGenerator withTyposInLaterWords(final double share) {
        laterWordTypoShare = share;
        return this;
    }

    /**
     * One generated record: its values in column order ({@link OrganisationQualityTest#IDENTIFIED_ACCOUNT_COLUMNS}: the
     * country, which only some generated companies hold, then the company identifier, which only some of {@link
     * CompanyErrorGenerator}'s hold) and its true entity.
     */
    record Account(String name, String street, String city, String postalCode, String phone, String website, String country, String companyId,
                   String entity) {
        /** A record without a country. */
        Account(final String name, final String street, final String city, final String postalCode, final String phone, final String website,
                final String entity) {
            this(name, street, city, postalCode, phone, website, null, null, entity);
        }

        /** A record without a company identifier. */
        Account(final String name, final String street, final String city, final String postalCode, final String phone, final String website,
                final String country, final String entity) {
            this(name, street, city, postalCode, phone, website, country, null, entity);
        }

        String[] values() {
            return new String[] {name, street, city, postalCode, phone, website, country, companyId};
        }
    }

    /** A master company before any source wrote it down. */
    private record Company(String distinctive, List<String> words, String[] legalForm, int number, String direction, String streetName,
                           String[] streetType, String unit, String city, String postalCode, String phone, String domain) {
    }

    /** {@code companies} companies, {@code duplicateShare} of them with one to three more records from other sources. */
    List<Account> generate(final int companies, final double duplicateShare) {
        final List<Company> masters = new ArrayList<>(companies);
        for (int i = 0; i < companies; i++) {
            // look-alikes: a few companies share their distinctive word (and sometimes the whole name) with an earlier one
            if (i > 10 && random.nextDouble() < 0.08) {
                final Company earlier = masters.get(random.nextInt(masters.size()));
                final boolean namesake = random.nextBoolean();
                masters.add(company(earlier.distinctive(), namesake ? earlier.words() : words(), namesake ? earlier.legalForm() : legalForm(),
                        "-" + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26))));
            } else {
                masters.add(company(distinctiveWord(), words(), legalForm(), ""));
            }
        }
        final List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < masters.size(); i++) {
            final Company company = masters.get(i);
            final String entity = "c" + i;
            accounts.add(write(company, entity, false));
            if (random.nextDouble() < duplicateShare) {
                final int more = 1 + random.nextInt(3);
                for (int copy = 0; copy < more; copy++) {
                    accounts.add(write(company, entity, true));
                }
            }
        }
        Collections.shuffle(accounts, random);
        return accounts;
    }

    /**
     * {@code firms} companies of one city whose names are common words only and shared ({@code Global Services}: a name
     * from {@code names}, each of two or more words), as in business centres: {@code buildings} buildings, two to a
     * postcode, a suite for each company, its own phone and website; {@code duplicateShare} of them with one to three
     * more records from other sources, written with the errors of {@link #generate}'s (a suite dropped, a legal form
     * changed, sparse records). Entities are {@code entityPrefix} and the company's number.
     */
    List<Account> namesakesOfOneCity(final String city, final String[] names, final int firms, final int buildings,
                                     final double duplicateShare, final String entityPrefix) {
        final List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < firms; i++) {
            final String[] words = names[i % names.length].split(" ");
            final int building = random.nextInt(buildings);
            final String[] legalForm = legalForm();
            final String postalCode = String.format(Locale.ROOT, "%05d", 2108 + building / 2);
            final String phone = String.format(Locale.ROOT, "+1 617 %03d %04d", 200 + random.nextInt(700), random.nextInt(10000));
            final String domain = String.join("", words).toLowerCase(Locale.ROOT) + "-" + distinctiveWord().toLowerCase(Locale.ROOT) + ".com";
            final Company company = new Company(words[0], List.of(words).subList(1, words.length), legalForm, 100 + 25 * building, null,
                    STREET_NAMES[building % STREET_NAMES.length], STREET_TYPES[building % STREET_TYPES.length], String.valueOf(100 + i),
                    city, postalCode, phone, domain);
            final String entity = entityPrefix + i;
            accounts.add(write(company, entity, false));
            if (random.nextDouble() < duplicateShare) {
                final int more = 1 + random.nextInt(3);
                for (int copy = 0; copy < more; copy++) {
                    accounts.add(write(company, entity, true));
                }
            }
        }
        return accounts;
    }

    /** A company; {@code domainSuffix} tells the domain of a look-alike from the one it looks like. */
    private Company company(final String distinctive, final List<String> words, final String[] legalForm, final String domainSuffix) {
        final String postalCode = String.valueOf(10000 + random.nextInt(89999));
        final String phone = String.format(Locale.ROOT, "+1 %03d %03d %04d", 201 + random.nextInt(700), 200 + random.nextInt(700), random.nextInt(10000));
        final String unit = random.nextDouble() < 0.25 ? String.valueOf(100 + random.nextInt(900)) : null;
        final String direction = random.nextDouble() < 0.2 ? DIRECTIONS[random.nextInt(DIRECTIONS.length)] : null;
        return new Company(distinctive, words, legalForm, 1 + random.nextInt(2500), direction,
                STREET_NAMES[random.nextInt(STREET_NAMES.length)], STREET_TYPES[random.nextInt(STREET_TYPES.length)], unit,
                CITIES[random.nextInt(CITIES.length)], postalCode, phone,
                distinctive.toLowerCase(Locale.ROOT) + domainSuffix + (random.nextBoolean() ? "" : "-" + random.nextInt(100))
                        + (random.nextBoolean() ? ".com" : ".eu"));
    }

    private String distinctiveWord() {
        final StringBuilder word = new StringBuilder();
        final int syllables = 2 + random.nextInt(2);
        for (int i = 0; i < syllables; i++) {
            word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private List<String> words() {
        final List<String> words = new ArrayList<>();
        final double draw = random.nextDouble();
        if (draw < 0.5) {
            words.add(INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)]);
        } else if (draw < 0.75) {
            words.add(ABBREVIATED[random.nextInt(ABBREVIATED.length)][0]);
        } else if (draw < 0.85) {
            words.add("&");
            words.add(distinctiveWord());
        }
        return words;
    }

    private String[] legalForm() {
        return random.nextDouble() < 0.85 ? LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)] : new String[] {""};
    }

    /** A record of the company as one source wrote it; a duplicate carries errors. */
    private Account write(final Company company, final String entity, final boolean duplicate) {
        final StringBuilder name = new StringBuilder(duplicate && random.nextDouble() < 0.15 ? typo(company.distinctive()) : company.distinctive());
        for (final String word : company.words()) {
            String written = word;
            if (duplicate) {
                written = abbreviate(word);
                if (laterWordTypoShare > 0 && random.nextDouble() < laterWordTypoShare) {
                    written = typo(written);
                }
            }
            name.append(' ').append(written);
        }
        if (duplicate && random.nextDouble() < 0.35) {
            // the legal form dropped or written another way
            if (random.nextBoolean()) {
                name.append(' ').append(company.legalForm()[random.nextInt(company.legalForm().length)]);
            }
        } else {
            name.append(' ').append(company.legalForm()[0]);
        }
        String writtenName = name.toString().trim();
        if (duplicate && random.nextDouble() < 0.2) {
            writtenName = random.nextBoolean() ? writtenName.toUpperCase(Locale.ROOT) : writtenName.toLowerCase(Locale.ROOT);
        }

        String street = street(company, duplicate);
        String city = company.city();
        String postalCode = company.postalCode();
        String phone = duplicate ? reformatPhone(company.phone()) : company.phone();
        String website = duplicate ? reformatWebsite(company.domain()) : "https://www." + company.domain();
        if (duplicate) {
            if (random.nextDouble() < sparseShare) {
                // a sparse record from a source that knows only the name and one contact point
                final int kept = random.nextInt(3);
                street = null;
                city = kept == 2 ? city : null;
                postalCode = kept == 2 ? postalCode : null;
                phone = kept == 0 ? phone : null;
                website = kept == 1 ? website : null;
            } else {
                street = random.nextDouble() < 0.15 ? null : street;
                city = random.nextDouble() < 0.1 ? null : city;
                postalCode = random.nextDouble() < 0.2 ? null : postalCode;
                phone = random.nextDouble() < 0.3 ? null : phone;
                website = random.nextDouble() < 0.4 ? null : website;
            }
        } else {
            phone = random.nextDouble() < 0.1 ? null : phone;
            website = random.nextDouble() < 0.2 ? null : website;
        }
        return new Account(writtenName, street, city, postalCode, phone, website, entity);
    }

    private String street(final Company company, final boolean duplicate) {
        final StringBuilder street = new StringBuilder().append(company.number()).append(' ');
        if (company.direction() != null) {
            street.append(duplicate && random.nextBoolean() ? company.direction().charAt(0) + "." : company.direction()).append(' ');
        }
        street.append(duplicate && random.nextDouble() < 0.1 ? typo(company.streetName()) : company.streetName()).append(' ');
        street.append(duplicate ? company.streetType()[random.nextInt(company.streetType().length)] : company.streetType()[0]);
        if (company.unit() != null && (!duplicate || random.nextDouble() < 0.6)) {
            final String[] units = {"Suite ", "Ste ", "#", "Unit "};
            street.append(duplicate ? ", " + units[random.nextInt(units.length)] : ", Suite ").append(company.unit());
        }
        return street.toString();
    }

    private String abbreviate(final String word) {
        if (word.equals("&")) {
            return random.nextBoolean() ? "and" : "&";
        }
        for (final String[] pair : ABBREVIATED) {
            if (pair[0].equals(word) && random.nextDouble() < 0.6) {
                return pair[1] + (random.nextBoolean() ? "." : "");
            }
        }
        return word;
    }

    private String typo(final String word) {
        return word.length() < 5 ? word : typo(word, random);
    }

    /**
     * The word with one typo after its first letter, drawn from {@code random}: two neighbouring letters swapped, one left
     * out or one replaced (perhaps by itself, which leaves the word as it was). The word has three letters or more.
     */
    static String typo(final String word, final Random random) {
        final int position = 1 + random.nextInt(word.length() - 2);
        final char[] characters = word.toCharArray();
        switch (random.nextInt(3)) {
            case 0 -> {
                final char swap = characters[position];
                characters[position] = characters[position + 1];
                characters[position + 1] = swap;
                return new String(characters);
            }
            case 1 -> {
                return word.substring(0, position) + word.substring(position + 1);
            }
            default -> {
                characters[position] = (char) ('a' + random.nextInt(26));
                return new String(characters);
            }
        }
    }

    private String reformatPhone(final String phone) {
        final String digits = phone.replaceAll("[^0-9]", "").substring(1);
        return switch (random.nextInt(3)) {
            case 0 -> "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
            case 1 -> digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6);
            default -> phone;
        };
    }

    private String reformatWebsite(final String domain) {
        return switch (random.nextInt(3)) {
            case 0 -> "http://" + domain + "/";
            case 1 -> "www." + domain;
            default -> "https://www." + domain + "/contact";
        };
    }
}
