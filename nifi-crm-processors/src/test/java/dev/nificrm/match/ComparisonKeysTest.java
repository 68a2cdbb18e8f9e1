package dev.nificrm.match;

import dev.nificrm.clean.EmailRule;
import dev.nificrm.clean.WebsiteRule;
import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ComparisonKeysTest {
    private final ComparisonKeys keys = new ComparisonKeys("US");

    @Test
    void phonesBecomeE164WhateverTheirFormat() {
        assertEquals("+14155550132", keys.normalise(Role.PHONE, "(415) 555-0132"));
        assertEquals("+14155550132", keys.normalise(Role.PHONE, "+1 415 555 0132"));
        assertEquals("+14155550132", keys.normalise(Role.PHONE, "415.555.0132"));
        assertEquals("+442079460958", new ComparisonKeys("GB").normalise(Role.PHONE, "020 7946 0958"));
        assertNull(keys.normalise(Role.PHONE, "n/a"));
    }

    /**
     * A country is keyed as the ISO code CleanCRMRecord writes for it, so that systems writing it differently agree
     * without CleanCRMRecord before the matcher (Salesforce {@code United States}, HubSpot {@code US}, Dynamics
     * {@code United States of America}, Zoho {@code USA}, a German export {@code Deutschland}); before, each was its own
     * folded text and two of them compared as two countries. A value written as its code keeps its key ({@code us}); one
     * no country list reads is folded as before.
     */
    @Test
    void aCountryWrittenAnyWayIsKeyedAsItsCode() {
        for (final String unitedStates : new String[] {"US", "us", "USA", "U.S.A.", "United States", "United States of America",
                "Vereinigte Staaten", "Estados Unidos", "840"}) {
            assertEquals("us", keys.normalise(Role.COUNTRY, unitedStates), unitedStates);
        }
        for (final String germany : new String[] {"DE", "DEU", "Germany", "Deutschland", "Allemagne", " germany ", "276"}) {
            assertEquals("de", keys.normalise(Role.COUNTRY, germany), germany);
        }
        assertEquals("ch", keys.normalise(Role.COUNTRY, "Schweiz"));
        assertEquals("gb", keys.normalise(Role.COUNTRY, "United Kingdom"));
        // no country of today: folded, as before
        assertEquals("narnia", keys.normalise(Role.COUNTRY, "Narnia"));
        assertEquals("congo", keys.normalise(Role.COUNTRY, "Congo"));
        assertEquals("netherlands antilles", keys.normalise(Role.COUNTRY, "Netherlands Antilles"));
        assertEquals("12345", keys.normalise(Role.COUNTRY, "12345"));
        assertNull(keys.normalise(Role.COUNTRY, "n/a"));
        // a state is no country: still folded
        assertEquals("united states", keys.normalise(Role.STATE, "United States"));
        // a company name and identifier read the country as the key does: Belgium's numeric code writes NV first there
        assertEquals("bekaert", keys.normalise(KeyKind.COMPANY, "NV Bekaert", "056"));
        assertEquals(keys.normalise(KeyKind.COMPANY_ID, "813495425", "DE"), keys.normalise(KeyKind.COMPANY_ID, "813495425", "276"));
    }

    /**
     * A VAT id written with its country prefix, spaces, dots, dashes, either case, is one key: its national part, then
     * itself written one way (so that the same id without its prefix agrees with it, and its kind is known); so is a
     * D-U-N-S number written as one; another identifier is its letters and digits.
     */
    @Test
    void companyIdentifiersHaveOneKeyHoweverTheyAreWritten() {
        for (final String vat : new String[] {"DE 123.456.789", "de-123456789", "DE123456789"}) {
            assertEquals(readings("123456789", "DE123456789"), keys.normalise(Role.COMPANY_ID, vat), vat);
        }
        assertEquals("123456789", keys.normalise(Role.COMPANY_ID, "123 456 789"));
        // a D-U-N-S number written as one has its kind too; nine digits alone may be one or a VAT id without its prefix
        assertEquals(readings("150483782", "DUNS150483782"), keys.normalise(Role.COMPANY_ID, "15-048-3782"));
        assertEquals(readings("150483782", "DUNS150483782"), keys.normalise(Role.COMPANY_ID, "D-U-N-S 150483782"));
        assertEquals("150483782", keys.normalise(Role.COMPANY_ID, "150483782"));
        assertEquals(readings("U12345678", "ATU12345678"), keys.normalise(Role.COMPANY_ID, "ATU 12345678"));
        assertEquals("U12345678", keys.normalise(Role.COMPANY_ID, "U12345678"));
        assertEquals(readings("123456789", "GB123456789"), keys.normalise(Role.COMPANY_ID, "GB 123 4567 89"));
        // a trade register entry or a UK company number keeps its letters, and so does a prefix before digits its country's VAT ids do not have
        assertEquals("HRB12345", keys.normalise(Role.COMPANY_ID, "HRB 12345"));
        assertEquals("SC123456", keys.normalise(Role.COMPANY_ID, "SC123456"));
        assertEquals("DE12345", keys.normalise(Role.COMPANY_ID, "DE 12345"));
        // a national id keeps them
        assertEquals("DE123456789", keys.normalise(Role.NATIONAL_ID, "DE 123.456.789"));
    }

    /**
     * The VAT prefixes written several ways: a Swiss UID with its language suffix, a French key of letters or digits
     * before the SIREN, Greece as EL or GR, Austria's ATU.
     */
    @Test
    void vatPrefixesWrittenSeveralWaysAreOneKey() {
        for (final String swiss : new String[] {"CHE-123.456.789 MWST", "CHE-123.456.789 TVA", "CHE 123 456 789 IVA", "CHE123456789"}) {
            assertEquals(readings("123456789", "CHE123456789"), keys.normalise(Role.COMPANY_ID, swiss), swiss);
        }
        for (final String french : new String[] {"FR AB 123456789", "FRAB123456789", "fr-ab-123.456.789"}) {
            assertEquals(readings("AB123456789", "FRAB123456789"), keys.normalise(Role.COMPANY_ID, french), french);
        }
        assertEquals(readings("1B123456789", "FR1B123456789"), keys.normalise(Role.COMPANY_ID, "FR 1B 123 456 789"));
        assertEquals(readings("12123456789", "FR12123456789"), keys.normalise(Role.COMPANY_ID, "FR 12 123456789"));
        for (final String greek : new String[] {"EL 123456789", "GR 123456789", "gr123456789"}) {
            assertEquals(readings("123456789", "EL123456789"), keys.normalise(Role.COMPANY_ID, greek), greek);
        }
        assertEquals(readings("U12345678", "ATU12345678"), keys.normalise(Role.COMPANY_ID, "AT U 123 456 78"));
    }

    /** A key's values joined as a key of several values is. */
    private static String readings(final String first, final String second) {
        return first + Comparison.VALUE_SEPARATOR + second;
    }

    @Test
    void titlesAndSuffixesAreNoPartOfAPersonName() {
        // a generation tells a father from his son, and a name that is only a title stays what it is
        final Object[][] names = {{Role.FIRST_NAME, "Dr. John", "john"}, {Role.FIRST_NAME, "Mrs Mary Ann", "mary ann"},
                {Role.FIRST_NAME, "Prof. Dr. Hans", "hans"}, {Role.LAST_NAME, "Smith, PhD", "smith"}, {Role.LAST_NAME, "Smith Ph.D.", "smith"},
                {Role.LAST_NAME, "Smith, M.D.", "smith"}, {Role.FULL_NAME, "Dr. John Smith, Esq.", "john smith"},
                {Role.LAST_NAME, "Smith, Jr.", "smith jr"}, {Role.LAST_NAME, "Smith III", "smith iii"}, {Role.FIRST_NAME, "Dr.", "dr"},
                {Role.FIRST_NAME, "Drew", "drew"}, {null, "Dr. Smith Company", "dr smith company"}};
        for (final Object[] name : names) {
            assertEquals(name[2], keys.normalise((Role) name[0], (String) name[1]), (String) name[1]);
        }
    }

    @Test
    void placeholdersAreMissingValuesForEveryRole() {
        for (final Role role : Role.values()) {
            for (final String placeholder : new String[] {"N/A", "n/a", " unknown ", "-", "#N/A", "TBD"}) {
                assertNull(keys.normalise(role, placeholder), role + " " + placeholder);
            }
        }
    }

    @Test
    void saintInAPlaceNameIsOneWordHoweverItIsAbbreviated() {
        for (final String[] same : new String[][] {{"St Louis", "Saint Louis", "St. Louis", "ST. LOUIS"},
                {"St. Petersburg", "Saint Petersburg", "St Petersburg"}, {"Ste-Foy", "Sainte-Foy", "Ste. Foy"},
                {"Port St. Lucie", "Port Saint Lucie"}, {"St Kilda", "Saint Kilda"}}) {
            for (final String city : same) {
                assertEquals(keys.normalise(Role.CITY, same[0]), keys.normalise(Role.CITY, city), city);
            }
        }
        // a saint is not a street in a city, and a word that only starts with st keeps its letters
        assertEquals("saint louis", keys.normalise(Role.CITY, "St. Louis"));
        assertEquals("sainte foy", keys.normalise(Role.CITY, "Ste-Foy"));
        assertEquals("stuttgart", keys.normalise(Role.CITY, "Stuttgart"));
        assertEquals("stevenage", keys.normalise(Role.CITY, "Stevenage"));
        // a first name St is no saint
        assertEquals("st", keys.normalise(Role.FIRST_NAME, "St"));
    }

    @Test
    void sanktSktAndSintAreTheSaintOfAPlaceNameAsStIs() {
        for (final String[] same : new String[][] {{"Sankt Gallen", "St. Gallen", "St Gallen", "Saint Gallen", "SANKT-GALLEN"},
                {"Sankt Augustin", "St. Augustin"}, {"Sankt Pölten", "St. Pölten"}, {"Skt. Clemens", "Sankt Clemens", "St Clemens"},
                {"Sint-Niklaas", "St.-Niklaas", "Sint Niklaas"}, {"Sankt Petersburg", "St. Petersburg", "Saint Petersburg"}}) {
            for (final String city : same) {
                assertEquals(keys.normalise(Role.CITY, same[0]), keys.normalise(Role.CITY, city), city);
            }
        }
        assertEquals("saint gallen", keys.normalise(Role.CITY, "Sankt Gallen"));
        // only the word: a place whose name starts with its letters keeps them
        assertEquals("sintra", keys.normalise(Role.CITY, "Sintra"));
        assertEquals("sanktanna", keys.normalise(Role.CITY, "Sanktanna"));
        // a last name Sankt or Sint is no saint
        assertEquals("sint", keys.normalise(Role.LAST_NAME, "Sint"));
    }

    @Test
    void emailsAreLowerCasedWithoutTags() {
        assertEquals("bob.smith@example.com", keys.normalise(Role.EMAIL, " Bob.Smith+crm@Example.COM "));
    }

    /**
     * An internationalised domain's ASCII form is the mailbox of its letters, as CleanCRMRecord writes it: one key for
     * {@code jane@xn--bcher-kva.de}, {@code JANE@XN--BCHER-KVA.DE} and {@code jane@bücher.de} (they were two keys, so
     * an uncleaned export never matched a cleaned one); an xn-- label that encodes nothing keeps its own key.
     */
    @Test
    void emailsOfAnInternationalisedDomainHaveOneKeyInEitherForm() {
        assertEquals("jane@bücher.de", keys.normalise(Role.EMAIL, "jane@xn--bcher-kva.de"));
        assertEquals("jane@bücher.de", keys.normalise(Role.EMAIL, "JANE+crm@XN--BCHER-KVA.DE"));
        assertEquals("jane@bücher.de", keys.normalise(Role.EMAIL, "Jane@Bücher.de"));
        assertEquals("info@mail.bücher.рф", keys.normalise(Role.EMAIL, "info@mail.xn--bcher-kva.xn--p1ai"));
        assertEquals("jane@xn--bcher-kv.de", keys.normalise(Role.EMAIL, "jane@xn--bcher-kv.de"));
        assertEquals(new EmailRule().clean("JANE@XN--BCHER-KVA.DE", "DE").getValue(),
                keys.normalise(Role.EMAIL, "jane@xn--bcher-kva.de"), "the key of the cleaned value and of the raw one agree");
    }

    /**
     * A domain beyond ASCII is keyed as CleanCRMRecord writes it, as UTS #46 maps it: Cherokee's small letters fold to
     * its capitals ({@code ꮳꮃꭹ.com} is {@code ᏣᎳᎩ.com}, as CleanCRMRecord writes it; lower-casing keyed both in small
     * letters, a name no IDNA 2008 domain has), a Greek capital sigma before a hyphen
     * is {@code σ} (lower-casing wrote the final {@code ς}, so the uncleaned copy had another key), and the Turkish
     * {@code İ} is {@code i} (lower-casing added a combining dot). The same for a website's host.
     */
    @Test
    void emailsAndWebsitesBeyondAsciiHaveTheKeyOfTheirCleanedForm() {
        final EmailRule emailRule = new EmailRule();
        final WebsiteRule websiteRule = new WebsiteRule();
        for (final String domain : new String[]{"ꮳꮃꭹ.com", "ᏣᎳᎩ.com", "ΑΘΗΝΑΣ-24.gr", "İzmİr.com.tr", "BÜCHER.de"}) {
            final String mailbox = "Info@" + domain;
            final String cleanedMailbox = emailRule.clean(mailbox, "DE").getValue();
            assertEquals(keys.normalise(Role.EMAIL, cleanedMailbox), keys.normalise(Role.EMAIL, mailbox), mailbox);
            final String site = "https://WWW." + domain + "/";
            final String cleanedSite = websiteRule.clean(site, "DE").getValue();
            assertEquals(keys.normalise(Role.WEBSITE, cleanedSite), keys.normalise(Role.WEBSITE, site), site);
        }
        assertEquals("info@ᏣᎳᎩ.com", keys.normalise(Role.EMAIL, "Info@ꮳꮃꭹ.com"));
        assertEquals("αθηνασ-24.gr", keys.normalise(Role.WEBSITE, "ΑΘΗΝΑΣ-24.gr"));
    }

    @Test
    void datesBecomeYearMonthDay() {
        assertEquals("19710624", keys.normalise(Role.BIRTH_DATE, "1971-06-24"));
        assertEquals("19710624", keys.normalise(Role.BIRTH_DATE, "19710624"));
        assertEquals("19710624", keys.normalise(Role.BIRTH_DATE, "06/24/1971"));
        assertEquals("19710624", keys.normalise(Role.BIRTH_DATE, "24.06.1971"));
        assertEquals("19710605", keys.normalise(Role.BIRTH_DATE, "1971-6-5"));
    }

    /** A date of a leading number too long for an int is read as one above 12, not a NumberFormatException. */
    @Test
    void aDateWhoseFirstNumberIsTooLongForAnIntThrowsNothing() {
        final ComparisonKeys keys = new ComparisonKeys("US");
        assertEquals("2024946198001150207", keys.normalise(Role.BIRTH_DATE, "198001150207 946/2024"));
        assertEquals("20240102", keys.normalise(Role.BIRTH_DATE, "1/2/2024"));
        assertEquals("20240113", keys.normalise(Role.BIRTH_DATE, "13/1/2024"));
    }

    @Test
    void isoDatesTakeTheFastPathToTheSameKey() {
        final Random random = new Random(5);
        final String alphabet = "0123456789-/. x";
        for (int i = 0; i < 50_000; i++) {
            final char[] chars = new char[10];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('0' + random.nextInt(10));
            }
            if (i % 2 == 0) {
                chars[4] = '-';
                chars[7] = '-';
            }
            final String value = new String(chars).trim();
            // a whole number of 8 to 13 digits may be an epoch number, read before the layouts (TypedNumbersTest)
            if (!value.isEmpty() && !value.matches("-?[0-9]{8,13}")) {
                assertEquals(ComparisonKeys.splitDate(value), ComparisonKeys.date(value), value);
            }
        }
    }

    @Test
    void namesAreFoldedWithoutAccentsOrPunctuation() {
        assertEquals("muller ludenscheidt", keys.normalise(Role.LAST_NAME, " Müller-Lüdenscheidt"));
        assertEquals("obrien", keys.normalise(Role.LAST_NAME, "O'Brien"));
        assertNull(keys.normalise(Role.FIRST_NAME, " - "));
        assertNull(keys.normalise(Role.FIRST_NAME, "   "));
    }

    /**
     * A name written with the zero-width non-joiner or joiner its script asks for and without it has one key, and the
     * joiner is no word boundary: CleanCRMRecord keeps such a joiner, and the same person is written both ways. Before, the
     * joiner split the name into two words (حسین زاده against حسینزاده, क् ष against क्ष).
     */
    @Test
    void aNameHasOneKeyWithAndWithoutItsJoiner() {
        assertEquals("\u062D\u0633\u06CC\u0646\u0632\u0627\u062F\u0647",
                keys.normalise(Role.LAST_NAME, "\u062D\u0633\u06CC\u0646\u200C\u0632\u0627\u062F\u0647"));
        assertEquals(keys.normalise(Role.FIRST_NAME, "\u0645\u0647\u0646\u0627\u0632"), keys.normalise(Role.FIRST_NAME, "\u0645\u0647\u200C\u0646\u0627\u0632"));
        assertEquals(keys.normalise(Role.LAST_NAME, "\u0915\u094D\u0937\u0924\u094D\u0930\u093F\u092F"),
                keys.normalise(Role.LAST_NAME, "\u0915\u094D\u200D\u0937\u0924\u094D\u0930\u093F\u092F"));
        assertEquals("\u0645\u06CC\u062E\u0648\u0627\u0647\u0645 \u0633\u0627\u0632\u06CC",
                keys.normalise(Role.COMPANY, "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645 \u0633\u0627\u0632\u06CC"));
        assertEquals("john", keys.normalise(Role.FIRST_NAME, "Jo\u200Dhn"));
    }

    /**
     * The letters of the Nordic languages that Unicode does not write as a letter and an accent are folded as the umlauts
     * are, with one table for names, cities and company names: {@code ø} is {@code o} as {@code ö} is, {@code æ} and
     * {@code œ} their two letters, {@code ð} and {@code đ} {@code d}, {@code þ} {@code th}, {@code ł} {@code l}, {@code ı} {@code i}, {@code ß}
     * {@code ss}; {@code å} loses its ring as {@code ä} loses its dots.
     */
    @Test
    void nordicLettersAreFoldedAsUmlautsAre() {
        assertEquals("moller", keys.normalise(Role.LAST_NAME, "Møller"));
        assertEquals("soren", keys.normalise(Role.FIRST_NAME, "SØREN"));
        assertEquals("aero", keys.normalise(Role.CITY, "Ærø"));
        assertEquals("ase", keys.normalise(Role.FIRST_NAME, "Åse"));
        assertEquals("thor", keys.normalise(Role.FIRST_NAME, "Þór"));
        assertEquals("gudmundsdottir", keys.normalise(Role.LAST_NAME, "Guðmundsdóttir"));
        assertEquals("dokovic", keys.normalise(Role.LAST_NAME, "Đoković"));
        assertEquals("lodz", keys.normalise(Role.CITY, "Łódź"));
        assertEquals("isik", keys.normalise(Role.LAST_NAME, "Işık"));
        assertEquals("oeuvre", keys.normalise(Role.FIRST_NAME, "Œuvre"));
        assertEquals("weiss", keys.normalise(Role.LAST_NAME, "Weiß"));
        assertEquals("baekgaard and moller", keys.normalise(Role.COMPANY, "Bækgaard & Møller ApS"));
        assertEquals("orsted", keys.normalise(Role.COMPANY, "Ørsted A/S"));
    }

    /**
     * A ligature is its letters, as {@code æ} and {@code œ} are: Dutch {@code Ĳ}/{@code ĳ} (one letter on a Dutch keyboard's
     * older software, two everywhere else: {@code Ĳsselmeer}, {@code Rĳnders}, {@code &IJlig;}), and the typesetter's
     * {@code ﬁ}, {@code ﬂ}, {@code ﬀ}, {@code ﬃ}, {@code ﬄ}, {@code ﬆ} a name copied from a PDF keeps. Before, the key kept the
     * ligature ({@code ĳsselmeer}, {@code staﬀord}), so the name written with two letters had another key.
     */
    @Test
    void ligaturesAreTheirLetters() {
        assertEquals("ijsselmeer", keys.normalise(Role.CITY, "Ĳsselmeer"));
        final String[][] written = {{"CITY", "Ĳsselmeer", "IJsselmeer"}, {"LAST_NAME", "Rĳnders", "Rijnders"}, {"LAST_NAME", "VAN DĲK", "van Dijk"},
                {"LAST_NAME", "van D&ijlig;k", "van Dijk"}, {"COMPANY", "Bĳenkorf B.V.", "Bijenkorf BV"}, {"LAST_NAME", "Staﬀord", "Stafford"},
                {"FIRST_NAME", "ﬁona", "Fiona"}, {"FIRST_NAME", "ﬂoyd", "Floyd"}, {"LAST_NAME", "Ruﬃn", "Ruffin"},
                {"COMPANY", "Waﬄe Works", "Waffle Works"}, {"STREET", "12 Weﬆ Street", "12 West Street"}};
        for (final String[] name : written) {
            final Role role = Role.valueOf(name[0]);
            assertEquals(keys.normalise(role, name[2]), keys.normalise(role, name[1]), name[1]);
        }
    }

    /** A company named by initials that are a legal form too (P.C., a Dutch B.V.): each writing of it has one key. */
    @Test
    void aNameOfNothingButLegalFormsIsNamedByItsFirst() {
        for (final String name : new String[] {"P.C. B.V.", "PC BV", "P.C.", "PC B.V.", "P.C. Besloten Vennootschap", "P. C. BV"}) {
            assertEquals("pc", keys.normalise(Role.COMPANY, name), name);
        }
        assertEquals("bv", keys.normalise(Role.COMPANY, "B.V."));
        assertEquals("gmbh", keys.normalise(Role.COMPANY, "GmbH & Co. KG"));
        assertEquals("the and", keys.normalise(Role.COMPANY, "The And"));
    }

    /**
     * A legal form no name starts with is dropped first in a name as at the end, wherever the record is (BV Bakkerij
     * Jansen, SARL Dupont, Oy Karl Fazer Ab, OOO Gazprom, a form written out: Kabushiki Kaisha Toshiba); one that is also
     * a name's start elsewhere is dropped where the record's country writes it first (NV Bekaert in Belgium, AB Volvo in
     * Sweden, PT Bank Mandiri in Indonesia, K.K. Toshiba in Japan); one written only after names, standing first, is the
     * start of the name (P.C. Holding B.V. is no Holding B.V., A.G. Barr no Barr).
     */
    @Test
    void aLegalFormFirstIsDroppedWhereItsCountryWritesItFirst() {
        for (final String[] same : new String[][] {{null, "BV Bakkerij Jansen", "Bakkerij Jansen B.V.", "Bakkerij Jansen"},
                {null, "SARL Dupont", "Dupont SARL", "S.A.R.L. Dupont"}, {"SE", "AB Volvo", "Volvo AB"}, {"Sweden", "AB Volvo", "Volvo AB"},
                {"BE", "NV Bekaert SA", "Bekaert NV"}, {null, "Oy Karl Fazer Ab", "Karl Fazer Oy"}, {null, "OOO Gazprom", "Gazprom"},
                {"ID", "PT Bank Mandiri Tbk", "Bank Mandiri"}, {null, "Kabushiki Kaisha Toshiba", "Toshiba K.K."}, {"JP", "K.K. Toshiba", "Toshiba"},
                {null, "A/S Storebælt", "Storebælt A/S", "Storebaelt AS"}, {"Estonia", "AS Tallink Grupp", "Tallink Grupp"}}) {
            for (int i = 1; i < same.length; i++) {
                assertEquals(company(same[1], same[0]), company(same[i], same[0]), same[i] + " in " + same[0]);
            }
            assertEquals(company(same[same.length - 1], null), company(same[1], same[0]), same[1] + " in " + same[0]);
        }
        for (final String name : new String[] {"P.C. Holding B.V.", "PC Holding", "P.C. Holding", "P. C. Holding BV"}) {
            assertEquals("pc holding", keys.normalise(Role.COMPANY, name), name);
        }
        assertEquals("holding", keys.normalise(Role.COMPANY, "Holding B.V."));
        assertEquals("ag barr", keys.normalise(Role.COMPANY, "A.G. Barr p.l.c."));
        assertEquals("ag barr", keys.normalise(Role.COMPANY, "AG Barr"));
        assertEquals("co op bank", keys.normalise(Role.COMPANY, "The Co-op Bank"));
        assertEquals("company shop", keys.normalise(Role.COMPANY, "Company Shop Ltd"));
    }

    /**
     * A name that starts with initials spelt like a legal form some countries write first keeps them in any other
     * country: SA Water (South Australia) is no Water, SAS Institute no Institute (no country writes SAS first: France,
     * Spain and Colombia write it after the name).
     */
    @Test
    void initialsSpeltLikeALegalFormStartTheNameOutsideItsCountries() {
        for (final String[] name : new String[][] {{"SA Water", "AU", "sa water"}, {"SA Power Networks", "Australia", "sa power networks"},
                {"AS Roma", "IT", "as roma"}, {"SAS Institute", "US", "sas institute"}, {"SAS Institute", "FR", "sas institute"},
                {"SAS Institute Inc.", null, "sas institute"}, {"AB InBev", "BE", "ab inbev"}, {"NV Energy", "US", "nv energy"},
                {"SC Johnson", "US", "sc johnson"}, {"SNC-Lavalin", "CA", "snc lavalin"}, {"CV-Library", "GB", "cv library"},
                {"PT Solutions", "US", "pt solutions"}, {"K.K. Fashion", "IN", "kk fashion"}}) {
            assertEquals(name[2], company(name[0], name[1]), name[0] + " in " + name[1]);
        }
    }

    /**
     * In a record whose country is unknown (none, or one no country list reads) a form some countries write first may be
     * the form or the name's start: both readings are keyed, the name as written first (AB Volvo is ab volvo and volvo,
     * SA Water sa water and water), each with the qualifier in parentheses; a form no name starts with is still only
     * dropped (OOO Gazprom), and any other form first still only kept (P.C. Holding).
     */
    @Test
    void aFormSomeCountriesWriteFirstIsReadBothWaysWhereTheCountryIsUnknown() {
        for (final String[] name : new String[][] {{"AB Volvo", null, "ab volvo", "volvo"}, {"SA Water", null, "sa water", "water"},
                {"AS Roma S.p.A.", " ", "as roma", "roma"}, {"NV Energy", "Unknown", "nv energy", "energy"},
                {"S.C. Johnson & Son", null, "sc johnson and son", "johnson and son"}, {"The PT Bank Mandiri Tbk", null, "pt bank mandiri", "bank mandiri"},
                {"AB Volvo (Göteborg)", null, "ab volvo (goteborg)", "volvo (goteborg)"}, {"AB Volvo (publ)", null, "ab volvo", "volvo"}}) {
            assertEquals(name[2] + Comparison.VALUE_SEPARATOR + name[3], company(name[0], name[1]), name[0] + " in " + name[1]);
        }
        assertEquals("gazprom", company("OOO Gazprom", null));
        assertEquals("pc holding", company("P.C. Holding B.V.", null));
        assertEquals("sas institute", company("SAS Institute Inc.", null));
        assertEquals("ab", company("AB", null));
    }

    /**
     * A German form written first, rarely, is dropped as at the end (GmbH Müller is Müller GmbH): no name starts with it.
     * Ltd, Inc and Co do start names (LTD Commodities, Inc. Magazine, The Co-op Bank): Ltd Acme keeps its first word.
     */
    @Test
    void aGermanFormWrittenFirstIsDropped() {
        assertEquals("muller", keys.normalise(Role.COMPANY, "GmbH Müller"));
        assertEquals("muller", keys.normalise(Role.COMPANY, "Müller GmbH"));
        assertEquals("muller bau", keys.normalise(Role.COMPANY, "gGmbH Müller Bau"));
        assertEquals("holding", keys.normalise(Role.COMPANY, "Holding GmbH"));
    }

    /**
     * Ltd and Inc written first are a mistake (Ltd Acme is Acme Ltd) or the start of a name (LTD Commodities, Inc.
     * Magazine), in any country: both readings are keyed, the name as written first. Co first stays the start of the
     * name (The Co-op Bank).
     */
    @Test
    void anEnglishFormWrittenFirstIsReadBothWays() {
        for (final String[] name : new String[][] {{"Ltd Acme", null, "ltd acme", "acme"}, {"Ltd. Acme", "GB", "ltd acme", "acme"},
                {"LTD Commodities LLC", "US", "ltd commodities", "commodities"}, {"Inc. Magazine", "US", "inc magazine", "magazine"},
                {"INC Kamlit Foods", null, "inc kamlit foods", "kamlit foods"}}) {
            assertEquals(name[2] + Comparison.VALUE_SEPARATOR + name[3], company(name[0], name[1]), name[0] + " in " + name[1]);
        }
        assertEquals("co op bank", company("The Co-op Bank", "GB"));
        assertEquals("acme", company("Acme Ltd", null));
        assertEquals("ltd", company("Ltd.", null));
    }

    /**
     * The Russian AO, ZAO and PAO first are the form in Russia and the states that keep Russian forms (AO Gazprom Neft is
     * Gazprom Neft AO), the start of a name elsewhere (A.O. Smith in the United States, Pão de Açúcar in Brazil), both
     * without a country; at the end they are the form where they are first, a word elsewhere and without a country (Casa do
     * Pao), in the middle a word (Casa Pão Quente), and so is one written with a tilde at the end (Casa do Pão) wherever it
     * is: the form is never written so. OOO and OAO start no name
     * and are dropped first everywhere, as the Cyrillic ООО, ОАО, АО, ЗАО and ПАО are, first or last.
     */
    @Test
    void aRussianFormFirstIsDroppedWhereRussianFormsAreWrittenFirst() {
        assertOneCompanyEach(new String[][] {{"RU", "AO Gazprom Neft", "Gazprom Neft AO", "Gazprom Neft"},
                {"Russia", "PAO Sberbank", "Sberbank PAO", "Sberbank"}, {"BY", "ZAO Kamlit", "Kamlit ZAO", "Kamlit"},
                {"KZ", "A.O. Kazakhtelecom", "Kazakhtelecom"}, {"US", "OOO Venvel", "Venvel LLC"}, {"DE", "ООО «Ромашка»", "Ромашка ООО", "Ромашка"},
                {null, "ПАО Сбербанк", "Сбербанк"}, {"KZ", "АО «Казахтелеком»", "Казахтелеком"}, {null, "ЗАО Камлит", "Камлит"},
                {"RU", "ОАО Камлит", "Камлит ОАО"}});
        assertEquals("gazprom neft", company("AO Gazprom Neft", "RU"));
        assertEquals("ao smith", company("A.O. Smith Corporation", "US"));
        assertEquals("ao smith" + Comparison.VALUE_SEPARATOR + "smith", company("AO Smith", null));
        assertEquals("pao de acucar", company("Pão de Açúcar", "BR"));
        assertEquals("zao sushi", company("Zao Sushi", "JP"));
        assertEquals("casa pao quente", company("Casa Pão Quente", "PT"));
        assertEquals("kamlit", company("Kamlit ZAO", "RU"));
        // written with its tilde, pão at the end is bread, not the Russian PAO: a form is never written so
        assertEquals("casa do pao", company("Casa do Pão", "PT"));
        assertEquals("casa do pao", company("Casa do Pão", null));
        assertEquals("padaria pao", company("PADARIA PÃO Ltda.", "BR"));
        assertEquals("casa do pao", company("Casa do Pa\u0303o", "PT"));
        assertEquals("sberbank", company("Sberbank PAO", "RU"));
        assertEquals("sberbank", company("Sberbank PAO", "Ukraine"));
        // without the tilde, AO, ZAO and PAO at the end are the form only where Russian forms are written, as first:
        // elsewhere and without a country they are words (Casa do Pao was `casa do`)
        assertEquals("casa do pao", company("Casa do Pao", null));
        assertEquals("casa do pao", company("Casa do Pao", "BR"));
        assertEquals("padaria pao", company("Padaria Pao Ltda.", "PT"));
        assertEquals("kamlit zao", company("Kamlit ZAO", null));
        assertEquals("sberbank pao", company("Sberbank PAO", "US"));
        assertEquals("volksbank mittelhessen", company("Volksbank Mittelhessen eG", null));
    }

    /**
     * The Ukrainian legal forms, in Cyrillic (ТОВ, ТзОВ, ПрАТ, ПАТ, АТ, ФОП, ПП) and in Latin letters (TOV, TzOV, PrAT, PAT,
     * FOP), first or last, the name in Ukrainian quotes, are the form in Ukraine and where the country is unknown (the
     * Latin ones, words of names too, read both ways there); elsewhere, and in a name's middle, they are words.
     */
    @Test
    void ukrainianFormsAreDroppedInUkraineAndWhereTheCountryIsUnknown() {
        assertOneCompanyEach(new String[][] {{"UA", "ТОВ «Ромашка»", "Ромашка ТОВ", "Ромашка"}, {null, "ТОВ «Ромашка»", "Ромашка"},
                {"Ukraine", "ПрАТ «Київстар»", "Київстар ПрАТ", "Київстар"}, {"UA", "ТзОВ \"Карпати\"", "Карпати"},
                {null, "ПАТ „Укрнафта“", "Укрнафта ПАТ", "Укрнафта"}, {"UA", "АТ Ощадбанк", "Ощадбанк"}, {null, "ФОП Коваленко", "Коваленко"},
                {"UA", "ПП «Альфа»", "Альфа"}, {"UA", "TOV Romashka", "Romashka TOV", "Romashka"}, {"UA", "PrAT Kyivstar", "Kyivstar"},
                {"UA", "TzOV Karpaty", "Karpaty"}, {"UA", "PAT Ukrnafta", "Ukrnafta"}, {"UA", "FOP Kovalenko", "Kovalenko"}});
        assertEquals("ромашка", company("ТОВ «Ромашка»", null));
        // in Latin letters they are words of names too: both readings without a country, a word elsewhere
        assertEquals("tov romashka" + Comparison.VALUE_SEPARATOR + "romashka", company("TOV Romashka", null));
        assertEquals("romashka tov" + Comparison.VALUE_SEPARATOR + "romashka", company("Romashka TOV", null));
        assertEquals("pat smith plumbing", company("Pat Smith Plumbing", "US"));
        assertEquals("mazel tov", company("Mazel Tov", "US"));
        assertEquals("sweet pat", company("Sweet Pat", "GB"));
        // a name's middle, and another country
        assertEquals("kamlit pat media", company("Kamlit PAT Media", "UA"));
        assertEquals("тов ромашка", company("ТОВ Ромашка", "RU"));
    }

    /** Asserts that each row's names (from the second) have one key in the row's country (its first value, null: none). */
    private void assertOneCompanyEach(final String[][] rows) {
        for (final String[] same : rows) {
            for (int i = 2; i < same.length; i++) {
                assertEquals(company(same[i], same[0]), company(same[1], same[0]), same[1] + " and " + same[i] + " in " + same[0]);
            }
        }
    }

    private String company(final String name, final String country) {
        return keys.normalise(KeyKind.COMPANY, name, country);
    }

    @Test
    void companiesStreetsAndWebsitesLoseTheirNoise() {
        assertEquals("acme widgets", keys.normalise(Role.COMPANY, "ACME Widgets, Inc."));
        assertEquals("12 main street", keys.normalise(Role.STREET, "12 Main St."));
        assertEquals("acme.com", keys.normalise(Role.WEBSITE, "https://www.acme.com/about"));
        assertEquals("SW1A1AA", keys.normalise(Role.POSTAL_CODE, "sw1a 1aa"));
    }

    /**
     * A website's internationalised host is one key in its ASCII form and in its letters, as CleanCRMRecord writes it
     * (they were two keys, so an uncleaned HubSpot domain xn--bcher-kva.de never met a cleaned Website https://bücher.de);
     * an xn-- label that encodes nothing keeps its own key.
     */
    @Test
    void websitesOfAnInternationalisedHostHaveOneKeyInEitherForm() {
        assertEquals("bücher.de", keys.normalise(Role.WEBSITE, "https://www.xn--bcher-kva.de/shop"));
        assertEquals("bücher.de", keys.normalise(Role.WEBSITE, "XN--BCHER-KVA.DE"));
        assertEquals("bücher.de", keys.normalise(Role.WEBSITE, "http://WWW.BÜCHER.DE:8080/"));
        assertEquals("shop.bücher.рф", keys.normalise(Role.WEBSITE, "shop.xn--bcher-kva.xn--p1ai."));
        assertEquals("xn--bcher-kv.de", keys.normalise(Role.WEBSITE, "https://xn--bcher-kv.de"));
        assertEquals(keys.normalise(Role.WEBSITE, new WebsiteRule().clean("https://www.xn--bcher-kva.de", "DE").getValue()),
                keys.normalise(Role.WEBSITE, "xn--bcher-kva.de"), "the key of the cleaned value and of the raw one agree");
    }

    @Test
    void fillerPhonesAreToldFromNumbers() {
        for (final String filler : new String[] {"0000000000", "+15555555555", "1234567890", "+11234567890", "+4477777777777", "0123456789"}) {
            assertTrue(ComparisonKeys.isDummyPhone(filler), filler);
        }
        for (final String number : new String[] {"+14155550132", "+442079460000", "1111", "+1234", "5555555551"}) {
            assertFalse(ComparisonKeys.isDummyPhone(number), number);
        }
    }
}
