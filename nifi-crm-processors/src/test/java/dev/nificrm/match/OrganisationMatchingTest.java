package dev.nificrm.match;

import dev.nificrm.roles.HtmlEntities;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrganisationMatchingTest {
    private final ComparisonKeys keys = new ComparisonKeys("US");
    private final OrganisationNameComparator names = new OrganisationNameComparator();
    private final AddressComparator addresses = new AddressComparator();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ACME HOLDING N.V.|acme holding", "Acme Holding B.V.|acme holding", "acme holding nv|acme holding",
            "Siemens AG|siemens", "Müller GmbH & Co. KG|muller", "Société Générale S.A.|societe generale", "Rossi S.p.A.|rossi",
            "Smith & Sons Intl, Inc.|smith and sons international", "The Boeing Company|boeing", "BHP Group Pty Ltd|bhp group",
            "I.B.M. Corp.|ibm", "Nokia Oyj|nokia", "Volvo AB|volvo", "Toyota K.K.|toyota", "AG|ag", "Johnson and Johnson|johnson and johnson",
            "Acme Mfg. Co.|acme manufacturing", "Littubel Props. B.V.|littubel properties", "Kamlit Bldrs|kamlit builders", "Art's Deli|arts deli", "Weiß GmbH|weiss", "Großmann & Söhne KG|grossmann and sohne",
            // and in other languages, between two words of the name, is and: before a legal form a letter is the name's
            "Großmann und Söhne KG|grossmann and sohne", "Großmann u. Söhne|grossmann and sohne", "Dupont et Fils SARL|dupont and fils",
            "Garcia y Lopez S.L.|garcia and lopez", "Kamlit och Venvel AB|kamlit and venvel", "Vitamin E Ltd|vitamin e"
    })
    void companyNamesLoseLegalFormsPunctuationAndAbbreviations(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /**
     * The company pass writes and one way in the key it is given: a key stored before and in the other languages was read
     * (the name's words as written) and the key of the same name now are one; a letter last in the key (before a legal
     * form, dropped) stays, and a key without such a word is given back as it is.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Großmann und Söhne KG|grossmann und sohne|grossmann and sohne", "Roca y Ruiz S.L.|roca y ruiz|roca and ruiz",
            "Piat et Fils|piat et fils|piat and fils", "Kamlit och Venvel AB|kamlit och venvel|kamlit and venvel",
            "Vitamin E Ltd|vitamin e|vitamin e", "Johnson and Johnson|johnson and johnson|johnson and johnson"
    })
    void theCompanyPassWritesAndOneWayInKeysStoredBeforeAndSince(final String raw, final String storedBefore, final String passKey) {
        final String since = keys.normalise(Role.COMPANY, raw);
        assertEquals(passKey, OrganisationNames.joinedWordsWritten(storedBefore));
        assertEquals(passKey, OrganisationNames.joinedWordsWritten(since));
        assertSame(since, OrganisationNames.joinedWordsWritten(since));
    }

    /**
     * Initials that spell a word names are written with ({@code A. T.} is {@code at}, a common word; {@code O.F.} is
     * {@code of}, dropped at a name's edge) are keyed with a dot between their letters, a word that says who the company
     * is, however they are written: dotted, spaced, dotted and spaced, or in capitals in a name written in small letters
     * too; a name written in capitals throughout keeps the word ({@code AT SYSTEMS}: initials or a preposition, the letters
     * cannot say). Other initials are joined as before, and so are the legal forms written with dots.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "A. T. Systems|a.t systems", "AT Systems|a.t systems", "A.T. Systems GmbH|a.t systems", "A T Systems|a.t systems",
            "At Home Systems|at home systems", "AT SYSTEMS|at systems", "O.F. Mossberg & Sons|o.f mossberg and sons",
            "T.H.E. Group Ltd|t.h.e group", "DE Shaw & Co.|d.e shaw", "Kamlit D. E. Logistics|kamlit d.e logistics",
            "K.L.M. Logistics|klm logistics", "K L M Logistics|klm logistics", "US Foods|us foods", "U.S. Foods Inc.|us foods",
            "Müller e.K.|muller", "Kamlit Ges.m.b.H.|kamlit", "Kamlit S.à r.l.|kamlit", "Kamlit Sp. z o.o.|kamlit",
            "Banco de Chile|banco de chile", "The Bank of New York|bank of new york", "AT&T|at and t", "C.D.A.|cda",
            "C.R.E.T. GmbH & Co. KG|cret", "Kamlit C.ON Ltd|kamlit con"
    })
    void initialsThatSpellAWordAreKeyedAsInitials(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /**
     * Generated for every initials of two or three letters that spell a word names are written with: the name written
     * with them packed, dotted, dotted and spaced, or spaced, with a legal form or without, in capitals throughout or not,
     * agrees exact with every other writing of it (it was generic, a name of common words only, where the letters spell a
     * common word); the word itself starting a name of other words is another company.
     */
    @Test
    void aNameOfInitialsThatSpellAWordAgreesExactWithItsOtherWritings() {
        for (final String word : OrganisationNames.INITIALS_SPELLING_A_WORD) {
            if (word.length() > 3) {
                continue;
            }
            final String capitals = word.toUpperCase(java.util.Locale.ROOT);
            final List<String> writings = new ArrayList<>(List.of(capitals + " Systems", capitals.replaceAll("(.)", "$1.") + " Systems GmbH",
                    capitals.replaceAll("(.)", "$1. ").trim() + " Systems", capitals.replaceAll("(.)", "$1 ").trim() + " Systems Ltd"));
            writings.add(writings.get(1).toUpperCase(java.util.Locale.ROOT));
            final String phrase = Character.toUpperCase(word.charAt(0)) + word.substring(1) + " Home Systems";
            for (final String left : writings) {
                final String leftKey = keys.normalise(Role.COMPANY, left);
                for (final String right : writings) {
                    assertEquals("exact", names.levels().get(names.compare(leftKey, keys.normalise(Role.COMPANY, right))), left + " / " + right);
                }
                assertEquals("differs", names.levels().get(names.compare(leftKey, keys.normalise(Role.COMPANY, phrase))), left + " / " + phrase);
            }
        }
    }

    /**
     * The passes and Key Rules that find a company by its name write initials that spell a word as the word, as a key
     * stored before wrote them ({@code at systems}): the key now, {@code a.t systems}, meets it; and the name agrees exact
     * with the key stored before.
     */
    @Test
    void initialsThatSpellAWordMeetTheKeyStoredBefore() {
        final String since = keys.normalise(Role.COMPANY, "A. T. Systems");
        assertEquals("at systems", OrganisationNames.writtenOneWay(since));
        assertEquals("at and systems", OrganisationNames.writtenOneWay("a.t und systems"));
        assertSame(since, OrganisationNames.joinedWordsWritten(since));
        assertEquals("exact", names.levels().get(names.compare("at systems", since)));
        assertEquals("exact", names.levels().get(names.compare(since, "at systems")));
        assertEquals("differs", names.levels().get(names.compare(since, "at home systems")));
        assertEquals("contained", names.levels().get(names.compare(since, keys.normalise(Role.COMPANY, "American Tool Systems"))));
    }

    /**
     * HTML entities an export or a web form left in a name are the characters they stand for: the ampersand, the
     * apostrophe, quotation marks, named or numbered, in any case, escaped twice too; an ampersand before other letters is
     * one, and a name without an entity is given back as it is.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Kamlit &amp; Venvel GmbH|kamlit and venvel", "Kamlit&#39;s Foods|kamlits foods", "Kamlit&#039;s Foods|kamlits foods",
            "Kamlit&apos;s Foods|kamlits foods", "Kamlit&#x27;s Foods|kamlits foods", "&quot;Kamlit&quot; Trading Ltd|kamlit trading",
            "KAMLIT &AMP; VENVEL LTD|kamlit and venvel", "Kamlit &amp;amp; Venvel|kamlit and venvel", "Procter &#38; Gamble|procter and gamble",
            "R&D Systems|r and d systems", "AT&T|at and t", "Ben & Jerry's|ben and jerrys", "Kamlit&nbsp;Venvel|kamlit venvel",
            "Kamlit&#8217;s Foods|kamlits foods", "Kamlit&rsquo;s Foods|kamlits foods", "Kam&#173;lit Foods|kamlit foods",
            "Kam&shy;lit Foods|kamlit foods"
    })
    void htmlEntitiesInANameAreTheCharactersTheyStandFor(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /**
     * A key stored before the key read HTML entities holds an entity as its ampersand's and and its name or number as a
     * word ({@code kamlit and amp venvel}, {@code kamlit and 39 s foods}, {@code quot kamlit and quot trading}): it is the
     * same name as the key of the name made since, exact both ways, not close or contained until the store sees a record
     * of the company again; a name of common words only stays generic, a qualifier close, another name as near as to the
     * key made since, and a key whose and is not before an entity's word is not read otherwise.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kamlit and amp venvel|Kamlit & Venvel GmbH|exact", "kamlit and 39 s foods|Kamlit's Foods|exact",
            "kamlit and apos s foods|Kamlit's Foods|exact", "kamlit and x27 s foods|Kamlit's Foods|exact",
            "quot kamlit and quot trading|Kamlit Trading Ltd|exact", "kamlit and amp amp venvel|Kamlit & Venvel|exact",
            "procter and 38 gamble|Procter & Gamble|exact", "kamlit and nbsp venvel|Kamlit Venvel|exact",
            "d and 39 amico and amp figli|D'Amico & Figli S.p.A.|exact",
            "services and amp consulting|Services & Consulting|generic", "kamlit and amp venvel|Kamlit & Perez|similar",
            "kamlit and amp venvel (hamburg)|Kamlit & Venvel GmbH|close", "tessaly and amp|Tessaly &amp; Co.|exact",
            "tessaly and amp|Tessaly & Co. KG|exact"
    })
    void aKeyStoredBeforeHtmlEntitiesWereReadIsTheSameName(final String storedBefore, final String raw, final String level) {
        aKeyStoredBeforeAndWasWrittenOneWayIsTheSameName(storedBefore, raw, level);
    }

    @Test
    void aKeyWithoutAnEntitysWordAfterAndIsNotCopied() {
        final String key = "amp and sons and 7 seas";
        assertSame(key, OrganisationNames.htmlEntitiesRead(key));
        assertEquals("kamlit trading", OrganisationNames.htmlEntitiesRead("quot kamlit and quot trading"));
        // a leading quot is an entity's only when the key holds one after an and too
        assertEquals("quot kamlit and trading", OrganisationNames.htmlEntitiesRead("quot kamlit and amp trading"));
        // an ampersand's entity last is nothing, as and at a name's edge is in the key now (Tessaly &amp; Co.)
        assertEquals("tessaly", OrganisationNames.htmlEntitiesRead("tessaly and amp"));
    }

    @Test
    void aNameWithoutHtmlEntitiesIsNotCopied() {
        final String name = "R&D Systems & Co";
        assertSame(name, HtmlEntities.decode(name));
        assertEquals("Kamlit & Venvel", HtmlEntities.decode("Kamlit &amp; Venvel"));
    }

    /**
     * A key stored before and in the other languages read was written {@code and} ({@code roca y ruiz}) is the same name as
     * the key of it made since ({@code roca and ruiz}): exact, as two keys made since are, not similar (the joining word
     * unpaired on each side) until the store sees a record of the company again; names of common words only stay generic,
     * and another name is as near as to the key of the name made since.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "roca y ruiz|Roca y Ruiz S.L.|exact", "grossmann und sohne|Großmann & Söhne KG|exact", "piat et fils|Piat et Fils|exact",
            "kamlit och venvel|Kamlit & Venvel AB|exact", "muller u sohne|Müller und Söhne|exact",
            "services y consulting|Services & Consulting|generic", "roca y ruiz|Roca & Perez|similar",
            "grossmann und sohne (hamburg)|Großmann & Söhne KG|close"
    })
    void aKeyStoredBeforeAndWasWrittenOneWayIsTheSameName(final String storedBefore, final String raw, final String level) {
        final String since = keys.normalise(Role.COMPANY, raw);
        assertNotEquals(storedBefore, since);
        assertEquals(level, names.levels().get(names.compare(storedBefore, since)));
        assertEquals(level, names.levels().get(names.compare(since, storedBefore)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "435 S. La Cienega Blv.|435 south la cienega boulevard", "854 Seventh Ave., Ste 5|854 7th avenue unit 5",
            "12 Main St. #200|12 main street unit 200", "1 Hacker Wy|1 hacker way"
    })
    void streetsAreWrittenOneWay(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.STREET, raw));
    }

    @Test
    void websitesKeepTheirHostOnly() {
        assertEquals("acme.com", keys.normalise(Role.WEBSITE, "HTTPS://www2.Acme.com:8443/about?x=1"));
        assertEquals("acme.com", keys.normalise(Role.WEBSITE, "acme.com."));
        assertEquals("shop.acme.co.uk", keys.normalise(Role.WEBSITE, "http://user@shop.acme.co.uk#top"));
        assertNull(keys.normalise(Role.WEBSITE, "https://"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "northwind industries|northwind industries|exact", "bel air hotel|hotel bel air|close", "mc donalds|mcdonalds|close",
            "arts deli|arts delicatessen|close", "northwind traders|nortwind traders|close", "ciboulette restaurant|ciboulette|close",
            "palm los angeles|palm|contained", "norvex logistics|norvex consulting|similar", "acme widgets|apex gadgets|differs",
            "global solutions|global services|differs", "northwind industries|southwind industries|differs",
            "consulting services|consulting services|generic", "consulting service|services consulting|generic",
            "consulting services|consulting services group|differs", "acme consulting services|acme consulting services|exact",
            "acme consulting services|consulting services|differs",
            // German umlauts written with the dots, as ae/oe/ue or without either, and ß as ss
            "muller|mueller|exact", "mueller bau|muller bau|exact", "schroeder and soehne|schroder and sohne|exact",
            "jaeger|jager|exact", "weiss|weiss|exact", "mueller bau|muller holz|similar", "mueller|miller|differs",
            "mueller baustoffe|muller baustoffe nord|close"
    })
    void organisationNamesAgreeWordByWordWithDistinctiveWordsWeighingMore(final String left, final String right, final String level) {
        assertEquals(level, names.levels().get(names.compare(left, right)));
        assertEquals(level, names.levels().get(names.compare(right, left)));
    }

    /**
     * A legal form written out, in one word or several, is dropped where a legal form stands, as its short form is; a word
     * joining two legal forms goes with them. Elsewhere those words are the name's.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Cordalmi Kabushiki Kaisha|cordalmi", "Kamnorbel Sociedad Anónima|kamnorbel", "Nelnellux Besloten Vennootschap|nelnellux",
            "Tukamtor Trading Gesellschaft mit beschränkter Haftung|tukamtor trading", "Norlantor Group Public Limited Company|norlantor group",
            "Lantuter Proprietary Limited|lantuter", "Acme Limited Liability Company|acme", "Kaox Capital Spółka z o.o.|kaox capital",
            "Rossi Società per Azioni|rossi", "Dori S.A. de C.V.|dori", "Müller GmbH u. Co. KG|muller", "Müller GmbH und Co. KG|muller",
            "Markal S.à r.l.|markal", "Volvo Aktiebolag|volvo", "Siemens Aktiengesellschaft|siemens",
            "Banco de Chile S.A.|banco de chile", "Kabushiki Kaisha Toshiba|toshiba", "Kabushiki Kaisha|kabushiki kaisha",
            "Proprietary Software Limited|proprietary software"
    })
    void aLegalFormWrittenOutIsDroppedWhereALegalFormStands(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /**
     * A short name of four letters with one after the first left out is one name written with a typo, as a longer one
     * with a letter changed is, when it makes the names one name: every word of each side paired. Between names that
     * differ in other words too it is no likeness (restaurants of the Fodor's/Zagat lists: {@code post house}/
     * {@code coffee pot}, {@code vida}/{@code vivande porta via}); three letters against three, one changed, are two names.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dori|dri|close", "oxri|ori|close", "riri partners|rri partners|close", "kado dental|kao dental|close",
            "dori|dor|close", "dora bakery|cora bakery|close",
            "post house|coffee pot|differs", "post house|gumbo pot|differs", "vida|vivande porta via|differs",
            "dori|odri|differs", "dori|ori|differs", "dor|dar|differs", "k12|k102|differs", "dri|dorim|differs"
    })
    void aShortNameMissingALetterIsOneName(final String left, final String right, final String level) {
        assertEquals(level, names.levels().get(names.compare(left, right)));
        assertEquals(level, names.levels().get(names.compare(right, left)));
    }

    /**
     * A name written as its initialism by one source and in full by another is one name, contained, of two letters as of
     * more (the other fields tell apart the companies sharing two); the words after the initialism must be the name's
     * last words, and an {@code and}, {@code of} or {@code the} may have no letter. A word whose letters are not the
     * initials is none.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ibm|international business machines|contained", "mubi|micro union british industrial|contained",
            "pg|procter and gamble|contained", "p and g|procter and gamble|contained", "boa|bank of america|contained",
            "knd systems|kamlit norvex dalbra systems|contained", "gm|general motors|contained", "gm|general medical|contained",
            "gm systems|general motors systems|contained", "gm|general motors systems|differs", "gm|motors general|differs",
            "ibm|international business|differs", "ibm|international machines business|differs", "knd systems|kamlit norvex dalbra group|differs",
            "abcdef|alpha beta carbon delta epsilon fox|differs", "dell|dallas electric lighting|differs"
    })
    void aNameAgreesWithItsInitialism(final String left, final String right, final String level) {
        assertEquals(level, names.levels().get(names.compare(left, right)));
        assertEquals(level, names.levels().get(names.compare(right, left)));
    }

    /**
     * A saint in a company name is one word however its language writes it (Sankt, Skt., St., Saint, Sint; Sainte, Ste),
     * as in streets and cities; written short, as a St that is a street keeps its key.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Sankt Georg Apotheke|st georg apotheke", "St. Georg Apotheke|st georg apotheke", "Skt. Georg Apotheke|st georg apotheke",
            "St.-Georg-Apotheke|st georg apotheke", "Sankt-Georg-Apotheke OHG|st georg apotheke", "Apotheke Sankt Georg|apotheke st georg",
            "Saint-Gobain S.A.|st gobain", "St Gobain|st gobain", "Sint-Jan Bakkerij B.V.|st jan bakkerij", "St. Jan Bakkerij|st jan bakkerij",
            "Sainte-Marie Pâtisserie|ste marie patisserie", "Ste Marie Patisserie|ste marie patisserie", "Main St Deli|main st deli"
    })
    void aSaintIsOneWordInEveryLanguage(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /**
     * A saint's abbreviation glued to the name by its dot ({@code St.Georg}) is two words, as when spaced; a dot between
     * one-letter words still joins an initialism ({@code I.B.M.}, {@code A.T.&T.}, {@code e.V.}; one that spells a word,
     * {@code A.T.}, with a dot between its letters, {@link #initialsThatSpellAWordAreKeyedAsInitials}).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "St.Georg Apotheke|st georg apotheke", "ST.GEORG APOTHEKE|st georg apotheke", "Apotheke St.Georg|apotheke st georg",
            "Ste.Anne Boulangerie|ste anne boulangerie", "Skt.Peter Bageri|st peter bageri", "St.Georgs-Apotheke e.K.|st georgs apotheke",
            "I.B.M. Corp.|ibm", "A.T.&T. Inc.|a.t and t", "Förderverein St.Anna e.V.|forderverein st anna", "Main St.Deli|main st deli",
            "Stadtwerke St.A.B. GmbH|stadtwerke stab"
    })
    void aSaintGluedToTheNameByItsDotIsTwoWords(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /**
     * The sole trader's {@code e.K.} (eingetragener Kaufmann, {@code e.Kfm.}, {@code e.Kfr.}), the {@code UG
     * (haftungsbeschränkt)}, {@code gGmbH}, {@code eG}, {@code Ges.m.b.H.}, {@code PartG mbB} and Sweden's {@code AB (publ)}
     * are legal forms, dropped as the others are, dotted, spaced or not; {@code mbB} alone is none.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Müller e.K.|muller", "Müller e. K.|muller", "Müller e.Kfm.|muller", "Müller e. Kfm.|muller", "Schmidt e.Kfr.|schmidt",
            "Bauer UG (haftungsbeschränkt)|bauer", "Bauer UG (haftungsbeschr.)|bauer", "Bauer UG (haftungsbeschränkt) & Co. KG|bauer",
            "Lebenshilfe gGmbH|lebenshilfe", "Lebenshilfe g GmbH|lebenshilfe", "Volksbank Mittelhessen eG|volksbank mittelhessen",
            "Porr Bau Ges.m.b.H.|porr bau", "Porr Bau GesmbH|porr bau", "Porr Bau Ges. mbH|porr bau", "MBB Industries SE|mbb industries", "Schmidt & Partner PartG mbB|schmidt and partner",
            "Volvo AB (publ)|volvo", "Merck KGaA|merck", "Jansen V.O.F.|jansen", "Jensen ApS|jensen", "Kone Oyj|kone",
            "Eriksson AB|eriksson", "Berg Enk|berg", "Hansen A.m.b.A.|hansen"
    })
    void germanAndNordicLegalFormsAreDropped(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /**
     * {@code eG}, the German cooperative, is a legal form where legal forms stand, at the end (among other forms), and a
     * word of the name anywhere else, as {@code EG} is also an initialism ({@code EG Group}, {@code EG Immobilien}).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EG Group|eg group", "EG Group Ltd|eg group", "E.G. Immobilien GmbH|eg immobilien", "Wohnungsbau eG Nord|wohnungsbau eg nord",
            "Volksbank Mittelhessen eG|volksbank mittelhessen", "Raiffeisenbank eG (Hamburg)|raiffeisenbank (hamburg)",
            "Dachdecker eG & Co. KG|dachdecker", "EG Wohnen 1902 eG|eg wohnen 1902", "eG|eg"
    })
    void theCooperativesEgIsDroppedOnlyWhereALegalFormStands(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /** The saint is a word many organisations have in their names: sharing it alone is no agreement. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Sankt Georg Apotheke|St. Georg Apotheke|exact", "Skt. Georg Apotheke|St Georg Apotheke|exact",
            "Saint Mary Bakery|St Mary Bakery|exact", "Sankt Georg|St. Anna|differs", "Sankt Georg Apotheke|St. Anna Apotheke|similar"
    })
    void aSaintWrittenAnotherWayAgrees(final String left, final String right, final String level) {
        final String leftKey = keys.normalise(Role.COMPANY, left);
        final String rightKey = keys.normalise(Role.COMPANY, right);
        assertEquals(level, names.levels().get(names.compare(leftKey, rightKey)));
        assertEquals(level, names.levels().get(names.compare(rightKey, leftKey)));
    }

    /** A qualifier in parentheses (a site, a branch, a former name) is kept apart at the end of the key. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Kestrel Outfitters (Hamburg)|kestrel outfitters (hamburg)", "Kestrel Outfitters GmbH (Hamburg)|kestrel outfitters (hamburg)",
            "Kestrel Outfitters (UK) Ltd.|kestrel outfitters (uk)", "Kestrel (Outfitters) (Hamburg)|kestrel (outfitters hamburg)",
            "(Kestrel Outfitters)|kestrel outfitters", "Kestrel Outfitters ( )|kestrel outfitters", "Kestrel Outfitters (Ltd.)|kestrel outfitters"
    })
    void aQualifierInParenthesesIsKeptApartInTheKey(final String raw, final String key) {
        assertEquals(key, keys.normalise(Role.COMPANY, raw));
    }

    /**
     * A name with a qualifier in parentheses and the same name without one are one organisation written by two sources
     * (one adds the site): close, not a name with more words. Two different qualifiers are two names, as before.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kestrel outfitters (hamburg)|kestrel outfitters|close", "kestrel outfitters (hamburg)|kestrel outfitter|close",
            "kestrel outfitters and tanning (hamburg)|kestrel outfitters|contained", "kestrel outfitters (hamburg)|kestrel outfitters hamburg|close",
            "kestrel outfitters (hamburg)|kestrel outfitters (hamburg)|exact", "kestrel outfitters (hamburg)|kestrel outfitters (munich)|similar",
            "kestrel outfitters (hamburg)|kestrel traders|similar", "kestrel outfitters (hamburg)|osprey traders|differs",
            "consulting services (hamburg)|consulting services|generic"
    })
    void aNameWithAQualifierInParenthesesIsCloseToTheNameWithout(final String left, final String right, final String level) {
        assertEquals(level, names.levels().get(names.compare(left, right)));
        assertEquals(level, names.levels().get(names.compare(right, left)));
    }

    /** A word many names of the input hold weighs little there, as the bundled common words do. */
    @Test
    void wordsCommonInTheInputWeighLittle() {
        final TermFrequencies frequencies = new TermFrequencies();
        for (int i = 0; i < 30; i++) {
            frequencies.add("practice" + (char) ('a' + i % 26) + i + " dental");
        }
        assertEquals("similar", names.levels().get(names.compare("smith dental", "jones dental")));
        final FieldComparator fitted = names.fittedTo(frequencies);
        assertEquals("differs", fitted.levels().get(fitted.compare("smith dental", "jones dental")));
        assertEquals("close", fitted.levels().get(fitted.compare("smith dental", "smith dental care")));
    }

    /**
     * A name of words common in the input only, bundled common words aside ({@code orchid bank} where many names hold
     * {@code orchid}), agrees exactly with itself: the exact level weighs it by how many records hold the whole name. A
     * name of bundled common words only stays generic.
     */
    @Test
    void aNameOfWordsCommonInTheInputOnlyIsNoGenericName() {
        final TermFrequencies frequencies = new TermFrequencies();
        for (int i = 0; i < 30; i++) {
            frequencies.add("orchid " + (char) ('a' + i % 26) + i);
        }
        final FieldComparator fitted = names.fittedTo(frequencies);
        assertEquals("differs", fitted.levels().get(fitted.compare("orchid bank", "orchid nails")));
        assertEquals("exact", fitted.levels().get(fitted.compare("orchid bank", "orchid bank")));
        assertEquals("exact", fitted.levels().get(fitted.compare("orchid bank (boston)", "orchid bank (boston)")));
        assertEquals("generic", fitted.levels().get(fitted.compare("global services", "global services")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "854 7th avenue|854 7th avenue between 54th and 55th streets|close", "1972 hillhurst avenue|1972 north hillhurst avenue|close",
            "3rd street|8638 west 3rd street|close", "12 main street|13 main street|differs", "12 main street unit 5|12 main street unit 7|similar",
            "wylly place|wylly plaec|close", "435 south la cienega boulevard|435 south la cienega blvd|close"
    })
    void addressesAgreeOnNumberAndStreet(final String left, final String right, final String level) {
        assertEquals(level, addresses.levels().get(addresses.compare(left, right)));
    }

    /**
     * A street name written as one word by one source and as two by another (Lake Shore / Lakeshore, Mac Arthur / MacArthur,
     * North Point / Northpoint, even when the first word is a direction) is one street; words that only start alike are no closer than before.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1200 lake shore drive|1200 lakeshore drive|close", "77 mac arthur boulevard|77 macarthur boulevard|close",
            "31 north gate road|31 northgate|close", "31 northgate road|31 north gate|close", "9 fair oaks avenue|9 fairoaks|close",
            "5 main street|5 mainland avenue|similar", "5 lake street|5 lakeshore street|similar", "31 north gate road|32 northgate road|differs"
    })
    void aStreetNameWrittenAsOneWordOrTwoIsOneStreet(final String left, final String right, final String level) {
        assertEquals(level, addresses.levels().get(addresses.compare(left, right)));
        assertEquals(level, addresses.levels().get(addresses.compare(right, left)));
    }

    /**
     * Generated accounts of seven countries, each written by two sources: one spells the street type out, the other writes
     * it short as that country does ({@code Bd}, {@code r.}, {@code Str.} glued to the name, {@code C/}, {@code Avda.},
     * {@code P.za}, {@code C.so}, {@code Kalverstr.}, {@code Gdns}, {@code C.}, {@code St}...), the house number before
     * or after the street and an umlaut with its dots or as ue, and writes the legal form another way. The street
     * lines agree exactly, and each account's two records are one.
     */
    @Test
    void streetTypesWrittenShortAsEachCountryDoesAgree() {
        final String[][] accounts = {
                {"Norvex SARL", "NORVEX S.A.R.L.", "29 Boulevard Haussmann", "29 Bd Haussmann", "Paris"},
                {"Talmira SAS", "Talmira", "8 rue de Rivoli", "8 r. de Rivoli", "Paris"},
                {"Quellon SA", "QUELLON", "10 Faubourg Saint-Antoine", "10 fbg Saint-Antoine", "Lyon"},
                {"Bravik SARL", "Bravik S.A.R.L.", "4 Impasse des Lilas", "4 imp. des Lilas", "Lyon"},
                {"Ostrander GmbH", "Ostrander", "Hauptstraße 5", "Hauptstr. 5", "Berlin"},
                {"Lunefeld GmbH", "LUNEFELD G.m.b.H.", "Berliner Straße 12", "Berliner Str. 12", "Munich"},
                {"Kornwall AG", "Kornwall", "Marktplatz 3", "Marktpl. 3", "Munich"},
                {"Veradia S.L.", "Veradia SL", "Calle Mayor 7", "C/ Mayor 7", "Madrid"},
                {"Ondalux S.A.", "ONDALUX", "Avenida de América 40", "Avda. de América 40", "Madrid"},
                {"Cambrel S.L.", "Cambrel", "Plaza Mayor 2", "Pza. Mayor 2", "Madrid"},
                {"Fiorenzi S.r.l.", "Fiorenzi SRL", "Via Roma 10", "V. Roma 10", "Milan"},
                {"Rastelli S.p.A.", "RASTELLI", "Piazza Navona 21", "P.za Navona 21", "Milan"},
                {"Sorbano S.r.l.", "Sorbano", "Corso Buenos Aires 77", "C.so Buenos Aires 77", "Milan"},
                {"Tevignano S.p.A.", "Tevignano SpA", "Viale Monza 9", "V.le Monza 9", "Milan"},
                {"Dreumel B.V.", "DREUMEL BV", "Kalverstraat 92", "Kalverstr. 92", "Amsterdam"},
                {"Hoekveld B.V.", "Hoekveld", "Leidseplein 12", "Leidsepl. 12", "Amsterdam"},
                {"Zwanewijk N.V.", "Zwanewijk NV", "Laan van Meerdervoort 120", "Ln van Meerdervoort 120", "Rotterdam"},
                {"Ashcombe Ltd", "ASHCOMBE LIMITED", "12 Abbey Road", "12 Abbey Rd", "London"},
                {"Pellworth Ltd", "Pellworth", "9 Kew Gardens", "9 Kew Gdns", "London"},
                {"Thrushby plc", "Thrushby PLC", "5 Kings Crescent", "5 Kings Cres", "Manchester"},
                {"Vallbona S.L.", "VALLBONA", "Carrer de Balmes 150", "C. de Balmes, núm. 150", "Barcelona"},
                {"Mueller Bau GmbH", "Müller Bau", "Müllerstraße 5", "5 Muellerstrasse", "Berlin"},
                {"Kellerby Ltd", "KELLERBY", "8 St Mary's Rd", "8 Saint Mary's Road", "London"}};
        final List<MatchField> fields = List.of(MatchField.of(Role.COMPANY), MatchField.of(Role.STREET), MatchField.of(Role.CITY));
        final Matcher matcher = new Matcher(fields, MatchSettings.defaults(), "US");
        final CandidateIndex index = matcher.newIndex();
        for (final String[] account : accounts) {
            index.add(matcher.keys(new String[] {account[0], account[2], account[4]}));
            index.add(matcher.keys(new String[] {account[1], account[3], account[4]}));
        }
        final MatchResult result = matcher.match(index);
        for (int account = 0; account < accounts.length; account++) {
            final int record = 2 * account;
            assertEquals(result.clusterId(record), result.clusterId(record + 1), accounts[account][3]);
            assertEquals(MatchOutcome.MATCHED, result.outcome(record), accounts[account][3]);
            assertTrue(result.explanation(record).contains("street=exact("), accounts[account][3] + ": " + result.explanation(record));
        }
    }

    /**
     * Companies whose names are common words only ({@code Consulting Services LLC}, {@code Consulting Services, Inc.}),
     * among generated accounts: two such companies in one city and postcode are not merged on their names, whether the
     * rest of their records differs or is missing; the same names with a distinctive word ({@code Norvex Consulting
     * Services}) and the same pattern of fields are merged, and so is one generic company whose two records share its
     * phone and street.
     */
    @Test
    void namesOfCommonWordsOnlyAreWeakEvidence() {
        final String[] generic = {"Consulting Services", "Global Solutions", "Financial Services", "Marketing Group", "Management Consulting",
                "Business Solutions", "Digital Media", "Property Management", "Home Care", "Design Studio", "Capital Partners",
                "Engineering Services"};
        final String[] cities = {"Boston", "Denver", "Austin", "Seattle"};
        final Matcher matcher = new Matcher(OrganisationQualityTest.ACCOUNT_FIELDS, MatchSettings.defaults(), "US");
        final CandidateIndex index = matcher.newIndex();
        for (final AccountGenerator.Account account : new AccountGenerator(20_261_203L, 0.25).generate(300, 0.4)) {
            index.add(matcher.keys(account.values()));
        }
        final List<int[]> apart = new ArrayList<>();
        final List<int[]> together = new ArrayList<>();
        for (int i = 0; i < generic.length; i++) {
            final String name = generic[i];
            final String city = cities[i % cities.length];
            final String postalCode = String.valueOf(80_210 + i);
            final String phone = "617 555 01" + (10 + i);
            final int first = index.size();
            switch (i % 3) {
                case 0 -> {
                    // two companies: one name and place, every other field different
                    index.add(matcher.keys(new String[] {name + " LLC", (100 + i) + " Main St", city, postalCode, "+1 " + phone,
                            "https://www.cs-" + i + ".com"}));
                    index.add(matcher.keys(new String[] {name + ", Inc.", (400 + i) + " Harbor Ave", city, postalCode, "+1 303 555 02" + (10 + i),
                            "https://www.services-" + i + ".net"}));
                    apart.add(new int[] {first, first + 1});
                }
                case 1 -> {
                    // two companies known only by name and place, and a distinctive name written the same two ways
                    index.add(matcher.keys(new String[] {name + " LLC", null, city, postalCode, null, null}));
                    index.add(matcher.keys(new String[] {name + ", Inc.", null, city, postalCode, null, null}));
                    apart.add(new int[] {first, first + 1});
                    index.add(matcher.keys(new String[] {"Norvex " + name + " LLC", null, cities[(i + 1) % cities.length], postalCode + "-1", null, null}));
                    index.add(matcher.keys(new String[] {"Norvex " + name + ", Inc.", null, cities[(i + 1) % cities.length], postalCode + "-1", null, null}));
                    together.add(new int[] {first + 2, first + 3});
                }
                default -> {
                    // one company, its phone and street written two ways
                    index.add(matcher.keys(new String[] {name + " LLC", (700 + i) + " Elm St", city, postalCode, "+1 " + phone, null}));
                    index.add(matcher.keys(new String[] {name + " Inc", (700 + i) + " Elm Street", city, null, "(" + phone.substring(0, 3) + ") "
                            + phone.substring(4).replace(' ', '-'), null}));
                    together.add(new int[] {first, first + 1});
                }
            }
        }
        final MatchResult result = matcher.match(index);
        for (final int[] pair : apart) {
            assertNotEquals(result.clusterId(pair[0]), result.clusterId(pair[1]), result.explanation(pair[0]));
        }
        for (final int[] pair : together) {
            assertEquals(result.clusterId(pair[0]), result.clusterId(pair[1]), result.explanation(pair[0]));
        }
    }

    /**
     * Agreeing on a name of common words only weighs less the more records beyond the pair hold it (the share of the
     * records they are, shrunk towards the level's u as exact agreement's is), down to half the level's weight: a name
     * no other record holds keeps the level's +2.3 bits, one held by 4 more records of 1,000 weighs +1.4, one held by 40
     * more +1.2; two spellings of the name count together. Alone, the name's level weighs one bit less for every
     * doubling of its records beyond five, as an exact name does (below 0, unmatched, from 12 records). A rare
     * distinctive name and a common name disagreeing keep their weights.
     */
    @Test
    void aGenericNameManyRecordsHoldWeighsLess() {
        final List<MatchField> fields = List.of(MatchField.of(Role.COMPANY), MatchField.of(Role.CITY));
        final List<Comparison> comparisons = DefaultWeights.comparisonsFor(fields, Nicknames.bundled());
        final String[] pairOnly = {"consulting group", "boston"};
        final String[] fewMore = {"global services", "boston"};
        final String[] many = {"financial services", "boston"};
        final TermFrequencies companies = new TermFrequencies();
        for (int i = 0; i < 1000; i++) {
            companies.add(i < 2 ? pairOnly[0] : i < 8 ? fewMore[0] : i < 48 ? many[0] : "northwind" + i);
        }
        companies.add("financial service");
        final MatchModel model = new MatchModel(comparisons, -10, Arrays.asList(companies, null));
        assertTrue(model.explain(pairOnly, pairOnly).startsWith("company=generic(+2.3) "), model.explain(pairOnly, pairOnly));
        assertTrue(model.explain(fewMore, fewMore).startsWith("company=generic(+1.4) "), model.explain(fewMore, fewMore));
        assertTrue(model.explain(many, many).startsWith("company=generic(+1.2) "), model.explain(many, many));
        final String[] otherSpelling = {"financial service", "boston"};
        assertTrue(model.explain(many, otherSpelling).startsWith("company=generic(+1.2) "), model.explain(many, otherSpelling));
        assertEquals(model.score(many, otherSpelling), model.score(otherSpelling, many));
        final String[] rare = {"northwind7", "boston"};
        assertTrue(model.explain(rare, rare).startsWith("company=exact(+9.2) "), model.explain(rare, rare));
        assertTrue(model.explain(many, pairOnly).startsWith("company=differs(-3.3) "), model.explain(many, pairOnly));

        final MatchModel alone = new MatchModel(List.of(comparisons.get(0)), 0, Arrays.asList(companies));
        assertTrue(alone.explain(pairOnly, pairOnly).startsWith("company=generic(+1.2) "), alone.explain(pairOnly, pairOnly));
        assertTrue(alone.explain(fewMore, fewMore).startsWith("company=generic(+1.0) "), alone.explain(fewMore, fewMore));
        assertTrue(alone.explain(many, many).startsWith("company=generic(-1.8) "), alone.explain(many, many));
    }

    /** A house number the street line holds too is counted with the street, once; kept apart from the street, it counts on its own. */
    @Test
    void aHouseNumberInTheStreetLineIsNotCountedTwice() {
        final List<MatchField> fields = List.of(MatchField.of(Role.STREET), MatchField.of(Role.HOUSE_NUMBER), MatchField.of(Role.COMPANY));
        final Matcher matcher = new Matcher(fields, MatchSettings.defaults(), "US");
        final List<Comparison> comparisons = DefaultWeights.comparisonsFor(fields, Nicknames.bundled());
        final MatchModel model = new MatchModel(comparisons, -5, Arrays.asList(new TermFrequencies[3]));
        final String together = model.explain(matcher.keys(new String[] {"12 Main St", "12", "Acme"}),
                matcher.keys(new String[] {"12 Main Street", "12", "Acme Inc"}));
        assertTrue(together.contains("house_number=implied(0)"), together);
        final String apart = model.explain(matcher.keys(new String[] {"Main St", "12", "Acme"}),
                matcher.keys(new String[] {"Main Street", "12", "Acme Inc"}));
        assertTrue(apart.contains("house_number=exact("), apart);
    }

    /**
     * With the company name as the only role, identical normalised names are one account; a near-equal one, and an
     * identical one of common words only, is for review.
     */
    @Test
    void oneRoleMatchesEqualRareNamesAndReviewsNearOnes() {
        final Matcher matcher = new Matcher(List.of(MatchField.of(Role.COMPANY)), MatchSettings.defaults(), "US");
        final CandidateIndex index = matcher.newIndex();
        for (final String name : List.of("NORTHWIND INDUSTRIES BV", "Northwind Industries B.V.", "northwind industries", "NORTHWIND INDUSTRIES BV",
                "ACME HOLDING N.V.", "ACME HOLDING NV", "Acme Holding B.V.", "Contoso Pharmaceuticals Ltd", "Contoso Pharma Research",
                "Fabrikam Inc", "Consulting Services LLC", "Consulting Services, Inc.")) {
            index.add(matcher.keys(new String[] {name}));
        }
        final MatchResult result = matcher.match(index);
        for (int record = 1; record < 4; record++) {
            assertEquals(result.clusterId(0), result.clusterId(record));
        }
        assertEquals(result.clusterId(4), result.clusterId(5));
        assertEquals(result.clusterId(4), result.clusterId(6));
        assertNotEquals(result.clusterId(0), result.clusterId(4));
        assertEquals(MatchOutcome.MATCHED, result.outcome(0));
        assertEquals(MatchOutcome.REVIEW, result.outcome(7), result.explanation(7));
        assertTrue(result.explanation(7).contains("one field, no prior"), result.explanation(7));
        assertEquals(MatchOutcome.UNMATCHED, result.outcome(9));
        // a name of common words only is weak evidence even when no other record has it
        assertEquals(MatchOutcome.REVIEW, result.outcome(10), result.explanation(10));
        assertTrue(result.explanation(10).contains("company=generic("), result.explanation(10));
    }

    /** A name many records share is not evidence enough on its own: they are not glued into one account. */
    @Test
    void oneRoleDoesNotMatchAValueManyRecordsShare() {
        final Matcher matcher = new Matcher(List.of(MatchField.of(Role.COMPANY)), MatchSettings.defaults(), "US");
        final CandidateIndex index = matcher.newIndex();
        for (int i = 0; i < 120; i++) {
            index.add(matcher.keys(new String[] {"Starbucks"}));
        }
        final MatchResult result = matcher.match(index);
        assertNotEquals(MatchOutcome.MATCHED, result.outcome(0), result.explanation(0));
    }
}
