package dev.nificrm.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates company records by the kind of error a CRM's accounts have, with known truth, so that matching can be
 * measured kind by kind. Each company has a full record (name, street, city, postal code, phone, website) and, for the
 * kinds that are one company written two ways, a second record from another source that writes the name with that
 * kind's error and holds the city and one or two of street, postal code and phone (no website): the name has to carry
 * the match ({@link Kind#RENAMED_KEEPING_ITS_WEBSITE}'s and {@link Kind#TRADING_NAME}'s hold the website and the phone,
 * {@link Kind#WEBSITE_WRITTEN_ANOTHER_WAY}'s the website). The kinds that are two
 * companies ({@link Kind#BRANCH}, {@link Kind#GENERIC_WORD_IN_ONE_CITY}, {@link Kind#SHORT_NAME_NEIGHBOURS},
 * {@link Kind#SAME_NAME_IN_ONE_CITY}, {@link Kind#TWO_INITIALS_IN_ONE_CITY}, {@link Kind#FORM_FIRST_BESIDE_ITS_REST},
 * {@link Kind#ONE_SWITCHBOARD}, {@link Kind#PARENT_AND_SUBSIDIARY}, {@link Kind#GROUP_COMPANIES}) give companies that look alike, each with such a second record of its own written
 * without error, so that both a false merge and a missed duplicate show. Seeded: the same seed gives the same records.
 * Records are {@link AccountGenerator.Account}s; entities are the kind's name and the company's number.
 */
final class CompanyErrorGenerator {
    /** The kinds of error, each of one company written two ways unless said otherwise. */
    enum Kind {
        /** A legal form of one of many countries written another way, written out or dropped ({@code S.p.A.}/{@code SpA}, {@code K.K.}/{@code Kabushiki Kaisha}). */
        LEGAL_FORM,
        /** Ampersand, {@code and}, hyphens, apostrophes and initials with signs ({@code AT&T}/{@code AT and T}, {@code Coca-Cola}/{@code Coca Cola}, {@code McDonald's}/{@code Mc Donalds}). */
        PUNCTUATION,
        /** A leading or trailing {@code The} added or dropped ({@code The Coca Cola Company}, {@code Kamlit Group, The}). */
        THE,
        /** Accents and special letters written or left out ({@code L'Oréal}/{@code L Oreal}, {@code Nestlé}, {@code Müller}/{@code Mueller}, {@code Ørsted}/{@code Orsted}). */
        DIACRITICS,
        /** A name of several words against its initialism ({@code International Business Machines}/{@code IBM}/{@code I.B.M.}). */
        INITIALISM,
        /** A common word abbreviated ({@code Intl}, {@code Mfg}, {@code Hosp}, {@code Fin}, {@code Constr}). */
        ABBREVIATION,
        /** One typo in a short distinctive word of four or five letters ({@code Zenox}/{@code Zenix}). */
        SHORT_NAME_TYPO,
        /** One typo in a distinctive word of six letters or more. */
        LONG_NAME_TYPO,
        /** Words written together or apart ({@code Kamlit Ware}/{@code KamlitWare}). */
        SPACING,
        /** Two companies: a head office and its branch, same name, another address and phone, often the same website. */
        BRANCH,
        /** Two companies of one city sharing a generic word ({@code Golden Pizza}/{@code Luna Pizza}, {@code Dental Smile}/{@code Dental Care}). */
        GENERIC_WORD_IN_ONE_CITY,
        /** Two companies of one city whose short names are one letter apart ({@code Dora Bakery}/{@code Cora Bakery}). */
        SHORT_NAME_NEIGHBOURS,
        /**
         * Two firms of one city with the same name of words common in the city's names ({@code Orchid Bank} twice, where
         * {@code Sushi Orchid} and {@code Bank Lotus} are in the city too), each with its own address, phone and website.
         */
        SAME_NAME_IN_ONE_CITY,
        /**
         * Two companies of one city whose names of two words have the same initials ({@code General Motors}/{@code General
         * Medical}), the first written by its initials by another source ({@code GM}, {@code G.M.}), the second in full.
         */
        TWO_INITIALS_IN_ONE_CITY,
        /**
         * A legal form some countries write before the name, first on one record and last or left out on the other, both
         * without a country ({@code BV Kamlit Foods}/{@code Kamlit Foods B.V.}, {@code SARL Dupont}/{@code Dupont}), or a
         * name that starts with initials that are a legal form written only after names ({@code P.C. Holding B.V.}/{@code
         * PC Holding}).
         */
        LEGAL_FORM_FIRST,
        /**
         * A legal form first in a name in a country that writes it there, first on one record (with the country) and last
         * or left out on the other (with the country or without): a form that is also a name's start elsewhere
         * ({@code NV Kamlit Foods}/{@code Kamlit Foods N.V.} in Belgium, {@code AS Venvel}/{@code Venvel} in Estonia,
         * {@code K.K. Karikam}/{@code Karikam Kabushiki Kaisha} in Japan), one no name starts with ({@code BV}, {@code SARL},
         * {@code Oy}, {@code OOO}), or {@code GmbH} written first, rarely, in Germany or Austria.
         */
        LEGAL_FORM_FIRST_IN_ITS_COUNTRY,
        /**
         * A name that starts with initials spelt like a legal form some countries write first, of a company in a country
         * that does not write it there or without a country, written dotted and not, with its country's legal form last or
         * without: {@code S.A. Logistics Pty Ltd}/{@code SA Logistics} in Australia (SA Water), {@code AS Media S.p.A.} in
         * Italy (AS Roma), {@code SAS Software Inc.} in the United States (SAS Institute), {@code NV Energy}.
         */
        NAME_SPELT_LIKE_A_LEGAL_FORM,
        /**
         * An English legal form written first by mistake on one record and last or left out on the other, in an
         * English-speaking country or without a country ({@code Ltd Kamlit Foods}/{@code Kamlit Foods Ltd}, {@code Inc.
         * Venvel}/{@code Venvel}).
         */
        ENGLISH_FORM_WRITTEN_FIRST,
        /**
         * Half: a Russian legal form first in a country that writes it there, on one record (with the country), last or
         * left out on the other (with the country or without), in Latin letters or Cyrillic ({@code AO Kamlit}/{@code
         * Kamlit AO} in Russia, {@code ПАО Камлит}/{@code Камлит} in Kazakhstan, {@code OOO Venvel}/{@code Venvel LLC});
         * half: a name that starts with such a form's letters elsewhere, written dotted and not, with its country's form
         * last or without ({@code A.O. Logistics Inc.}/{@code AO Logistics} in the United States, as A.O. Smith).
         */
        RUSSIAN_FORM_FIRST,
        /**
         * Two companies of one city, without a country: one whose name starts with a form read both ways there
         * ({@code AB Kamlit Foods}, {@code SA Venvel}, {@code Ltd Sencor}), one named as the rest of that name with another
         * country's form ({@code Kamlit Foods GmbH}), each with its own address, phone and website and a second record
         * written without error: the second reading, {@code kamlit foods}, must not join them.
         */
        FORM_FIRST_BESIDE_ITS_REST,
        /**
         * Two companies at one address with one switchboard (a holding and its subsidiary, the tenants of a serviced
         * office, an accountant's clients at its address): names that differ outright ({@code Kamlit Holding AG},
         * {@code Venvel Media GmbH}), one street, postal code and phone, each its own website or the second none; each
         * with a second record written without error.
         */
        ONE_SWITCHBOARD,
        /**
         * One company renamed, or written by its initials, that kept its switchboard and its website: the old name on
         * one record ({@code Kamlit Venvel Systems Ltd}), the new one ({@code Dalbra Software Ltd}) or the initials
         * ({@code KVS Ltd}) on the other, which holds the phone, the website and the city, and the street half the time.
         */
        RENAMED_KEEPING_ITS_WEBSITE,
        /**
         * One company renamed that kept its company identifier (a VAT id or D-U-N-S number) and nothing else: the old name
         * on one record ({@code Kamlit Venvel Systems Ltd}, with its street, postal code, phone and website), the new one
         * ({@code Dalbra Software GmbH}) on the other, in another city half the time, with the identifier written another
         * way ({@code DE 123 456 789}/{@code 123456789}, {@code 15-048-3782}/{@code 150483782}) and no website.
         */
        RENAMED_KEEPING_ITS_IDENTIFIER,
        /**
         * Two companies: a parent and its subsidiary, with a name's words in common ({@code Kamlit Holding AG}/{@code Kamlit
         * AG}, the same name a third of the time), one street, postal code, phone and website, and two company identifiers;
         * each with a second record written without error, its identifier written another way; each source holds one kind
         * of identifier and writes it one way for both.
         */
        PARENT_AND_SUBSIDIARY,
        /**
         * One company whose two sources hold two kinds of identifier: the VAT id on one record ({@code DE 123 456 789},
         * {@code FR AB 123456789}, {@code CHE-123.456.789 MWST}, {@code GR 123456789}, {@code ATU12345678}, {@code
         * NL123456789B01}), with the street, postal code, phone and website; a D-U-N-S number ({@code 15-048-3782}) or a
         * trade register number ({@code HRB 12345}) on the other, with the street, city and phone.
         */
        IDENTIFIERS_OF_TWO_KINDS,
        /**
         * A Ukrainian legal form first on one record, the name in Ukrainian quotes when in Cyrillic ({@code ТОВ «Камлит»},
         * {@code ПрАТ «Венвел»}, {@code TOV Kamlit Foods}), last or left out on the other ({@code Камлит ТОВ}, {@code Kamlit
         * Foods}); the first record in Ukraine (80 %) or without a country, the other with the first's country in 60 %,
         * else without one; matched on the country too.
         */
        UKRAINIAN_FORM,
        /**
         * Initials written packed, dotted, dotted and spaced, or spaced ({@code KLM Logistics}/{@code K.L.M. Logistics},
         * {@code K. L. M. Ltd}/{@code K L M}), a quarter of them initials that spell a word names are written with
         * ({@code AT Systems}/{@code A. T. Systems}, {@code D.E. Logistics}, {@code T H E Group}).
         */
        SPACED_INITIALS,
        /**
         * The words company and corporation, after the name or after another abbreviated word, written out on one record
         * and abbreviated on the other ({@code Kamlit Trading Co.}/{@code Kamlit Trading Company}, {@code Kamlit Corp}/{@code
         * Kamlit Corporation}, {@code Kamlit & Co.}/{@code Kamlit and Company}, {@code Kamlit Mfg. Co.}/{@code Kamlit
         * Manufacturing Company}).
         */
        COMPANY_ABBREVIATED,
        /**
         * One company's legal name on one record ({@code Kamlit Holding GmbH}), its trading name sharing the legal name's
         * first word on the other ({@code Kamlit Software}, {@code Kamlit}), which holds the city, the website written the
         * same way and, half the time, the phone: the website and the phone link them.
         */
        TRADING_NAME,
        /**
         * One company whose other record holds its name (the legal form left out half the time), the city and the website
         * written another way, and nothing else: with or without the scheme, {@code www.}, a path, a query, a trailing
         * slash, in capitals ({@code https://www.kamlit.com}/{@code kamlit.com}, {@code http://kamlit.com/en/contact},
         * {@code WWW.KAMLIT.COM}).
         */
        WEBSITE_WRITTEN_ANOTHER_WAY,
        /**
         * Two companies of one group, distinct legal entities: the group's name ({@code Kamlit AG}) and a group company
         * named by it and a word ({@code Kamlit Healthineers AG}, {@code Kamlit Logistics AG}, as Siemens AG and Siemens
         * Healthineers AG), each with its own address and phone, in one city half the time, half the time both with the
         * group's website; each with a second record written without error. They must stay apart.
         */
        GROUP_COMPANIES,
        /**
         * Two names joined by an ampersand on one record, on the other by a plus, by {@code and} in one of the languages
         * CRM accounts are written in, or by nothing ({@code Kamlit & Venvel}/{@code Kamlit + Venvel}, {@code Kamlit und
         * Venvel}, {@code Kamlit et Venvel}, {@code Kamlit Venvel}).
         */
        JOINED_NAMES,
        /**
         * A name as an export or a web form left it, with HTML entities for an ampersand, an apostrophe or quotation marks,
         * on one record, written plainly on the other ({@code Kamlit &amp; Venvel}/{@code Kamlit & Venvel}, {@code
         * Kamlit&#39;s Foods}/{@code Kamlit's Foods}, {@code &quot;Kamlit&quot; Trading}/{@code Kamlit Trading}, {@code
         * KAMLIT &AMP; VENVEL}, escaped twice: {@code Kamlit &amp;amp; Venvel}).
         */
        HTML_ENTITIES;

        /** Whether the kind's pairs of records are two companies rather than one written two ways. */
        boolean twoCompanies() {
            return this == BRANCH || this == GENERIC_WORD_IN_ONE_CITY || this == SHORT_NAME_NEIGHBOURS || this == SAME_NAME_IN_ONE_CITY
                    || this == TWO_INITIALS_IN_ONE_CITY || this == FORM_FIRST_BESIDE_ITS_REST || this == ONE_SWITCHBOARD
                    || this == PARENT_AND_SUBSIDIARY || this == GROUP_COMPANIES;
        }

        /** Whether the kind's records hold a company identifier, and are matched on it too. */
        boolean withIdentifier() {
            return this == RENAMED_KEEPING_ITS_IDENTIFIER || this == PARENT_AND_SUBSIDIARY || this == IDENTIFIERS_OF_TWO_KINDS;
        }

        /** Whether the kind's records hold a country, and are matched on it too. */
        boolean withCountry() {
            return this == LEGAL_FORM_FIRST_IN_ITS_COUNTRY || this == NAME_SPELT_LIKE_A_LEGAL_FORM || this == ENGLISH_FORM_WRITTEN_FIRST
                    || this == RUSSIAN_FORM_FIRST || this == UKRAINIAN_FORM;
        }
    }

    private static final String[] SYLLABLES = {"nor", "wind", "con", "fab", "ri", "kam", "lit", "ven", "tu", "spin", "vel", "ox", "kal",
            "do", "mar", "quez", "bel", "lan", "tor", "vik", "sen", "dal", "gro", "pex", "zen", "cor", "nel", "bra", "lux", "ter", "ber",
            "sil", "van", "ro", "ka", "mi", "lo"};
    private static final String[] INDUSTRY_WORDS = {"Industries", "Holding", "Group", "Consulting", "Logistics", "Systems", "Solutions",
            "Trading", "Partners", "Software", "Foods", "Engineering", "Capital", "Media", "Energy", "Design"};
    /** Legal forms of many countries, each with the ways sources write it. */
    private static final String[][] LEGAL_FORMS = {{"Inc.", "Inc", "Incorporated"}, {"Ltd", "Ltd.", "Limited"}, {"LLC", "L.L.C.", "Limited Liability Company"},
            {"GmbH", "G.m.b.H.", "Gesellschaft mit beschränkter Haftung"}, {"GmbH & Co. KG", "GmbH & Co KG", "GmbH u. Co. KG"}, {"AG", "A.G."},
            {"S.A.", "SA", "Sociedad Anónima"}, {"S.p.A.", "SpA", "S.p.A"}, {"S.r.l.", "Srl"}, {"B.V.", "BV", "Besloten Vennootschap"},
            {"N.V.", "NV"}, {"K.K.", "KK", "Kabushiki Kaisha"}, {"Co., Ltd.", "Co. Ltd", "Company Limited"}, {"Pty Ltd", "Pty. Ltd.", "Proprietary Limited"},
            {"S.à r.l.", "SARL", "S.a.r.l."}, {"S.A.S.", "SAS"}, {"S.L.", "SL"}, {"A/S", "AS"}, {"AB (publ)", "AB"}, {"Oy", "Oyj"},
            {"PLC", "plc", "Public Limited Company"}, {"Sp. z o.o.", "sp. z o.o.", "Spółka z o.o."}, {"S.A. de C.V.", "SA de CV"}, {"Pte. Ltd.", "Pte Ltd"}};
    /**
     * Legal forms written before the name too, each with the ways sources write it, in records without a country: NV, AB,
     * AS and PT first are the start of a name there (as in {@code AB InBev}), and SAS is written first in no country.
     */
    private static final String[][] LEADING_LEGAL_FORMS = {{"BV", "B.V.", "Besloten Vennootschap"}, {"NV", "N.V."}, {"SARL", "S.A.R.L.", "S.à r.l."},
            {"SAS", "S.A.S."}, {"AB", "AB (publ)"}, {"Oy", "Oyj"}, {"A/S", "AS"}, {"OOO", "LLC"}, {"PT", "Tbk"}, {"Kabushiki Kaisha", "K.K."}};
    /**
     * Legal forms written first in a country, each with that country (ISO 3166-1 alpha-2) and the ways sources write the
     * form, the first written first: forms that are also a name's start elsewhere, then forms no name starts with.
     */
    private static final String[][] FIRST_IN_ITS_COUNTRY = {{"BE", "NV", "N.V."}, {"NL", "NV", "N.V."}, {"BE", "SA", "S.A."},
            {"LU", "S.A.", "SA"}, {"NO", "AS", "A/S"}, {"DK", "A/S", "AS"}, {"EE", "AS"}, {"LV", "AS"}, {"SE", "AB", "AB (publ)"},
            {"FI", "Ab", "AB"}, {"ID", "PT", "P.T."}, {"ID", "CV", "C.V."}, {"JP", "K.K.", "KK", "Kabushiki Kaisha"}, {"RO", "S.C.", "SC"},
            {"BG", "AD", "A.D."}, {"FR", "SNC", "S.N.C."}, {"NL", "BV", "B.V.", "Besloten Vennootschap"}, {"BE", "BVBA"},
            {"FR", "SARL", "S.à r.l."}, {"FI", "Oy", "Oyj"}, {"RU", "OOO", "LLC"}, {"KZ", "LLC", "L.L.C."}, {"DE", "GmbH", "G.m.b.H."},
            {"AT", "GmbH"}};
    /**
     * Initials spelt like a legal form some countries write first, dotted and not, that start names in other countries
     * ({@code SA Water}, {@code AS Roma}, {@code SAS Institute}, {@code NV Energy}, {@code SC Johnson}, {@code CV-Library}).
     */
    private static final String[][] SPELT_LIKE_A_LEGAL_FORM = {{"S.A.", "SA"}, {"A.S.", "AS"}, {"A.B.", "AB"}, {"N.V.", "NV"},
            {"S.A.S.", "SAS"}, {"P.T.", "PT"}, {"S.C.", "SC"}, {"C.V.", "CV"}, {"S.N.C.", "SNC"}, {"A.D.", "AD"}, {"K.K.", "KK"}};
    /** Countries that write none of those forms first, each with a legal form it writes last. */
    private static final String[][] WRITING_FORMS_LAST = {{"AU", "Pty Ltd"}, {"US", "Inc."}, {"GB", "Ltd"}, {"IT", "S.p.A."},
            {"CA", "Inc."}, {"DE", "GmbH"}, {"ES", "S.L."}, {"CH", "AG"}};
    /** English legal forms, each as sources write it first by mistake and last ({@code Ltd Acme}, {@code Acme Ltd}). */
    private static final String[][] ENGLISH_FORMS = {{"Ltd", "Ltd.", "Limited"}, {"Ltd.", "Ltd"}, {"LTD", "Ltd"}, {"Inc.", "Inc", "Incorporated"},
            {"Inc", "Inc."}, {"INC", "Inc."}};
    /** English-speaking countries, and none (null). */
    private static final String[] ENGLISH_SPEAKING = {"GB", "US", "IE", "CA", "AU", "NZ", null};
    /**
     * Russian legal forms written first in the countries that keep them, each with the ways sources write it, the first
     * written first, in Latin letters and in Cyrillic.
     */
    private static final String[][] RUSSIAN_FORMS = {{"AO", "A.O."}, {"ZAO", "Z.A.O."}, {"PAO", "PJSC"}, {"OOO", "LLC"}, {"OAO", "OJSC"}};
    private static final String[][] CYRILLIC_FORMS = {{"АО"}, {"ЗАО"}, {"ПАО"}, {"ООО"}, {"ОАО"}};
    /** Countries that write the Russian forms first. */
    private static final String[] RUSSIAN_FORMS_FIRST = {"RU", "RU", "BY", "KZ", "KG", "UZ", "UA", "AM"};
    /** The Russian forms' letters starting names elsewhere, dotted and not ({@code A.O. Smith}). */
    private static final String[][] SPELT_LIKE_A_RUSSIAN_FORM = {{"A.O.", "AO"}, {"Pao", "PAO"}, {"Zao", "ZAO"}};
    /** The Cyrillic letter a Latin letter of the syllables is written with. */
    /** The Ukrainian legal forms in Cyrillic and in Latin letters, as Ukrainian companies write them. */
    private static final String[] UKRAINIAN_FORMS = {"ТОВ", "ТзОВ", "ПрАТ", "ПАТ", "АТ", "ФОП", "ПП"};
    private static final String[] UKRAINIAN_FORMS_IN_LATIN = {"TOV", "TzOV", "PrAT", "PAT", "FOP"};
    private static final String CYRILLIC = "абкдефгхийклмнопкрстуввкыз";
    /** Forms first that a record without a country keys both ways, and other countries' forms written last. */
    private static final String[] READ_BOTH_WAYS = {"SA", "AB", "NV", "AS", "PT", "AO", "Ltd", "Inc."};
    private static final String[] OTHER_FORMS_LAST = {"GmbH", "S.p.A.", "AG", "S.L.", "S.r.l."};
    /** Initials that spell a word names are written with ({@code AT}, {@code DE}, {@code THE}): a preposition, an article, and. */
    private static final String[] INITIALS_SPELLING_A_WORD = {"AT", "ON", "IN", "BY", "OF", "DE", "LA", "DA", "EN", "THE", "AND", "FOR",
            "NEW", "BAR"};
    /** Initials that are legal forms written only after names, dotted and not, starting a name ({@code P.C. Holding}). */
    private static final String[][] FORMS_AS_INITIALS = {{"P.C.", "PC"}, {"A.G.", "AG"}, {"S.E.", "SE"}, {"K.G.", "KG"}, {"L.P.", "LP"}};
    private static final String[][] ACCENTED = {{"é", "e"}, {"è", "e"}, {"ö", "oe", "o"}, {"ü", "ue", "u"}, {"ä", "ae", "a"}, {"ñ", "n"},
            {"ç", "c"}, {"ø", "o", "oe"}, {"å", "a", "aa"}, {"ó", "o"}, {"í", "i"}};
    private static final String[][] ABBREVIATED = {{"International", "Intl"}, {"Manufacturing", "Mfg"}, {"Brothers", "Bros"},
            {"Associates", "Assoc"}, {"Services", "Svcs"}, {"Hospital", "Hosp"}, {"Financial", "Fin"}, {"Construction", "Constr"},
            {"Management", "Mgmt"}, {"Development", "Dev"}, {"Properties", "Props"}, {"Insurance", "Ins"}, {"Medical", "Med"},
            {"Electric", "Elec"}, {"Distribution", "Distr"}, {"Laboratories", "Labs"}, {"Technologies", "Tech"}, {"Corporation", "Corp"}};
    /** The words of names that are known by their initialism ({@code International Business Machines}). */
    private static final String[] INITIALISM_WORDS = {"International", "Business", "Machines", "General", "Electric", "British", "Petroleum",
            "American", "National", "United", "Western", "Digital", "Pacific", "Atlantic", "Northern", "Southern", "Federal", "Express",
            "Royal", "Dutch", "Chemical", "Industrial", "Mining", "Steel", "Motor", "Power", "Data", "Trust", "Savings", "Mutual", "Life",
            "Capital", "Communications", "Computer", "Medical", "Research", "Transport", "Energy", "Rail", "Bank", "Credit", "Union",
            "Consolidated", "Allied", "Imperial", "Standard", "Eastern", "Central", "Continental", "Security", "Advanced", "Micro",
            "Devices", "Applied", "Materials", "Instruments", "Products", "Systems", "Software", "Insurance", "Holdings"};
    /** Generic words a city may have many of, with the distinctive words small businesses choose. */
    private static final String[] GENERIC_WORDS = {"Pizza", "Cafe", "Bank", "Dental", "Bakery", "Auto Repair", "Pharmacy", "Nails",
            "Hair Salon", "Sushi", "Dry Cleaners", "Fitness"};
    private static final String[] ORDINARY_WORDS = {"Golden", "Luna", "Roma", "Milano", "Royal", "Star", "Sunrise", "Lotus", "Corner",
            "Harbor", "Union", "Liberty", "Village", "Summit", "Maple", "Pioneer", "Metro", "Elite", "Prime", "Bright", "Happy", "Lucky",
            "Crystal", "Diamond", "Silver", "Eagle", "Phoenix", "Oasis", "Orchid", "Jade", "Empire", "Dragon", "Smile", "Family", "Pearl"};
    private static final String[] STREET_NAMES = {"Main", "Oak", "Maple", "Cedar", "Park", "Lake", "Hill", "Church", "Market", "King",
            "Queen", "Station", "Mill", "Bridge", "Harbor", "Elm", "Pine", "River", "Spring", "Union", "Victoria", "Washington", "High"};
    private static final String[] STREET_TYPES = {"Street", "Avenue", "Road", "Boulevard", "Drive", "Lane"};
    private static final String[] CITIES = {"Amsterdam", "Rotterdam", "London", "Manchester", "Berlin", "Munich", "Paris", "Lyon",
            "Madrid", "Milan", "Stockholm", "Helsinki", "New York", "Chicago", "Boston", "Seattle", "Austin", "Denver", "Sydney", "Toronto"};

    /** The suffixes of a Swiss VAT number, one per language. */
    private static final String[] SWISS_VAT_SUFFIXES = {"MWST", "TVA", "IVA"};
    private final Random random;

    CompanyErrorGenerator(final long seed) {
        this.random = new Random(seed);
    }

    /** A place: street, city, postal code, phone. */
    private record Place(String street, String city, String postalCode, String phone) {
    }

    /** {@code companies} companies (pairs of companies for the kinds that are two) of the kind, two records each. */
    List<AccountGenerator.Account> generate(final Kind kind, final int companies) {
        final List<AccountGenerator.Account> accounts = new ArrayList<>();
        final String prefix = kind.name().toLowerCase(Locale.ROOT) + "-";
        final String oneCity = CITIES[random.nextInt(CITIES.length)];
        final List<String> used = new ArrayList<>();
        for (int company = 0; company < companies; company++) {
            final String entity = prefix + company;
            switch (kind) {
                case BRANCH -> {
                    final String name = distinctive() + " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)] + " "
                            + LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)][0];
                    final String domain = domainOf(name);
                    final Place head = place(CITIES[random.nextInt(CITIES.length)]);
                    final Place branch = place(random.nextBoolean() ? head.city() : CITIES[random.nextInt(CITIES.length)]);
                    pairOf(accounts, name, name, head, domain, entity);
                    pairOf(accounts, name, random.nextBoolean() ? name : name + " (" + branch.city() + ")", branch,
                            random.nextDouble() < 0.6 ? domain : null, entity + "-branch");
                }
                case GENERIC_WORD_IN_ONE_CITY -> {
                    final String generic = GENERIC_WORDS[company % GENERIC_WORDS.length];
                    final String name = unusedName(used, generic);
                    pairOf(accounts, name, name, place(oneCity), domainOf(name), entity);
                }
                case SHORT_NAME_NEIGHBOURS -> {
                    final String word = shortWord();
                    final String neighbour = typo(word);
                    final String generic = GENERIC_WORDS[random.nextInt(GENERIC_WORDS.length)];
                    final Place place = place(oneCity);
                    pairOf(accounts, word + " " + generic, word + " " + generic, place, domainOf(word + generic), entity);
                    pairOf(accounts, neighbour + " " + generic, neighbour + " " + generic, place(oneCity), domainOf(neighbour + generic),
                            entity + "-neighbour");
                }
                case SAME_NAME_IN_ONE_CITY -> {
                    final String name = unusedName(used, GENERIC_WORDS[company % GENERIC_WORDS.length]);
                    pairOf(accounts, name, name, place(oneCity), domainOf(name), entity);
                    pairOf(accounts, name, name, place(oneCity), domainOf(name + " " + oneCity), entity + "-namesake");
                }
                case FORM_FIRST_BESIDE_ITS_REST -> {
                    final String rest = distinctive() + " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)];
                    final String formFirst = READ_BOTH_WAYS[random.nextInt(READ_BOTH_WAYS.length)] + " " + rest;
                    final String other = rest + " " + OTHER_FORMS_LAST[random.nextInt(OTHER_FORMS_LAST.length)];
                    pairOf(accounts, formFirst, formFirst, place(oneCity), domainOf(formFirst), entity);
                    pairOf(accounts, other, other, place(oneCity), domainOf(other), entity + "-rest");
                }
                case ONE_SWITCHBOARD -> {
                    final String name = companyName();
                    final String neighbour = companyName();
                    final Place place = place(CITIES[random.nextInt(CITIES.length)]);
                    pairOf(accounts, name, name, place, domainOf(name), entity);
                    pairOf(accounts, neighbour, neighbour, place, random.nextDouble() < 0.7 ? domainOf(neighbour) : null, entity + "-neighbour");
                }
                case RENAMED_KEEPING_ITS_WEBSITE -> {
                    final String[] words = {distinctive(), distinctive(), INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)]};
                    final String legalForm = " " + LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)][0];
                    final String name = String.join(" ", words) + legalForm;
                    final String renamed = random.nextBoolean() ? companyName()
                            : "" + words[0].charAt(0) + words[1].charAt(0) + words[2].charAt(0) + legalForm;
                    final Place place = place(CITIES[random.nextInt(CITIES.length)]);
                    final String website = "https://www." + domainOf(name);
                    accounts.add(new AccountGenerator.Account(name, place.street(), place.city(), place.postalCode(), place.phone(), website, entity));
                    accounts.add(new AccountGenerator.Account(renamed, random.nextBoolean() ? place.street() : null, place.city(), null, place.phone(),
                            website, entity));
                }
                case RENAMED_KEEPING_ITS_IDENTIFIER -> {
                    final String name = distinctive() + " " + distinctive() + " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)] + " "
                            + LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)][0];
                    final String[] identifier = identifier();
                    final Place place = place(CITIES[random.nextInt(CITIES.length)]);
                    final Place moved = random.nextBoolean() ? place(place.city()) : place(CITIES[random.nextInt(CITIES.length)]);
                    accounts.add(new AccountGenerator.Account(name, place.street(), place.city(), place.postalCode(), place.phone(),
                            "https://www." + domainOf(name), null, identifier[0], entity));
                    accounts.add(new AccountGenerator.Account(companyName(), moved.street(), moved.city(), null, null, null, null, identifier[1], entity));
                }
                case PARENT_AND_SUBSIDIARY -> {
                    final String word = distinctive();
                    final String form = LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)][0];
                    final String parent = word + " Holding " + form;
                    final String subsidiary = random.nextDouble() < 0.33 ? parent
                            : word + (random.nextBoolean() ? "" : " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)]) + " " + form;
                    final Place place = place(CITIES[random.nextInt(CITIES.length)]);
                    final String website = "https://www." + domainOf(parent);
                    // each source holds one kind of identifier and writes it one way for both companies
                    final int[] ways = identifierWays();
                    final String[] parentId = identifier(ways);
                    final String[] subsidiaryId = identifier(ways);
                    accounts.add(new AccountGenerator.Account(parent, place.street(), place.city(), place.postalCode(), place.phone(), website,
                            null, parentId[0], entity));
                    accounts.add(new AccountGenerator.Account(parent, place.street(), place.city(), null, place.phone(), null, null, parentId[1], entity));
                    accounts.add(new AccountGenerator.Account(subsidiary, place.street(), place.city(), place.postalCode(), place.phone(), website,
                            null, subsidiaryId[0], entity + "-subsidiary"));
                    accounts.add(new AccountGenerator.Account(subsidiary, place.street(), place.city(), null, place.phone(), null, null,
                            subsidiaryId[1], entity + "-subsidiary"));
                }
                case IDENTIFIERS_OF_TWO_KINDS -> {
                    final String name = companyName();
                    final Place place = place(CITIES[random.nextInt(CITIES.length)]);
                    final String number = nineDigits();
                    final String other = random.nextDouble() < 0.7 ? number.substring(0, 2) + "-" + number.substring(2, 5) + "-" + number.substring(5)
                            : "HRB " + (10000 + random.nextInt(89999));
                    accounts.add(new AccountGenerator.Account(name, place.street(), place.city(), place.postalCode(), place.phone(),
                            "https://www." + domainOf(name), null, vatOfACountry(), entity));
                    accounts.add(new AccountGenerator.Account(name, place.street(), place.city(), null, place.phone(), null, null, other, entity));
                }
                case TRADING_NAME -> {
                    final String word = distinctive();
                    final int industry = random.nextInt(INDUSTRY_WORDS.length);
                    final String legal = word + " " + INDUSTRY_WORDS[industry] + " " + LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)][0];
                    final String trading = random.nextDouble() < 0.3 ? word
                            : word + " " + INDUSTRY_WORDS[(industry + 1 + random.nextInt(INDUSTRY_WORDS.length - 1)) % INDUSTRY_WORDS.length];
                    final String website = "https://www." + domainOf(trading);
                    final Place place = place(CITIES[random.nextInt(CITIES.length)]);
                    accounts.add(new AccountGenerator.Account(legal, place.street(), place.city(), place.postalCode(), place.phone(), website, entity));
                    accounts.add(new AccountGenerator.Account(trading, null, place.city(), null, random.nextBoolean() ? place.phone() : null,
                            website, entity));
                }
                case WEBSITE_WRITTEN_ANOTHER_WAY -> {
                    final String word = distinctive() + (random.nextBoolean() ? " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)] : "");
                    final String name = word + " " + LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)][0];
                    final String domain = domainOf(word);
                    final Place place = place(CITIES[random.nextInt(CITIES.length)]);
                    accounts.add(new AccountGenerator.Account(name, place.street(), place.city(), place.postalCode(), place.phone(),
                            "https://www." + domain, entity));
                    accounts.add(new AccountGenerator.Account(random.nextBoolean() ? name : word, null, place.city(), null, null,
                            websiteWrittenAnotherWay(domain), entity));
                }
                case GROUP_COMPANIES -> {
                    final String word = distinctive();
                    final String form = " " + LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)][0];
                    final String member = word + " " + (random.nextBoolean() ? distinctive() : INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)]) + form;
                    final Place place = place(CITIES[random.nextInt(CITIES.length)]);
                    final Place other = place(random.nextBoolean() ? place.city() : CITIES[random.nextInt(CITIES.length)]);
                    pairOf(accounts, word + form, word + form, place, domainOf(word), entity);
                    pairOf(accounts, member, member, other, random.nextBoolean() ? domainOf(word) : domainOf(member), entity + "-member");
                }
                case TWO_INITIALS_IN_ONE_CITY -> {
                    final String[] names = twoNamesOfTheSameInitials();
                    final String letters = initials(names[0]);
                    final String initials = random.nextDouble() < 0.3 ? letters.charAt(0) + "." + letters.charAt(1) + "." : letters;
                    pairOf(accounts, names[0], initials, place(oneCity), domainOf(names[0]), entity);
                    pairOf(accounts, names[1], names[1], place(oneCity), domainOf(names[1]), entity + "-namesake");
                }
                default -> {
                    final String[] names = writtenTwoWays(kind);
                    pairOf(accounts, names[0], names[1], place(CITIES[random.nextInt(CITIES.length)]), domainOf(names[0]), entity,
                            names.length > 2 ? names[2] : null, names.length > 2 ? names[3] : null);
                }
            }
        }
        return accounts;
    }

    /**
     * A company identifier written two ways: a German VAT id ({@code DE 123 456 789} or {@code de123456789}, then {@code
     * DE-123.456.789} or without its prefix, {@code 123456789}) or a D-U-N-S number ({@code 15-048-3782}, {@code 150483782}).
     */
    private String[] identifier() {
        final String number = nineDigits();
        if (random.nextBoolean()) {
            return vatWrittenTwoWays(germanVat(number), random.nextInt(2), 2 + random.nextInt(2));
        }
        return new String[] {number.substring(0, 2) + "-" + number.substring(2, 5) + "-" + number.substring(5), number};
    }

    /** The kind and writings of {@link #identifier()} drawn once: a German VAT id's two writings, or -1 for a D-U-N-S number. */
    private int[] identifierWays() {
        return random.nextBoolean() ? new int[] {random.nextInt(2), 2 + random.nextInt(2)} : new int[] {-1, -1};
    }

    /** A company identifier of the kind and writings {@link #identifierWays()} drew. */
    private String[] identifier(final int[] ways) {
        final String number = nineDigits();
        if (ways[0] >= 0) {
            return vatWrittenTwoWays(germanVat(number), ways[0], ways[1]);
        }
        return new String[] {number.substring(0, 2) + "-" + number.substring(2, 5) + "-" + number.substring(5), number};
    }

    /** A VAT id of one of several countries, written as that country writes it. */
    private String vatOfACountry() {
        final String number = nineDigits();
        return switch (random.nextInt(6)) {
            case 0 -> {
                final String vat = germanVat(number);
                yield "DE " + vat.substring(0, 3) + " " + vat.substring(3, 6) + " " + vat.substring(6);
            }
            case 1 -> "FR " + (char) ('A' + random.nextInt(26)) + random.nextInt(10) + " " + number;
            case 2 -> "CHE-" + number.substring(0, 3) + "." + number.substring(3, 6) + "." + number.substring(6) + " " + SWISS_VAT_SUFFIXES[random.nextInt(3)];
            case 3 -> (random.nextBoolean() ? "GR" : "EL") + number;
            case 4 -> "ATU" + number.substring(1);
            default -> "NL" + number + "B0" + (1 + random.nextInt(9));
        };
    }

    /** Nine digits made a German VAT id: the last replaced by the check digit of the first eight (ISO 7064 MOD 11,10). */
    private static String germanVat(final String digits) {
        int product = 10;
        for (int i = 0; i < 8; i++) {
            int sum = (digits.charAt(i) - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = 2 * sum % 11;
        }
        return digits.substring(0, 8) + (11 - product) % 10;
    }

    private String nineDigits() {
        final StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private static String[] vatWrittenTwoWays(final String number, final int first, final int second) {
        final String[] ways = {"DE " + number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6), "de" + number,
                "DE-" + number.substring(0, 3) + "." + number.substring(3, 6) + "." + number.substring(6), number};
        return new String[] {ways[first], ways[second]};
    }

    /** A company's name: a distinctive word, an industry word, a legal form ({@code Kamlit Holding AG}). */
    private String companyName() {
        return distinctive() + " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)] + " " + LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)][0];
    }

    /** Two names of two words with the same initials ({@code General Motors}, {@code General Medical}). */
    private String[] twoNamesOfTheSameInitials() {
        while (true) {
            final String first = INITIALISM_WORDS[random.nextInt(INITIALISM_WORDS.length)] + " " + INITIALISM_WORDS[random.nextInt(INITIALISM_WORDS.length)];
            final String second = INITIALISM_WORDS[random.nextInt(INITIALISM_WORDS.length)] + " " + INITIALISM_WORDS[random.nextInt(INITIALISM_WORDS.length)];
            if (!first.equals(second) && initials(first).equals(initials(second))) {
                return new String[] {first, second};
            }
        }
    }

    /** The initials of a name of two words ({@code GM}). */
    private static String initials(final String name) {
        return name.charAt(0) + name.substring(name.indexOf(' ') + 1, name.indexOf(' ') + 2);
    }

    /** A name of the generic word and an ordinary word not used before in this city ({@code Golden Pizza}, {@code Dental Smile}). */
    private String unusedName(final List<String> used, final String generic) {
        while (true) {
            final String ordinary = ORDINARY_WORDS[random.nextInt(ORDINARY_WORDS.length)];
            final String name = random.nextBoolean() ? ordinary + " " + generic : generic + " " + ordinary;
            final String key = ordinary + "|" + generic;
            if (!used.contains(key)) {
                used.add(key);
                return name;
            }
        }
    }

    /** The full record as first written and one from another source, holding the city and one or two more fields. */
    private void pairOf(final List<AccountGenerator.Account> accounts, final String name, final String otherName, final Place place,
                        final String domain, final String entity) {
        pairOf(accounts, name, otherName, place, domain, entity, null, null);
    }

    /** {@link #pairOf(List, String, String, Place, String, String)} with each record's country (null: none). */
    private void pairOf(final List<AccountGenerator.Account> accounts, final String name, final String otherName, final Place place,
                        final String domain, final String entity, final String country, final String otherCountry) {
        accounts.add(new AccountGenerator.Account(name, place.street(), place.city(), place.postalCode(), place.phone(),
                domain == null ? null : "https://www." + domain, country, entity));
        final int kept = random.nextInt(3);
        final boolean second = random.nextDouble() < 0.3;
        final int other = (kept + 1 + random.nextInt(2)) % 3;
        final boolean street = kept == 0 || second && other == 0;
        final boolean postalCode = kept == 1 || second && other == 1;
        final boolean phone = kept == 2 || second && other == 2;
        accounts.add(new AccountGenerator.Account(otherName, street ? place.street() : null, random.nextDouble() < 0.9 ? place.city() : null,
                postalCode ? place.postalCode() : null, phone ? place.phone() : null, null, otherCountry, entity));
    }

    private Place place(final String city) {
        final String street = (1 + random.nextInt(2500)) + " " + STREET_NAMES[random.nextInt(STREET_NAMES.length)] + " "
                + STREET_TYPES[random.nextInt(STREET_TYPES.length)];
        return new Place(street, city, String.valueOf(10000 + random.nextInt(89999)),
                String.format(Locale.ROOT, "+1 %03d %03d %04d", 201 + random.nextInt(700), 200 + random.nextInt(700), random.nextInt(10000)));
    }

    private static String domainOf(final String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + ".com";
    }

    /**
     * A website as sources other than the company's own write it: without the scheme or {@code www.}, with a trailing
     * slash, a path or a query, in capitals.
     */
    private String websiteWrittenAnotherWay(final String domain) {
        return switch (random.nextInt(7)) {
            case 0 -> domain;
            case 1 -> "www." + domain + "/";
            case 2 -> "http://" + domain + "/";
            case 3 -> "http://www." + domain + "/en/contact";
            case 4 -> "WWW." + domain.toUpperCase(Locale.ROOT);
            case 5 -> "https://" + domain + "/index.html";
            default -> "https://www." + domain + "/?utm_source=newsletter";
        };
    }

    /** A company's name as one source writes it and as another writes it with the kind's error. */
    private String[] writtenTwoWays(final Kind kind) {
        final String industry = random.nextBoolean() ? " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)] : "";
        final String[] form = LEGAL_FORMS[random.nextInt(LEGAL_FORMS.length)];
        final String legalForm = random.nextDouble() < 0.7 ? " " + form[0] : "";
        return switch (kind) {
            case LEGAL_FORM -> {
                final String name = distinctive() + industry;
                final double draw = random.nextDouble();
                final String other = draw < 0.2 ? "" : " " + form[draw < 0.6 ? form.length - 1 : random.nextInt(form.length)];
                yield new String[] {name + " " + form[0], name + other};
            }
            case LEGAL_FORM_FIRST -> {
                if (random.nextBoolean()) {
                    final String[] leading = LEADING_LEGAL_FORMS[random.nextInt(LEADING_LEGAL_FORMS.length)];
                    final String name = distinctive() + industry;
                    final String other = random.nextDouble() < 0.2 ? "" : " " + leading[random.nextInt(leading.length)];
                    yield random.nextBoolean() ? new String[] {leading[0] + " " + name, name + other} : new String[] {name + other, leading[0] + " " + name};
                }
                final String[] initials = FORMS_AS_INITIALS[random.nextInt(FORMS_AS_INITIALS.length)];
                final String name = " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)];
                yield new String[] {initials[0] + name + legalForm, initials[1] + name + (random.nextBoolean() ? legalForm : "")};
            }
            case LEGAL_FORM_FIRST_IN_ITS_COUNTRY -> {
                final String[] first = FIRST_IN_ITS_COUNTRY[random.nextInt(FIRST_IN_ITS_COUNTRY.length)];
                final String name = distinctive() + industry;
                final String last = random.nextDouble() < 0.2 ? "" : " " + first[1 + random.nextInt(first.length - 1)];
                final String otherCountry = random.nextDouble() < 0.8 ? first[0] : null;
                yield firstAndLast(first[1], name, last, first[0], otherCountry);
            }
            case NAME_SPELT_LIKE_A_LEGAL_FORM -> {
                final String[] initials = SPELT_LIKE_A_LEGAL_FORM[random.nextInt(SPELT_LIKE_A_LEGAL_FORM.length)];
                final String[] country = WRITING_FORMS_LAST[random.nextInt(WRITING_FORMS_LAST.length)];
                final String name = " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)];
                final String code = random.nextDouble() < 0.3 ? null : country[0];
                yield new String[] {initials[0] + name + " " + country[1], initials[1] + name + (random.nextBoolean() ? " " + country[1] : ""),
                        code, code};
            }
            case ENGLISH_FORM_WRITTEN_FIRST -> {
                final String[] english = ENGLISH_FORMS[random.nextInt(ENGLISH_FORMS.length)];
                final String name = distinctive() + industry;
                final String last = random.nextDouble() < 0.2 ? "" : " " + english[1 + random.nextInt(english.length - 1)];
                final String country = ENGLISH_SPEAKING[random.nextInt(ENGLISH_SPEAKING.length)];
                final String otherCountry = random.nextDouble() < 0.8 ? country : null;
                yield firstAndLast(english[0], name, last, country, otherCountry);
            }
            case RUSSIAN_FORM_FIRST -> {
                if (random.nextBoolean()) {
                    final String[] initials = SPELT_LIKE_A_RUSSIAN_FORM[random.nextInt(SPELT_LIKE_A_RUSSIAN_FORM.length)];
                    final String[] country = WRITING_FORMS_LAST[random.nextInt(WRITING_FORMS_LAST.length)];
                    final String name = " " + INDUSTRY_WORDS[random.nextInt(INDUSTRY_WORDS.length)];
                    yield new String[] {initials[0] + name + " " + country[1], initials[1] + name + (random.nextBoolean() ? " " + country[1] : ""),
                            country[0], country[0]};
                }
                final boolean cyrillic = random.nextBoolean();
                final String[][] forms = cyrillic ? CYRILLIC_FORMS : RUSSIAN_FORMS;
                final String[] russian = forms[random.nextInt(forms.length)];
                final String name = cyrillic ? cyrillic(distinctive()) : distinctive() + industry;
                final String last = random.nextDouble() < 0.2 ? "" : " " + russian[random.nextInt(russian.length)];
                final String country = RUSSIAN_FORMS_FIRST[random.nextInt(RUSSIAN_FORMS_FIRST.length)];
                final String otherCountry = random.nextDouble() < 0.8 ? country : null;
                yield firstAndLast(russian[0], name, last, country, otherCountry);
            }
            case UKRAINIAN_FORM -> {
                final boolean cyrillic = random.nextBoolean();
                final String[] forms = cyrillic ? UKRAINIAN_FORMS : UKRAINIAN_FORMS_IN_LATIN;
                final String ukrainian = forms[random.nextInt(forms.length)];
                final String name = cyrillic ? cyrillic(distinctive()) : distinctive() + industry;
                final String country = random.nextDouble() < 0.8 ? "UA" : null;
                final String otherCountry = random.nextDouble() < 0.6 ? country : null;
                yield new String[] {ukrainian + " " + (cyrillic ? "«" + name + "»" : name), name + (random.nextBoolean() ? " " + ukrainian : ""),
                        country, otherCountry};
            }
            case PUNCTUATION -> punctuated(legalForm);
            case SPACED_INITIALS -> {
                final int letters = 2 + random.nextInt(3);
                final StringBuilder packed = new StringBuilder();
                if (random.nextInt(4) == 0) {
                    packed.append(INITIALS_SPELLING_A_WORD[random.nextInt(INITIALS_SPELLING_A_WORD.length)]);
                } else {
                    for (int i = 0; i < letters; i++) {
                        packed.append((char) ('A' + random.nextInt(26)));
                    }
                }
                final String[] writings = {packed.toString(), packed.toString().replaceAll("(.)", "$1."),
                        packed.toString().replaceAll("(.)", "$1. ").trim(), packed.toString().replaceAll("(.)", "$1 ").trim()};
                final int first = random.nextInt(writings.length);
                final int second = (first + 1 + random.nextInt(writings.length - 1)) % writings.length;
                yield new String[] {writings[first] + industry + legalForm, writings[second] + industry + (random.nextBoolean() ? legalForm : "")};
            }
            case HTML_ENTITIES -> {
                final String left = distinctive();
                final String right = distinctive();
                final String[] apostrophes = {"&#39;", "&#039;", "&apos;", "&#x27;"};
                yield switch (random.nextInt(5)) {
                    case 0 -> new String[] {left + " & " + right + industry + legalForm, left + " &amp; " + right + industry + legalForm};
                    case 1 -> new String[] {left + "'s" + industry + legalForm, left + apostrophes[random.nextInt(apostrophes.length)] + "s" + industry + legalForm};
                    case 2 -> new String[] {left + industry + legalForm, "&quot;" + left + "&quot;" + industry + legalForm};
                    case 3 -> new String[] {(left + " & " + right + legalForm).toUpperCase(Locale.ROOT),
                            (left + " &amp; " + right + legalForm).toUpperCase(Locale.ROOT)};
                    default -> new String[] {left + " & " + right + industry, left + " &amp;amp; " + right + industry};
                };
            }
            case JOINED_NAMES -> {
                final String left = distinctive();
                final String right = distinctive();
                final String[] joints = {" + ", "+", " and ", " und ", " et ", " y ", " e ", " en ", " och ", " og ", " ", "&"};
                yield new String[] {left + " & " + right + industry + legalForm, left + joints[random.nextInt(joints.length)] + right + industry + legalForm};
            }
            case COMPANY_ABBREVIATED -> {
                final String name = distinctive();
                final String[] written = switch (random.nextInt(4)) {
                    case 0 -> new String[] {name + industry + " Company", name + industry + (random.nextBoolean() ? " Co." : " Co")};
                    case 1 -> new String[] {name + industry + " Corporation", name + industry + (random.nextBoolean() ? " Corp." : " Corp")};
                    case 2 -> new String[] {name + " and Company", name + (random.nextBoolean() ? " & Co." : " & Co")};
                    default -> {
                        final String[] pair = ABBREVIATED[random.nextInt(ABBREVIATED.length)];
                        yield new String[] {name + " " + pair[0] + " Company", name + " " + pair[1] + ". Co."};
                    }
                };
                yield random.nextBoolean() ? written : new String[] {written[1], written[0]};
            }
            case THE -> {
                final String name = distinctive() + industry;
                yield switch (random.nextInt(3)) {
                    case 0 -> new String[] {"The " + name + legalForm, name + legalForm};
                    case 1 -> new String[] {name + " Company", "The " + name + " Company"};
                    default -> new String[] {"The " + name, name + ", The"};
                };
            }
            case DIACRITICS -> {
                final String[] spelled = accented();
                yield new String[] {spelled[0] + industry + legalForm, spelled[1] + industry + (random.nextBoolean() ? legalForm : "")};
            }
            case INITIALISM -> {
                final int words = 2 + random.nextInt(3);
                final StringBuilder full = new StringBuilder();
                final StringBuilder initials = new StringBuilder();
                final boolean dotted = random.nextDouble() < 0.3;
                for (int i = 0; i < words; i++) {
                    final String word = INITIALISM_WORDS[random.nextInt(INITIALISM_WORDS.length)];
                    full.append(i == 0 ? "" : " ").append(word);
                    initials.append(word.charAt(0)).append(dotted ? "." : "");
                }
                final String shortForm = random.nextBoolean() ? legalForm : "";
                yield random.nextBoolean() ? new String[] {full + legalForm, initials + shortForm}
                        : new String[] {initials + legalForm, full + shortForm};
            }
            case ABBREVIATION -> {
                final String[] pair = ABBREVIATED[random.nextInt(ABBREVIATED.length)];
                final String name = distinctive();
                final boolean first = random.nextBoolean();
                final String full = first ? name + " " + pair[0] : pair[0] + " " + name;
                final String written = pair[1] + (random.nextBoolean() ? "." : "");
                yield new String[] {full + legalForm, (first ? name + " " + written : written + " " + name) + legalForm};
            }
            case SHORT_NAME_TYPO -> {
                final String word = shortWord();
                yield new String[] {word + industry + legalForm, typo(word) + industry + legalForm};
            }
            case LONG_NAME_TYPO -> {
                String word = distinctive();
                while (word.length() < 6) {
                    word = distinctive();
                }
                yield new String[] {word + industry + legalForm, typo(word) + industry + legalForm};
            }
            case SPACING -> {
                final String left = capitalised(syllables(2));
                final String right = capitalised(syllables(1 + random.nextInt(2)));
                yield new String[] {left + " " + right + industry + legalForm, left + right + industry + legalForm};
            }
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    /**
     * One company's two records, the form first in one (with the country) and {@code last} (a form or nothing) after the
     * name in the other (with {@code otherCountry}), in either order: names and countries of both.
     */
    private String[] firstAndLast(final String form, final String name, final String last, final String country, final String otherCountry) {
        return random.nextBoolean() ? new String[] {form + " " + name, name + last, country, otherCountry}
                : new String[] {name + last, form + " " + name, otherCountry, country};
    }

    /** A name with signs in it, written with them and without ({@code AT&T}/{@code AT and T}, {@code Coca-Cola}/{@code Coca Cola}). */
    private String[] punctuated(final String legalForm) {
        final String upper = String.valueOf((char) ('A' + random.nextInt(26)));
        final String other = String.valueOf((char) ('A' + random.nextInt(26)));
        return switch (random.nextInt(6)) {
            // letters joined by an ampersand: AT&T, H&M, P&G
            case 0 -> {
                final String left = random.nextBoolean() ? upper : upper + other;
                final String right = String.valueOf((char) ('A' + random.nextInt(26)));
                final String[] writings = {left + "&" + right, left + " & " + right, left + " and " + right, left + "+" + right};
                yield new String[] {writings[0] + legalForm, writings[1 + random.nextInt(3)] + legalForm};
            }
            // two surnames: Smith & Wesson, Smith and Wesson
            case 1 -> {
                final String names = distinctive() + " & " + distinctive();
                yield new String[] {names + legalForm, names.replace("&", "and") + legalForm};
            }
            // a hyphenated name: Coca-Cola, Coca Cola
            case 2 -> {
                final String left = capitalised(syllables(2));
                final String right = capitalised(syllables(2));
                yield new String[] {left + "-" + right + legalForm, "The " + left + " " + right + " Company"};
            }
            // a possessive: McDonald's, Mc Donalds, McDonalds
            case 3 -> {
                final String name = capitalised(syllables(2));
                final String[] writings = {"Mc" + name + "'s", "Mc " + name + "s", "Mc" + name + "s", "Mc" + name + "’s"};
                yield new String[] {writings[0] + legalForm, writings[1 + random.nextInt(3)] + legalForm};
            }
            // a digit and a letter: 3M, 3 M
            case 4 -> {
                final String name = (1 + random.nextInt(9)) + upper;
                yield new String[] {name + legalForm, name.charAt(0) + " " + name.charAt(1) + " Company"};
            }
            // an elided article: L'Oréal, L Oreal, LOreal
            default -> {
                final String name = capitalised(syllables(2));
                final String[] writings = {"L'" + name, "L " + name, "L" + name.toLowerCase(Locale.ROOT), "L’" + name};
                yield new String[] {writings[0] + legalForm, writings[1 + random.nextInt(3)] + legalForm};
            }
        };
    }

    /** A distinctive word with an accent or special letter, and as another source writes it without. */
    private String[] accented() {
        final String[] letter = ACCENTED[random.nextInt(ACCENTED.length)];
        final String before = capitalised(syllables(1 + random.nextInt(2)));
        final String after = syllables(1);
        return new String[] {before + letter[0] + after, before + letter[1 + random.nextInt(letter.length - 1)] + after};
    }

    /** A distinctive word of four or five letters. */
    private String shortWord() {
        while (true) {
            final String word = syllables(2);
            if (word.length() >= 4 && word.length() <= 5) {
                return capitalised(word);
            }
        }
    }

    private String distinctive() {
        return capitalised(syllables(2 + random.nextInt(2)));
    }

    private String syllables(final int count) {
        final StringBuilder word = new StringBuilder();
        for (int i = 0; i < count; i++) {
            word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return word.toString();
    }

    /** A word of the syllables written in Cyrillic letters, capitalised ({@code Kamlit} → {@code Камлит}). */
    private static String cyrillic(final String word) {
        final StringBuilder written = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            final char letter = Character.toLowerCase(word.charAt(i));
            written.append(letter == 'x' ? "кс" : String.valueOf(CYRILLIC.charAt(letter - 'a')));
        }
        return Character.toUpperCase(written.charAt(0)) + written.substring(1);
    }

    private static String capitalised(final String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** One typo after the first letter that changes the word ({@link AccountGenerator#typo(String, Random)}). */
    private String typo(final String word) {
        String written = AccountGenerator.typo(word, random);
        while (written.equals(word)) {
            written = AccountGenerator.typo(word, random);
        }
        return written;
    }
}
