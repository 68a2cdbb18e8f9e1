package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class CountryRuleTest {
    private final CountryRule rule = new CountryRule();

    @ParameterizedTest
    @CsvSource({
            "US, US", "us, US", "USA, US", "U.S.A., US", "United States, US", "United States of America, US", "america, US",
            "UK, GB", "United Kingdom, GB", "Great Britain, GB", "England, GB", "GBR, GB",
            "Deutschland, DE", "Germany, DE", "DEU, DE", "Allemagne, DE",
            "Holland, NL", "The Netherlands, NL", "Nederland, NL",
            "Côte d’Ivoire, CI", "COTE D'IVOIRE, CI", "Ivory Coast, CI",
            "España, ES", "Espana, ES", "Österreich, AT", "Schweiz, CH", "Suisse, CH",
            "South Korea, KR", "Russia, RU", "Czech Republic, CZ", "Türkiye, TR", "Turkey, TR",
            "Bosnia & Herzegovina, BA", "Bosnia and Herzegovina, BA", "St. Lucia, LC", "Saint Lucia, LC",
            "Myanmar, MM", "Burma, MM", "Hong Kong, HK", "Australia, AU", "Canada, CA", "CAN, CA"
    })
    void resolvesToAlpha2(final String input, final String expected) {
        assertEquals(expected, rule.clean(input, "US").getValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Bolivia, Plurinational State of| BO", "Bonaire, Sint Eustatius and Saba| BQ", "Congo, the Democratic Republic of the| CD",
            "Falkland Islands (Malvinas)| FK", "Holy See (Vatican City State)| VA", "Iran, Islamic Republic of| IR",
            "Korea, Democratic People's Republic of| KP", "Korea, Republic of| KR", "Lao People's Democratic Republic| LA",
            "Macedonia, the former Yugoslav Republic of| MK", "Micronesia, Federated States of| FM", "Moldova, Republic of| MD",
            "Palestine, State of| PS", "Saint Helena, Ascension and Tristan da Cunha| SH", "Saint Martin (French part)| MF",
            "Sint Maarten (Dutch part)| SX", "Taiwan, Province of China| TW", "Tanzania, United Republic of| TZ",
            "Venezuela, Bolivarian Republic of| VE", "Virgin Islands, British| VG", "Virgin Islands, U.S.| VI", "Syrian Arab Republic| SY",
            "Heard Island and McDonald Islands| HM", "United States Minor Outlying Islands| UM",
            "South Georgia and the South Sandwich Islands| GS", "Timor-Leste| TL", "East Timor| TL"
    })
    void resolvesTheIso3166NamesOfCrmCountryPicklists(final String input, final String expected) {
        assertEquals(expected, rule.clean(input, "US").getValue());
    }

    /**
     * ISO 3166-1's short names as written since its articles moved inside (Korea (the Republic of), Tanzania, the United
     * Republic of, Netherlands (Kingdom of the)), a "the" inside a name (Saint Vincent and the Grenadines, which the JDK
     * writes St. Vincent &amp; Grenadines), the United Nations' M49 names (United States Virgin Islands, Svalbard and Jan
     * Mayen Islands), and a name followed by another of the same country in brackets: each was 'unknown country'.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Saint Vincent and the Grenadines| VC", "St. Vincent & the Grenadines| VC", "Korea (the Republic of)| KR",
            "Korea (the Democratic People's Republic of)| KP", "Moldova (the Republic of)| MD", "Tanzania, the United Republic of| TZ",
            "Netherlands (Kingdom of the)| NL", "Kingdom of the Netherlands| NL", "Falkland Islands (the) [Malvinas]| FK",
            "Congo (the Democratic Republic of the)| CD", "United States Virgin Islands| VI", "Svalbard and Jan Mayen Islands| SJ",
            "Wallis and Futuna Islands| WF", "China, Hong Kong Special Administrative Region| HK",
            "China, Macao Special Administrative Region| MO", "Slovakia (Slovak Republic)| SK", "Bouvet Island (Bouvetøya)| BV",
            "Czechia (Czech Republic)| CZ", "Eswatini (Swaziland)| SZ", "Türkiye (Turkey)| TR"
    })
    void resolvesIsoAndUnitedNationsNamesWithTheirArticlesAndANameWithItsAliasInBrackets(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals(expected, result.getValue(), () -> input + ": " + result.getReason());
    }

    /**
     * Faker's two country forms whose bracket names no country alone (the Datablist samples are Faker data): the name and
     * what the bracket says of it; the bracket alone, or after another country's name, names none.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Antarctica (the territory South of 60 deg S)| AQ", "British Indian Ocean Territory (Chagos Archipelago)| IO",
            "ANTARCTICA (THE TERRITORY SOUTH OF 60 DEG S)| AQ", "British Indian Ocean Territory (the Chagos Archipelago)| IO"})
    void resolvesFakersCountriesWithADescriptionInBrackets(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals(expected, result.getValue(), () -> input + ": " + result.getReason());
    }

    /** A name in brackets that names another country, or none, leaves the value unknown: Georgia (US state) is no Georgia. */
    @ParameterizedTest
    @ValueSource(strings = {"Georgia (US state)", "Slovakia (Slovenia)", "Niger (Nigeria)", "Slovakia (Slovak Republic) x",
            "the", "The the", "Chagos Archipelago", "the territory South of 60 deg S",
            "Mauritius (Chagos Archipelago)", "Antarctica (Chagos Archipelago)", "Norway (the territory South of 60 deg S)"})
    void rejectsANameWithAnAliasOfAnotherCountry(final String input) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals("unknown country", result.getReason(), () -> input + " read as " + result.getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Atlantis", "XX", "Moon base", "Narnia", "Soviet", "Antilles", "Germany East"})
    void rejectsUnknownCountries(final String input) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals("unknown country", result.getReason());
    }

    /**
     * A former country (ISO 3166-3: Faker's Netherlands Antilles, in Datablist's organizations-100) and a name of two of
     * today's are no country either, and the reason names the countries of today to choose from, where "unknown country"
     * sent the operator to look it up.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Netherlands Antilles| a country that no longer exists: the Netherlands Antilles were dissolved in 2010 into CW, SX and BQ",
            "ANT| a country that no longer exists: the Netherlands Antilles were dissolved in 2010 into CW, SX and BQ",
            "Czechoslovakia| a country that no longer exists: Czechoslovakia was dissolved in 1993 into CZ and SK",
            "U.S.S.R.| a country that no longer exists: the Soviet Union was dissolved in 1991 into 15 countries (RU, UA, BY, KZ...)",
            "Sowjetunion| a country that no longer exists: the Soviet Union was dissolved in 1991 into 15 countries (RU, UA, BY, KZ...)",
            "Yugoslavia| a country that no longer exists: Yugoslavia was dissolved into SI, HR, BA, MK, RS, ME and XK",
            "Serbia & Montenegro| a country that no longer exists: Serbia and Montenegro was dissolved in 2006 into RS and ME",
            "DDR| a country that no longer exists: East Germany joined DE in 1990",
            "Congo| Congo names two countries: CG (the Republic of the Congo) or CD (the Democratic Republic of the Congo)",
            "Kongo| Congo names two countries: CG (the Republic of the Congo) or CD (the Democratic Republic of the Congo)",
            "the Virgin Islands| Virgin Islands names two territories: VG (British) or VI (United States)"})
    void namesTheCountriesOfTodayForAFormerCountryOrANameOfTwo(final String input, final String reason) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

    @ParameterizedTest
    @CsvSource({
            "Kosovo, XK", "XK, XK", "Republic of Kosovo, XK", "KSA, SA", "Kingdom of Saudi Arabia, SA", "RSA, ZA",
            "Republic of South Africa, ZA", "UAE, AE", "U.A.E., AE", "The Bahamas, BS", "The Gambia, GM", "Brunei Darussalam, BN",
            "Slovak Republic, SK", "Kyrgyz Republic, KG", "Bosnia, BA", "'Korea, South', KR", "'Korea, North', KP", "Viet Nam, VN",
            "Lao PDR, LA"
    })
    void resolvesCommonCrmAliases(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals(expected, result.getValue(), () -> input + ": " + result.getReason());
    }

    /**
     * The formal and abbreviated names CRM users write in the languages whose names the rule reads, which the JDK's locale
     * data does not have: the Spanish EE. UU., the full names of the United States, Germany and China, German for Ivory
     * Coast.
     */
    @ParameterizedTest
    @CsvSource({
            "EE.UU., US", "EE. UU., US", "EEUU, US", "Estados Unidos de América, US", "Vereinigte Staaten von Amerika, US",
            "États-Unis d'Amérique, US", "Stati Uniti d'America, US", "Verenigde Staten van Amerika, US", "BRD, DE",
            "Bundesrepublik Deutschland, DE", "Volksrepublik China, CN", "République populaire de Chine, CN",
            "People's Republic of China, CN", "Elfenbeinküste, CI"
    })
    void resolvesFormalAndAbbreviatedNamesInTheLanguagesItReads(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals(expected, result.getValue(), () -> input + ": " + result.getReason());
    }

    /**
     * The variants the page lists in English (Great Britain, England, Scotland, Wales, Northern Ireland, Holland, Russian
     * Federation, Czech Republic, Burma, DRC, UAE, Vatican, Swaziland, Bosnia, Macedonia) written in the other languages the
     * rule reads, with their usual abbreviations (EUA, EAU, VAE, RFA, RDC, RPA): each was 'unknown country', while the
     * English one resolved. Names the JDK has in those languages (Reino Unido, Niederlande, Südkorea) resolved already.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GB | Großbritannien, Grande-Bretagne, Gran Bretaña, Gran Bretagna, Grã-Bretanha, Groot-Brittannië, Inglaterra, Inghilterra, "
                    + "Angleterre, Engeland, Anglia, Escocia, Escócia, Écosse, Scozia, Schottland, Schotland, Szkocja, Skottland, Skotland, "
                    + "Gales, País de Gales, Pays de Galles, Galles, Walia, Irlanda del Norte, Irlanda do Norte, Irlande du Nord, "
                    + "Irlanda del Nord, Nordirland, Noord-Ierland, Irlandia Północna",
            "US | EUA, E.U.A., Estados Unidos da América, Förenta staterna, Amerikas förenta stater, Stany Zjednoczone Ameryki, Amerika, Amérique",
            "RU | Russische Föderation, Federación Rusa, Fédération de Russie, Federazione Russa, Federação Russa, Russische Federatie, "
                    + "Federacja Rosyjska, Ryska federationen",
            "NL | Holanda, Olanda, Hollande",
            "CZ | Tschechische Republik, République tchèque, República Checa, República Tcheca, Repubblica Ceca, Tsjechische Republiek, "
                    + "Republika Czeska, Tjeckiska republiken, Tschechei",
            "MM | Birmanie, Birmania, Birmânia, Birma",
            "CD | RDC, R.D.C., RD Congo, R.D. Congo, RD del Congo, République démocratique du Congo, República Democrática do Congo, "
                    + "Repubblica Democratica del Congo, Demokratische Republik Kongo, Democratische Republiek Congo, "
                    + "Demokratiska republiken Kongo, DR Kongo",
            "AE | EAU, E.A.U., VAE, V.A.E., Forenede Arabiske Emirater",
            "CI | Costa de Marfil, Wybrzeże Kości Słoniowej",
            "VA | Vaticano, Vatikan, Cité du Vatican",
            "DE | RFA, R.F.A.",
            "KR | Corea, Corée, Coreia",
            "ZA | RPA",
            "BA | Bosnien, Bosnie, Bosnië",
            "MK | Mazedonien, Macédoine, Macedonië, Makedonien",
            "SZ | Suazilandia, Swasiland, Suazilândia",
            "XK | Kosova",
            // the letters no accent comes off, written as ASCII where they are not at hand
            "GB | Grossbritannien, Irlandia Polnocna", "CI | Wybrzeze Kosci Sloniowej", "FO | Færøerne, Faeroerne"
    })
    void resolvesTheEnglishVariantsInTheOtherLanguagesItReads(final String expected, final String names) {
        for (final String name : names.split(", ")) {
            final CleanResult result = rule.clean(name, "US");
            assertEquals(expected, result.getValue(), () -> name + ": " + result.getReason());
        }
    }

    /**
     * R.U., with its full stops, is the United Kingdom in the Spanish, Portuguese and Italian the rule reads (Reino Unido,
     * Regno Unito) and R.-U. in its French (Royaume-Uni); in none of its languages is it Russia, whose abbreviation is the
     * code RU, written without full stops. R.U. was read as RU.
     */
    @ParameterizedTest
    @CsvSource({"R.U., GB", "R. U., GB", "r.u., GB", "R.U, GB", "R.-U., GB", "R.-U, GB", "R. -U., GB", "RU, RU", "ru, RU", "Rus., RU",
            "Reino Unido, GB", "Regno Unito, GB", "Royaume-Uni, GB", "Rusia, RU", "Russie, RU"})
    void readsRUWithItsFullStopsAsTheUnitedKingdom(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals(expected, result.getValue(), () -> input + ": " + result.getReason());
    }

    @ParameterizedTest
    @CsvSource({"276, DE", "840, US", "036, AU", "004, AF", "826, GB", "250, FR", "124, CA", "756, CH", "392, JP", "090, SB"})
    void resolvesIso3166NumericCodesOfThreeDigits(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals(expected, result.getValue(), () -> input + ": " + result.getReason());
    }

    /**
     * A whole number written with a fraction of zeros is the text of a number (a JSON 276.0 a reader with a schema of
     * strings wrote as Java writes a double, a spreadsheet's number column with decimals): read as that number is when a
     * reader typed it, its leading zeros dropped.
     */
    @ParameterizedTest
    @CsvSource({"276.0, DE", "36.0, AU", "4.0, AF", "840.00, US", "036.0, AU"})
    void readsTheTextOfAWholeNumberAsTheNumberIs(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals(expected, result.getValue(), () -> input + ": " + result.getReason());
        // the same answer as the double a reader typed
        assertEquals(expected, rule.clean(CountryRule.numericCode(Double.valueOf(input)), "US").getValue());
    }

    @Test
    void knowsTheNumericCodeOfEveryCountryTheJdkKnows() {
        final Set<String> resolved = new TreeSet<>();
        for (int number = 0; number < 1000; number++) {
            Countries.resolveNumeric(String.format(Locale.ROOT, "%03d", number)).ifPresent(resolved::add);
        }
        assertEquals(new TreeSet<>(Set.of(Locale.getISOCountries())), resolved);
    }

    @Test
    void readsAWholeNumberOfOneToThreeDigitsAsANumericCodeWithItsLeadingZeros() {
        assertEquals("036", CountryRule.numericCode(36));
        assertEquals("276", CountryRule.numericCode(276L));
        assertEquals("004", CountryRule.numericCode((short) 4));
        assertEquals("036", CountryRule.numericCode(36.0));
        assertEquals("840", CountryRule.numericCode(java.math.BigInteger.valueOf(840)));
        assertEquals("840", CountryRule.numericCode(new java.math.BigDecimal("840.00")));
        assertEquals("AU", rule.clean(CountryRule.numericCode(36), "US").getValue());
        assertNull(CountryRule.numericCode(36.5));
        assertNull(CountryRule.numericCode(-36));
        assertNull(CountryRule.numericCode(1000));
        assertNull(CountryRule.numericCode(999));
        assertNull(CountryRule.numericCode(12345L));
        assertNull(CountryRule.numericCode(Double.NaN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "0", "36", "999", "0276", "27 6", "36.5", "999.0", "12345.0", "-276.0", "276.5", "2760.0"})
    void rejectsANumberWhereACountryIsExpected(final String input) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals("holds a number where one country value is expected", result.getReason());
    }

    @ParameterizedTest
    @CsvSource({
            "Czech Rep., CZ", "Dominican Rep., DO", "Rep. of Korea, KR", "Central African Rep., CF", "Cayman Is., KY",
            "Turks and Caicos Is., TC", "Russian Fed., RU", "Dem. Rep. of the Congo, CD"
    })
    void resolvesNamesWithAbbreviatedWords(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertEquals(expected, result.getValue(), () -> input + ": " + result.getReason());
    }
}
