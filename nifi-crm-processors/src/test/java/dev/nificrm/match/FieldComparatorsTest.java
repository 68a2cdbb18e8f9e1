package dev.nificrm.match;

import dev.nificrm.roles.CompanyIdentifierField;
import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class FieldComparatorsTest {
    private static final ComparisonKeys KEYS = new ComparisonKeys("DE");
    private static final Comparison IDENTIFIERS = DefaultWeights.comparisonsFor(List.of(MatchField.of(Role.COMPANY_ID)), Nicknames.bundled()).get(0);


    private static String level(final FieldComparator comparator, final String left, final String right) {
        return comparator.levels().get(comparator.compare(left, right));
    }

    @Test
    void namesAgreeByTypoNicknameSoundAndInitial() {
        final NameComparator names = new NameComparator(Nicknames.bundled());
        assertEquals("exact", level(names, "robert", "robert"));
        assertEquals("close", level(names, "robert", "bob"));
        // common English nicknames a CRM's contacts use besides the formal name
        for (final String[] nickname : new String[][] {{"sarah", "sally"}, {"mary", "molly"}, {"gerald", "jerry"}, {"cynthia", "cindy"},
                {"walter", "walt"}, {"virginia", "ginny"}, {"theresa", "terry"}}) {
            assertEquals("close", level(names, nickname[0], nickname[1]), String.join("/", nickname));
        }
        assertEquals("close", level(names, "jonathan", "jonathon"));
        assertEquals("similar", level(names, "j", "john"));
        assertEquals("similar", level(names, "catherine", "kathryn"));
        assertEquals("differs", level(names, "robert", "maria"));
    }

    @Test
    void namesWrittenWithUmlautsTransliteratedOrWithoutDotsAreOneName() {
        final NameComparator names = new NameComparator(Nicknames.bundled());
        final ComparisonKeys keys = new ComparisonKeys("DE");
        for (final String[] pair : new String[][] {{"Müller", "Mueller"}, {"Mueller", "Muller"}, {"Müller", "Muller"},
                {"Weiß", "Weiss"}, {"Jürgen", "Juergen"}, {"Jürgen", "Jurgen"}, {"Schröder", "Schroeder"}, {"Gößling", "Goessling"},
                {"Jäger", "Jaeger"}, {"Strauß", "Strauss"}}) {
            final String left = keys.normalise(Role.LAST_NAME, pair[0]);
            final String right = keys.normalise(Role.LAST_NAME, pair[1]);
            assertEquals("exact", level(names, left, right), Arrays.toString(pair));
            assertEquals("exact", level(names, right, left), Arrays.toString(pair));
        }
        // only an e after a, o or u is a written umlaut: other names that look alike stay apart
        for (final String[] pair : new String[][] {{"mueller", "miller"}, {"muller", "moller"}, {"weiss", "weis"},
                {"jurgen", "jorgen"}, {"mueller", "mueler"}, {"jo", "joe"}, {"rae", "ra"}}) {
            assertNotEquals("exact", level(names, pair[0], pair[1]), Arrays.toString(pair));
        }
    }

    /**
     * A name romanised from Cyrillic or Arabic by English, German and French sources, its letters far apart (most of
     * these differed before), is similar at least ({@link Transliterations}): {@code j}/{@code y}, {@code w}/{@code v}, {@code kh}/{@code ch}/{@code h},
     * {@code x}/{@code ks}, {@code q}/{@code k}, {@code ou}/{@code u}, the ending {@code -ij}/{@code -iy}/{@code -y}, the Russian
     * {@code ye} that begins a name, and the short vowels inside a name Arabic does not write. Names of those kinds beyond the
     * ones PersonErrorGenerator writes. Other names still differ: other consonants, names of three letters.
     */
    @Test
    void aNameRomanisedAnotherWayIsSimilar() {
        final NameComparator names = new NameComparator(Nicknames.bundled());
        for (final String[] pair : new String[][] {{"Jurij", "Yuri"}, {"Jurij", "Yury"}, {"Yuriy", "Jurij"}, {"Jewgeni", "Yevgeny"},
                {"Jewgenij", "Evgeny"}, {"Chalid", "Khaled"}, {"Wladimir", "Vladimir"}, {"Jelena", "Yelena"},
                {"Ksenija", "Kseniya"}, {"Wassili", "Vasily"}, {"Djamila", "Jamila"}, {"Kasim", "Qasim"}, {"Moustapha", "Mustafa"},
                {"Iwanow", "Ivanov"}, {"Tschaikowski", "Chaikovsky"}, {"Muhammad", "Mohammed"}}) {
            final String left = KEYS.normalise(Role.FIRST_NAME, pair[0]);
            final String right = KEYS.normalise(Role.FIRST_NAME, pair[1]);
            assertNotEquals("differs", level(names, left, right), Arrays.toString(pair));
            assertNotEquals("differs", level(names, right, left), Arrays.toString(pair));
        }
        for (final String[] pair : new String[][] {{"jan", "yan"}, {"vladimir", "valentin"}, {"ahmed", "mahmoud"}, {"sergei", "sarah"},
                {"yusuf", "yasmin"}}) {
            assertEquals("differs", level(names, pair[0], pair[1]), Arrays.toString(pair));
        }
    }

    /**
     * Nordic names are one name however their letters were written: {@code ø} as {@code ö} (dots, {@code oe} or bare),
     * {@code æ} as {@code ae} or {@code a}, {@code å} with its ring, as {@code aa} or bare, {@code þ} as {@code th},
     * {@code ð} as {@code d}; a transliteration counts among the four letters a name needs ({@code Bär}/{@code Baer},
     * {@code Åse}/{@code Aase}), while names of three letters or fewer stay apart ({@code Jo}/{@code Joe}).
     */
    @Test
    void nordicNamesAreOneNameHoweverTheirLettersAreWritten() {
        final NameComparator names = new NameComparator(Nicknames.bundled());
        final ComparisonKeys keys = new ComparisonKeys("DK");
        for (final String[] pair : new String[][] {{"Møller", "Moller"}, {"Møller", "Moeller"}, {"Moeller", "Moller"}, {"Søren", "Soren"},
                {"Søren", "Soeren"}, {"Åse", "Aase"}, {"Åsa", "Aasa"}, {"Ålund", "Aalund"}, {"Þór", "Thor"}, {"Þórunn", "Thorunn"},
                {"Guðrún", "Gudrun"}, {"Sæther", "Saether"}, {"Sæther", "Sather"}, {"Bär", "Baer"}, {"Löw", "Loew"}}) {
            final String left = keys.normalise(Role.FIRST_NAME, pair[0]);
            final String right = keys.normalise(Role.FIRST_NAME, pair[1]);
            assertEquals("exact", level(names, left, right), Arrays.toString(pair));
            assertEquals("exact", level(names, right, left), Arrays.toString(pair));
        }
        // an a written twice is a ring only beside another a; short names keep their letters
        for (final String[] pair : new String[][] {{"aase", "asse"}, {"aase", "ose"}, {"jo", "joe"}, {"ra", "rae"}, {"aa", "a"},
                {"michael", "michal"}}) {
            assertNotEquals("exact", level(names, pair[0], pair[1]), Arrays.toString(pair));
        }
    }

    /** Cities and company names read the Nordic letters as they read umlauts: {@code Ærø}/{@code Aeroe}, {@code Møn}/{@code Moen}. */
    @Test
    void nordicCitiesAndCompaniesAreOneHoweverTheirLettersAreWritten() {
        final FieldComparator cities = DefaultWeights.comparator(Role.CITY.getComparison().getComparator(), Nicknames.bundled(), new PhoneticCodes());
        final FieldComparator companies = DefaultWeights.comparator(Role.COMPANY.getComparison().getComparator(), Nicknames.bundled(), new PhoneticCodes());
        final ComparisonKeys keys = new ComparisonKeys("DK");
        for (final String[] pair : new String[][] {{"Ærø", "Aeroe"}, {"Ærø", "Aero"}, {"Næstved", "Naestved"}, {"Tórshavn", "Torshavn"},
                {"Tromsø", "Tromsoe"}, {"Tromsø", "Tromso"}, {"Kópavogur", "Kopavogur"}}) {
            assertEquals("exact", level(cities, keys.normalise(Role.CITY, pair[0]), keys.normalise(Role.CITY, pair[1])), Arrays.toString(pair));
        }
        for (final String[] pair : new String[][] {{"Bækgaard & Møller ApS", "Baekgaard & Moeller ApS"}, {"Ørsted A/S", "Oersted A/S"},
                {"Søndergaard Tømrer ApS", "Sondergaard Tomrer"}, {"Þórsmörk ehf", "Thorsmork ehf."}}) {
            assertEquals("exact", level(companies, keys.normalise(Role.COMPANY, pair[0]), keys.normalise(Role.COMPANY, pair[1])),
                    Arrays.toString(pair));
        }
    }

    @Test
    void anEBetweenAVowelAndAFinalLIsASyllableNotAnUmlaut() {
        final NameComparator names = new NameComparator(Nicknames.bundled());
        // Michael and Michal, Rafael and Rafal (Rafał), Michaela and Michala are names of their own: alike, not one name
        for (final String[] pair : new String[][] {{"michael", "michal"}, {"rafael", "rafal"}, {"michaela", "michala"},
                {"samuel", "samul"}, {"manuel", "manul"}, {"mikaela", "mikala"}}) {
            assertEquals("close", level(names, pair[0], pair[1]), Arrays.toString(pair));
            assertEquals("close", level(names, pair[1], pair[0]), Arrays.toString(pair));
        }
        // an umlaut before an l that does not end the name is one still, as is one before a double l
        for (final String[] pair : new String[][] {{"mueller", "muller"}, {"proell", "proll"}, {"koehler", "kohler"},
                {"kuehl", "kuhl"}, {"michael mueller", "michael muller"}}) {
            assertEquals("exact", level(names, pair[0], pair[1]), Arrays.toString(pair));
        }
    }

    @Test
    void placesNamedAfterDifferentSaintsDiffer() {
        final TextComparator cities = new TextComparator();
        final ComparisonKeys keys = new ComparisonKeys("US");
        assertEquals("exact", level(cities, keys.normalise(Role.CITY, "St Kilda"), keys.normalise(Role.CITY, "Saint Kilda")));
        for (final String[] pair : new String[][] {{"St James", "St Kilda"}, {"Saint-Denis", "Saint-Étienne"}, {"St. Louis", "St. Paul"},
                {"Ste-Foy", "Ste-Julie"}}) {
            assertEquals("differs", level(cities, keys.normalise(Role.CITY, pair[0]), keys.normalise(Role.CITY, pair[1])), Arrays.toString(pair));
        }
        assertEquals("close", level(cities, keys.normalise(Role.CITY, "St Petersburg"), keys.normalise(Role.CITY, "Saint Petersberg")));
    }

    @Test
    void aCityWithUmlautsIsOneCityHoweverTheyAreWritten() {
        final FieldComparator cities = DefaultWeights.comparator(Role.CITY.getComparison().getComparator(), Nicknames.bundled(), new PhoneticCodes());
        final ComparisonKeys keys = new ComparisonKeys("DE");
        for (final String[] same : new String[][] {{"München", "Muenchen", "Munchen", "MUENCHEN"}, {"Zürich", "Zuerich", "Zurich"},
                {"Köln", "Koeln", "Koln"}, {"Düsseldorf", "Duesseldorf", "Dusseldorf"}, {"Sankt Pölten", "St. Poelten", "St Polten"},
                {"Mönchengladbach", "Moenchengladbach"}}) {
            for (final String city : same) {
                assertEquals("exact", level(cities, keys.normalise(Role.CITY, same[0]), keys.normalise(Role.CITY, city)), city);
            }
        }
        // only an e after a, o or u that one side leaves out; a place of three letters or fewer is another place (Au/Aue)
        for (final String[] pair : new String[][] {{"Au", "Aue"}, {"Munchen", "Manchen"}, {"Koln", "Kolm"}, {"Zurich", "Zuerch"}}) {
            assertNotEquals("exact", level(cities, keys.normalise(Role.CITY, pair[0]), keys.normalise(Role.CITY, pair[1])),
                    Arrays.toString(pair));
        }
    }

    @Test
    void emailsAgreeOnTheLocalPartAndTypos() {
        final EmailComparator emails = new EmailComparator();
        assertEquals("exact", level(emails, "bob@example.com", "bob@example.com"));
        assertEquals("similar", level(emails, "bob.smith@example.com", "bob.smith@gmail.com"));
        assertEquals("close", level(emails, "gabriel.t54@nichols.info", "gabriel.t54@nnichls.info"));
        assertEquals("similar", level(emails, "robert255@smith.net", "roberta25@other.org"));
        assertEquals("differs", level(emails, "bob@example.com", "maria@example.com"));
        // at two free-mail providers one name is two sign-ups; a mistyped provider is still the same mailbox
        assertEquals("differs", level(emails, "wei.king@icloud.com", "wei.king@hotmail.com"));
        assertEquals("differs", level(emails, "fatima.hill@icloud.com", "fatimahill33@yahoo.com"));
        assertEquals("close", level(emails, "wei.king@gmail.com", "wei.king@gmial.com"));
        assertEquals("close", level(emails, "weiking@gmail.com", "wei.king@gmail.com"));
        // at one domain a name already taken is numbered: two people's mailboxes; a number mistyped is one mailbox
        assertEquals("differs", level(emails, "sarah.young@outlook.com", "sarah.young2@outlook.com"));
        assertEquals("differs", level(emails, "donna.johnson@gmail.com", "donnajohnson50@gmail.com"));
        assertEquals("differs", level(emails, "lwang@wayne.com", "lwang2@wayne.com"));
        assertEquals("differs", level(emails, "minjunkim30@icloud.com", "minjunkim63@icloud.com"));
        assertEquals("close", level(emails, "jsmith1984@gmail.com", "jsmith1948@gmail.com"));
        assertEquals("close", level(emails, "jsmith1984@gmail.com", "jsmith1985@gmail.com"));
        assertEquals("close", level(emails, "jsmith84@gmail.com", "jsmith8@gmail.com"));
        assertEquals("close", level(emails, "sarah.young2@outlook.com", "sarah.young2@outlok.com"));
    }

    @Test
    void mailboxesAlikeOnlyByTheGivenNameTheyStartWithDiffer() {
        final Comparison emails = DefaultWeights.comparisonsFor(List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
                MatchField.of(Role.EMAIL)), Nicknames.bundled()).get(2);
        final EmailComparator alone = new EmailComparator();
        // two people called Gijsbert: past the name, jacobs against dejong (alike as whole local parts: similar, +3.9 bits)
        assertEquals("similar", level(alone, "gijsbert.jacobs@libero.it", "gijsbert.dejong@molen.com"));
        assertEquals("differs", mailboxLevel(emails, "gijsbert", "gijsbert.jacobs@libero.it", "gijsbert", "gijsbert.dejong@molen.com"));
        // written Bert in the records, Gijsbert in the mailboxes; or Gijsbert in one record only
        assertEquals("differs", mailboxLevel(emails, "bert", "gijsbert.jacobs@libero.it", "bert", "gijsbert.dejong@molen.com"));
        assertEquals("differs", mailboxLevel(emails, "gijsbert", "gijsbert.jacobs@libero.it", "bert", "gijsbert.dejong@molen.com"));
        // what is left past the name is alike: one person's mailboxes, or no given name to tell
        assertEquals("similar", mailboxLevel(emails, "gijsbert", "gijsbert.jacobs@libero.it", "gijsbert", "gijsbert.jacobs2@molen.com"));
        assertEquals("similar", mailboxLevel(emails, "maria", "maria.garcia@libero.it", "maria", "maria.garcialopez@molen.com"));
        assertEquals("similar", mailboxLevel(emails, null, "gijsbert.jacobs@libero.it", "gijsbert", "gijsbert.dejong@molen.com"));
        assertEquals("similar", mailboxLevel(emails, "hans", "gijsbert.jacobs@libero.it", "hans", "gijsbert.dejong@molen.com"));
        // nothing left past the name on one side is no other family name
        assertEquals("similar", mailboxLevel(emails, "roberta", "roberta@libero.it", "roberta", "roberta.s@molen.com"));
        // the same mailbox, or a typo of it, is left as it is
        assertEquals("exact", mailboxLevel(emails, "gijsbert", "gijsbert.jacobs@molen.com", "bert", "gijsbert.jacobs@molen.com"));
        // several mailboxes: the best pair's level
        assertEquals("similar", mailboxLevel(emails, "gijsbert", "gijsbert.jacobs@libero.it" + Comparison.VALUE_SEPARATOR + "gjacobs@molen.com",
                "gijsbert", "gijsbert.dejong@molen.com" + Comparison.VALUE_SEPARATOR + "gjacobs@libero.it"));
    }

    private static String mailboxLevel(final Comparison emails, final String leftName, final String leftEmail, final String rightName,
                                       final String rightEmail) {
        return mailboxLevel(emails, new String[] {leftName, null, leftEmail}, new String[] {rightName, null, rightEmail});
    }

    private static String mailboxLevel(final Comparison emails, final String[] left, final String[] right) {
        return emails.getLevels().get(emails.level(left, right));
    }

    /**
     * A given name written in full may run on into the family name in one local part (two people written Nino:
     * {@code antonino.costa}, {@code antoninosantoro46}); a local part that starts with a family name starting with the given
     * name ({@code jansen.jan@} of Jan Jansen, family name first) is not cut there: one man's two mailboxes stay alike.
     */
    @Test
    void aGivenNameRunsOnIntoTheFamilyNameButAFamilyNameStartingWithItIsNotCut() {
        final Comparison emails = DefaultWeights.comparisonsFor(List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
                MatchField.of(Role.EMAIL)), Nicknames.bundled()).get(2);
        final EmailComparator alone = new EmailComparator();
        assertEquals("similar", level(alone, "antonino.costa@krone.com", "antoninosantoro46@wp.pl"));
        assertEquals("differs", mailboxLevel(emails, new String[] {"nino", "costa", "antonino.costa@krone.com"},
                new String[] {"nino", "santoro", "antoninosantoro46@wp.pl"}));
        assertEquals("similar", level(alone, "jansen.jan@bakkerij.nl", "jan.jansen@molen.com"));
        assertEquals("similar", mailboxLevel(emails, new String[] {"jan", "jansen", "jansen.jan@bakkerij.nl"},
                new String[] {"jan", "jansen", "jan.jansen@molen.com"}));
        // either record's family name: a second source without the family name
        assertEquals("similar", mailboxLevel(emails, new String[] {"jan", "jansen", "jansen.jan@bakkerij.nl"},
                new String[] {"jan", null, "jan.jansen@molen.com"}));
        // a family name of two words, written together in the local part (Van van Dijk: vandijk)
        assertEquals("similar", level(alone, "vandijk.van@bakkerij.nl", "van.vandijk@molen.com"));
        assertEquals("similar", mailboxLevel(emails, new String[] {"van", "van dijk", "vandijk.van@bakkerij.nl"},
                new String[] {"van", "van dijk", "van.vandijk@molen.com"}));
        // two Jans of other family names are still cut past the name
        assertEquals("differs", mailboxLevel(emails, new String[] {"jan", "jacobs", "jan.jacobs@libero.it"},
                new String[] {"jan", "de vries", "jan.devries@molen.com"}));
    }

    @Test
    void phonesAgreeOnTheNationalNumberSuffix() {
        final PhoneComparator phones = new PhoneComparator();
        assertEquals("exact", level(phones, "+14155550132", "+14155550132"));
        assertEquals("suffix", level(phones, "+14155550132", "4155550132"));
        assertEquals("differs", level(phones, "+14155550132", "+14155550199"));
    }

    @Test
    void datesAgreeOnSwappedDayAndMonthAndTypos() {
        final DateComparator dates = new DateComparator();
        assertEquals("exact", level(dates, "19710624", "19710624"));
        assertEquals("typo", level(dates, "19710624", "19710524"));
        assertEquals("typo", level(dates, "19710306", "19710603"));
        assertEquals("near", level(dates, "19760915", "19770913"));
        assertEquals("differs", level(dates, "19710624", "19850207"));
    }

    @Test
    void datesAFewDaysOrMonthsApartAgreeByDistance() {
        final DateComparator dates = new DateComparator();
        assertEquals("near", level(dates, "20070219", "20070120"));
        assertEquals("near", level(dates, "19991231", "20000102"));
        assertEquals("year", level(dates, "19881221", "19880123"));
        assertEquals("differs", level(dates, "19881221", "19871123"));
        assertEquals("differs", level(dates, "19551192", "19620315"));
    }

    @Test
    void twoDigitsApartAreNearOnlyWhereOnePersonsDateWasMistyped() {
        final DateComparator dates = new DateComparator();
        assertEquals("differs", level(dates, "19921014", "19521114"));
        assertEquals("differs", level(dates, "19921014", "19721015"));
        assertEquals("differs", level(dates, "19280716", "19680216"));
        assertEquals("near", level(dates, "19300609", "19620609"));
        assertEquals("differs", level(dates, "19921014", "18921015"));
        assertEquals("typo", level(dates, "19921014", "18921014"));
        assertEquals("near", level(dates, "19921014", "19291014"));
        assertEquals("near", level(dates, "19521114", "20521114"));
        assertEquals("near", level(dates, "19791214", "19801214"));
        assertEquals("near", level(dates, "19760915", "19790913"));
        assertEquals("near", level(dates, "19741005", "19841003"));
        assertEquals("near", level(dates, "19921014", "19920314"));
    }

    @Test
    void codesAgreeByEdits() {
        final EditDistanceComparator codes = new EditDistanceComparator(1);
        assertEquals(List.of("exact", "1edit", "differs"), codes.levels());
        assertEquals("1edit", level(codes, "3131", "3121"));
        assertEquals("differs", level(codes, "5245", "5254"));
    }

    @Test
    void textAgreesOnReorderedWords() {
        final TextComparator text = new TextComparator();
        assertEquals("close", level(text, "widgets acme", "acme widgets"));
        assertEquals("close", level(text, "london", "londdon"));
        assertEquals("differs", level(text, "london", "leeds"));
    }

    @Test
    void comparisonsSeeSwappedNamesMissingValuesAndSeveralValues() {
        final List<MatchField> fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.PHONE));
        final List<Comparison> comparisons = DefaultWeights.comparisonsFor(fields, Nicknames.bundled());
        final Comparison first = comparisons.get(0);
        final Comparison phone = comparisons.get(2);
        final String[] maria = {"maria", "garcia", "+12125550199"};
        final String[] swapped = {"garcia", "maria", null};
        assertEquals("swapped", first.getLevels().get(first.level(maria, swapped)));
        assertEquals(-1, phone.level(maria, swapped));
        final String[] twoPhones = {"maria", "garcia", "+13125550111" + Comparison.VALUE_SEPARATOR + "+12125550199"};
        assertEquals("exact", phone.getLevels().get(phone.level(maria, twoPhones)));
        // a whole name in the first name column, the family name first or last, against the two names of another record
        final Comparison last = comparisons.get(1);
        final String[] li = {"li", "wang", null};
        assertEquals("similar", first.getLevels().get(first.level(new String[] {"wang li", null, null}, li)));
        assertEquals("similar", first.getLevels().get(first.level(li, new String[] {"li wang", null, null})));
        assertEquals("similar", last.getLevels().get(last.level(new String[] {null, "wang li", null}, li)));
        // another person's whole name, or a partner written, is no whole name of these two
        assertEquals("differs", first.getLevels().get(first.level(new String[] {"wang wei", null, null}, li)));
        assertEquals("differs", first.getLevels().get(first.level(new String[] {"wang li", "chen", null}, li)));
    }

    /**
     * Company identifiers are compared within their kind: a VAT id agrees with itself written without its prefix and
     * differs from another of its country, and from a value without a prefix of its country's format (nine digits only
     * when the country's check digit holds: a D-U-N-S number seldom is a German VAT id); a D-U-N-S number
     * differs from another; a VAT id and a D-U-N-S number written as one, two countries' VAT ids, or a trade register
     * number and a D-U-N-S number, say nothing (-1, as a missing value).
     */
    @Test
    void companyIdentifiersAreComparedWithinTheirKind() {
        final ComparisonKeys keys = new ComparisonKeys("DE");
        final Comparison identifiers = DefaultWeights.comparisonsFor(List.of(MatchField.of(Role.COMPANY_ID)), Nicknames.bundled()).get(0);
        final Object[][] pairs = {{"DE 123 456 789", "123456789", 0}, {"DE 123 456 789", "de-123.456.789", 0},
                {"CHE-123.456.789 MWST", "CHE123456789", 0}, {"GR 123456789", "EL123456789", 0}, {"FR AB 123456789", "AB123456789", 0},
                {"DE 123 456 789", "DE 987 654 321", 1}, {"15-048-3782", "310952418", 1}, {"HRB 12345", "HRB 54321", 1},
                {"FR AB 123456789", "FR 12 987654321", 1}, {"15-048-3782", "150483782", 0}, {"15-048-3782", "DUNS 150483782", 0},
                // nine digits alone may be a German VAT id written without its prefix when its check digit holds, or a D-U-N-S number
                {"DE 123 456 789", "813495425", 1}, {"15-048-3782", "987654321", 1}, {"ATU12345678", "U87654321", 1},
                {"GB 123 4567 89", "980780684", 1}, {"CHE-123.456.789 MWST", "116281710", 1}, {"EL 123456789", "094259216", 1},
                {"DE 136 695 976", "150483782", -1}, {"GB 980 7806 84", "150483782", -1}, {"PT 501964843", "310952418", -1},
                {"DE 123 456 789", "15-048-3782", -1}, {"DE 123 456 789", "FR AB 987654321", -1}, {"HRB 12345", "15-048-3782", -1},
                {"ATU12345678", "DE 123 456 789", -1}, {"CHE-123.456.789 MWST", "DE 987 654 321", -1}};
        for (final Object[] pair : pairs) {
            final String[] left = {keys.normalise(Role.COMPANY_ID, (String) pair[0])};
            final String[] right = {keys.normalise(Role.COMPANY_ID, (String) pair[1])};
            assertEquals(pair[2], identifiers.level(left, right), pair[0] + " / " + pair[1]);
            assertEquals(pair[2], identifiers.level(right, left), pair[1] + " / " + pair[0]);
        }
        // a record holding a VAT id and a D-U-N-S number (two fields mapped to the role): one agreeing is enough, one of a kind differing holds apart
        final String[] both = {keys.normalise(Role.COMPANY_ID, "DE 123 456 789") + Comparison.VALUE_SEPARATOR + keys.normalise(Role.COMPANY_ID, "15-048-3782")};
        assertEquals(0, identifiers.level(both, new String[] {"150483782"}));
        assertEquals(1, identifiers.level(both, new String[] {"310952418"}));
        assertEquals(-1, identifiers.level(both, new String[] {"HRB12345"}));
    }

    /**
     * A value without a kind of its own is read by its record's evidence, not by a check digit alone: nine digits from a
     * field of D-U-N-S numbers are one, from a field of VAT ids in a German record a German VAT id, and in a record of a
     * country whose VAT ids they cannot be (an American record; a German record where Germany's check digit fails) no VAT
     * id at all. {@code 813495425} passes Germany's check: beside {@code DE 136 695 976} it was held apart whatever its
     * record said. Where nothing settles it (no country, an unnamed field, a German record and Germany's check holds) it
     * stays of either kind.
     */
    @Test
    void companyIdentifiersWithoutAKindAreReadByTheirRecordsCountryAndField() {
        final Object[][] pairs = {
                // a D-U-N-S number passing Germany's check, by its record and field
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "813495425", null, CompanyIdentifierField.UNNAMED, 1},
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "813495425", "US", CompanyIdentifierField.UNNAMED, -1},
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "813495425", "United States", CompanyIdentifierField.UNNAMED, -1},
                {"DE 136 695 976", "DE", CompanyIdentifierField.UNNAMED, "813495425", "DE", CompanyIdentifierField.DUNS_NUMBER, -1},
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "813495425", null, CompanyIdentifierField.DUNS_NUMBER, -1},
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "813495425", "Germany", CompanyIdentifierField.UNNAMED, 1},
                // nine digits failing Germany's check in a German record: no VAT id; in its VAT field, a German VAT id however mistyped
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "150483782", "DE", CompanyIdentifierField.UNNAMED, -1},
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "150483782", "DE", CompanyIdentifierField.VAT_ID, 1},
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "136695976", "Deutschland", CompanyIdentifierField.VAT_ID, 0},
                // a VAT id field in a record without a country settles nothing
                {"DE 136 695 976", null, CompanyIdentifierField.UNNAMED, "150483782", null, CompanyIdentifierField.VAT_ID, -1},
                // what the evidence makes a D-U-N-S number, or no VAT id, is still compared with D-U-N-S numbers and numbers of its shape
                {"15-048-3782", null, CompanyIdentifierField.UNNAMED, "813495425", "DE", CompanyIdentifierField.DUNS_NUMBER, 1},
                {"15-048-3782", null, CompanyIdentifierField.UNNAMED, "150483782", "US", CompanyIdentifierField.UNNAMED, 0},
                {"15-048-3782", null, CompanyIdentifierField.UNNAMED, "813495425", "US", CompanyIdentifierField.UNNAMED, 1},
                {"310952418", null, CompanyIdentifierField.UNNAMED, "813495425", "US", CompanyIdentifierField.UNNAMED, 1},
                {"310952418", "US", CompanyIdentifierField.UNNAMED, "813495425", "US", CompanyIdentifierField.UNNAMED, 1},
                {"31095241", "US", CompanyIdentifierField.UNNAMED, "813495425", "US", CompanyIdentifierField.UNNAMED, -1},
                {"150483782", "US", CompanyIdentifierField.UNNAMED, "150483782", "DE", CompanyIdentifierField.DUNS_NUMBER, 0},
                // a value that is no VAT id of any format keeps its key
                {"HRB 12345", "DE", CompanyIdentifierField.UNNAMED, "HRB 54321", "US", CompanyIdentifierField.UNNAMED, 1}};
        for (final Object[] pair : pairs) {
            final String[] left = {KEYS.normalise(KeyKind.COMPANY_ID, (String) pair[0], (String) pair[1], (CompanyIdentifierField) pair[2])};
            final String[] right = {KEYS.normalise(KeyKind.COMPANY_ID, (String) pair[3], (String) pair[4], (CompanyIdentifierField) pair[5])};
            assertEquals(pair[6], IDENTIFIERS.level(left, right), Arrays.toString(pair));
            assertEquals(pair[6], IDENTIFIERS.level(right, left), Arrays.toString(pair));
        }
        assertEquals("HRB12345", KEYS.normalise(KeyKind.COMPANY_ID, "HRB 12345", "US", CompanyIdentifierField.UNNAMED));
    }

    /**
     * Estonia's, Lithuania's and Bulgaria's nine digits have their check digits too (EE 100594102, LT 119511515,
     * BG 175074752 as their tax offices publish them): nine digits failing them beside such a VAT id say nothing, where
     * before every nine digits were of its kind and held the records apart. The record's country settles the rest:
     * nine digits in an Estonian record are an Estonian VAT id where their check holds (or a D-U-N-S number: no telling),
     * none where it fails, and in another country's record no Estonian VAT id.
     */
    @Test
    void estonianLithuanianAndBulgarianVatIdsAreReadByTheirCheckDigitsAndCountry() {
        final Object[][] pairs = {
                {"EE 100594102", null, "100594103", null, -1}, {"EE 100594102", null, "100931558", null, 1},
                {"EE 100594102", null, "100931558", "US", -1}, {"EE 100594102", null, "100931558", "EE", 1},
                {"EE 100594102", null, "100594103", "Estonia", -1}, {"EE 100594102", null, "100594102", "EE", 0},
                {"LT 119511515", null, "150483782", null, -1}, {"LT 119511515", null, "813495425", null, -1},
                {"LT 119511515", null, "119511515", "LT", 0}, {"LT 119511515", null, "884512306", "LT", -1},
                {"BG 175074752", null, "150483782", null, -1}, {"BG 175074752", null, "884512306", null, 1},
                {"BG 175074752", null, "884512306", "US", -1}, {"BG 175074752", "BG", "884512306", "Bulgaria", 1},
                // the prefixes themselves: two ids of one of these countries differ, two countries' ids say nothing
                {"EE 100594102", null, "EE 100931558", null, 1}, {"EE 100594102", null, "LT 119511515", null, -1}};
        for (final Object[] pair : pairs) {
            final String[] left = {KEYS.normalise(KeyKind.COMPANY_ID, (String) pair[0], (String) pair[1], CompanyIdentifierField.UNNAMED)};
            final String[] right = {KEYS.normalise(KeyKind.COMPANY_ID, (String) pair[2], (String) pair[3], CompanyIdentifierField.UNNAMED)};
            assertEquals(pair[4], IDENTIFIERS.level(left, right), Arrays.toString(pair));
            assertEquals(pair[4], IDENTIFIERS.level(right, left), Arrays.toString(pair));
        }
        // a VAT id field of an Estonian record holds its Estonian VAT id, check digit or not
        final String[] vatField = {KEYS.normalise(KeyKind.COMPANY_ID, "100594103", "EE", CompanyIdentifierField.VAT_ID)};
        assertEquals(1, IDENTIFIERS.level(vatField, new String[] {KEYS.normalise(KeyKind.COMPANY_ID, "EE 100594102", null, CompanyIdentifierField.UNNAMED)}));
    }

    /**
     * Nine digits that a record's country may write as its own VAT id (its check holds there) are that VAT id or a number
     * of another kind, never another country's VAT id: 100000049 in a German record passes Germany's check and Estonia's,
     * and beside EE 100594102 it said the companies differ (so did 100000065 beside a Bulgarian id, 100004010 beside a
     * Lithuanian one, any nine digits in a Belgian or Romanian record, whose formats have no check here, beside a German
     * one). Beside its own country's VAT id, a D-U-N-S number and nine digits of another record they are compared as before.
     */
    @Test
    void aValueItsCountryMayWriteAsItsVatIdIsNoOtherCountrysVatId() {
        final Object[][] pairs = {
                {"EE 100594102", null, "100000049", "DE", -1}, {"EE 100594102", null, "100000049", null, 1},
                {"BG 175074752", null, "100000065", "DE", -1}, {"BG 175074752", null, "100000065", null, 1},
                {"LT 119511515", null, "100004010", "Germany", -1}, {"LT 119511515", null, "100004010", null, 1},
                {"DE 136 695 976", null, "813495425", "BE", -1}, {"DE 136 695 976", null, "813495425", "RO", -1},
                {"DE 136 695 976", null, "100594102", "EE", -1},
                // its own country's VAT id, a D-U-N-S number, nine digits of another record: as before
                {"DE 136 695 976", null, "813495425", "DE", 1}, {"DE 136 695 976", null, "136695976", "DE", 0},
                {"EE 100594102", null, "100931558", "EE", 1}, {"15-048-3782", null, "100000049", "DE", 1},
                {"813495425", "EE", "100000049", "DE", 1}, {"100000049", "DE", "100000049", null, 0}};
        for (final Object[] pair : pairs) {
            final String[] left = {KEYS.normalise(KeyKind.COMPANY_ID, (String) pair[0], (String) pair[1], CompanyIdentifierField.UNNAMED)};
            final String[] right = {KEYS.normalise(KeyKind.COMPANY_ID, (String) pair[2], (String) pair[3], CompanyIdentifierField.UNNAMED)};
            assertEquals(pair[4], IDENTIFIERS.level(left, right), Arrays.toString(pair));
            assertEquals(pair[4], IDENTIFIERS.level(right, left), Arrays.toString(pair));
        }
        assertEquals("100000049" + Comparison.VALUE_SEPARATOR + "VATOFDE100000049",
                KEYS.normalise(KeyKind.COMPANY_ID, "100000049", "DE", CompanyIdentifierField.UNNAMED));
    }

    /** Every role declares as many m and u probabilities as its comparator kind has levels. */
    @Test
    void everyRoleHasAComparisonWithItsLevels() {
        final List<MatchField> fields = Arrays.stream(Role.values()).map(MatchField::of).toList();
        final List<Comparison> comparisons = DefaultWeights.comparisonsFor(fields, Nicknames.bundled());
        assertEquals(Role.values().length, comparisons.size());
        for (final Comparison comparison : comparisons) {
            assertEquals(comparison.getLevels().size(), comparison.getM().length, comparison.toString());
        }
    }
}
