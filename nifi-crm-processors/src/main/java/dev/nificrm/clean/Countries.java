package dev.nificrm.clean;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;

/**
 * Resolves a country written in any usual way to its ISO 3166-1 alpha-2 code, from the JDK's own locale data:
 * every code of {@link Locale#getISOCountries()}, its alpha-3 code, its name in English and in the languages CRM
 * exports from Europe and the Americas most often use (German, French, Spanish, Italian, Dutch, Portuguese, Swedish,
 * Danish, Norwegian, Polish), plus a short list of common variants the JDK does not know ({@code USA},
 * {@code U.S.A.}, {@code UK}, {@code Great Britain}, {@code England}, {@code Holland}, {@code South Korea}, {@code KSA},
 * {@code RSA}, {@code Slovak Republic}...) and the ISO 3166-1 short names CRM country picklists use
 * ({@code Korea, Democratic People's Republic of}, {@code Virgin Islands, British}). Kosovo, which ISO 3166-1 has no code
 * for, resolves to {@code XK}, the code the EU, libphonenumber and CRM picklists use. A leading or trailing "the" is
 * ignored, as is one inside it ({@code The Bahamas}, {@code Gambia (the)}, {@code Saint Vincent and the Grenadines},
 * {@code Korea (the Republic of)}), and a name followed by another name of the same country in brackets is that country
 * ({@code Slovakia (Slovak Republic)}), as is one followed by what Faker's list says of it ({@code Antarctica (the territory
 * South of 60 deg S)}, {@code British Indian Ocean Territory (Chagos Archipelago)}). {@code Congo} alone names two countries and resolves to neither.
 * {@code R.U.} and {@code R.-U.}, with their full stops, are the United Kingdom in the Romance languages read (Reino Unido,
 * Regno Unito, Royaume-Uni); {@code RU} is Russia's code.
 * <p>
 * Names are compared after removing accents, case and everything but letters, the letters no accent comes off written
 * as ASCII ({@code ß} ss, {@code ł} l, {@code ø} o, {@code æ} ae), so {@code "Côte d’Ivoire"},
 * {@code "cote divoire"} and {@code "COTE D'IVOIRE"} are the same, with {@code &} read as {@code and} and
 * {@code St.} as {@code Saint}. England, Scotland, Wales and Northern Ireland resolve to {@code GB}, the only ISO code
 * they have.
 * <pre>
 * Countries.resolve("United States of America") → Optional[US]
 * Countries.resolve("Deutschland")              → Optional[DE]
 * Countries.resolve("GBR")                      → Optional[GB]
 * </pre>
 */
public final class Countries {
    private static final List<Locale> NAME_LOCALES = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.of("es"), Locale.ITALIAN,
            Locale.of("nl"), Locale.of("pt"), Locale.of("sv"), Locale.of("da"), Locale.of("nb"), Locale.of("pl"));

    private static final String THE = "the";
    /** Words country picklists abbreviate (Czech Rep., Cayman Is., Russian Fed.), read only before their full stop. */
    private static final Map<String, String> ABBREVIATIONS = Map.of("rep", "republic", "is", "islands", "fed", "federation", "dem", "democratic");
    /** Kosovo has no ISO 3166-1 code; XK is the one the EU, SWIFT, libphonenumber and CRM picklists use. */
    private static final String KOSOVO = "XK";
    private static final Map<String, String> LOOKUP = build();
    /**
     * Abbreviations written with a full stop between their letters that name another country than the ISO code of their
     * letters: R.U. is the United Kingdom in Spanish, Portuguese and Italian (Reino Unido, Regno Unito) and R.-U. in French
     * (Royaume-Uni), while RU, the code, is Russia.
     */
    private static final Map<String, String> DOTTED_ABBREVIATIONS = Map.of("ru", "GB");
    /**
     * What a bracket after a country's name says of it that names no country alone, as Faker's country list writes
     * two of them: {@code Antarctica (the territory South of 60 deg S)}, the Antarctic Treaty's area, and
     * {@code British Indian Ocean Territory (Chagos Archipelago)}. Read only after that name: the Chagos Archipelago alone is
     * claimed by Mauritius too, and a latitude is no country.
     */
    private static final Map<String, String> BRACKET_DESCRIPTIONS = Map.of("territorysouthofdegs", "AQ", "chagosarchipelago", "IO");
    /** ISO 3166-1 numeric codes, three digits with their leading zeros ({@code 036}), to alpha-2; from the bundled table. */
    private static final Map<String, String> NUMERIC = loadNumericCodes();
    private static final int NUMERIC_CODE_DIGITS = 3;

    private static final String NO_LONGER_EXISTS = "a country that no longer exists: ";
    /**
     * Why a text that names no country of today is none, where it names a former country (ISO 3166-3: the names and its
     * codes) or two of today's: the countries it is now, for the operator to choose from. Keyed by {@link #key}.
     */
    private static final Map<String, String> NOT_ONE_COUNTRY_TODAY = notOneCountryToday();

    private Countries() {
    }

    /**
     * Why the text names no one country of today, where it names a former one ({@code Netherlands Antilles}: "a country
     * that no longer exists: ... dissolved in 2010 into CW, SX and BQ") or two ({@code Congo}: CG or CD); null otherwise.
     * Only for a text {@link #resolve} does not read.
     */
    public static String notOneCountryToday(final String text) {
        return text == null ? null : NOT_ONE_COUNTRY_TODAY.get(key(text));
    }

    private static Map<String, String> notOneCountryToday() {
        final Map<String, String> reasons = new HashMap<>();
        final String antilles = NO_LONGER_EXISTS + "the Netherlands Antilles were dissolved in 2010 into CW, SX and BQ";
        final String czechoslovakia = NO_LONGER_EXISTS + "Czechoslovakia was dissolved in 1993 into CZ and SK";
        final String sovietUnion = NO_LONGER_EXISTS + "the Soviet Union was dissolved in 1991 into 15 countries (RU, UA, BY, KZ...)";
        final String yugoslavia = NO_LONGER_EXISTS + "Yugoslavia was dissolved into SI, HR, BA, MK, RS, ME and XK";
        final String serbiaAndMontenegro = NO_LONGER_EXISTS + "Serbia and Montenegro was dissolved in 2006 into RS and ME";
        final String eastGermany = NO_LONGER_EXISTS + "East Germany joined DE in 1990";
        final String congo = "Congo names two countries: CG (the Republic of the Congo) or CD (the Democratic Republic of the Congo)";
        final String virginIslands = "Virgin Islands names two territories: VG (British) or VI (United States)";
        for (final String[] names : new String[][]{
                {antilles, "Netherlands Antilles", "Niederländische Antillen", "Antilles néerlandaises", "Antillas Neerlandesas", "Antille Olandesi",
                        "Nederlandse Antillen", "AN", "ANT"},
                {czechoslovakia, "Czechoslovakia", "Tschechoslowakei", "Tchécoslovaquie", "Checoslovaquia", "Cecoslovacchia", "CSK"},
                {sovietUnion, "Soviet Union", "USSR", "Union of Soviet Socialist Republics", "Sowjetunion", "UdSSR", "URSS", "Union soviétique",
                        "Unión Soviética", "Unione Sovietica", "SU", "SUN"},
                {yugoslavia, "Yugoslavia", "Jugoslawien", "Yougoslavie", "Jugoslavia", "YU", "YUG"},
                {serbiaAndMontenegro, "Serbia and Montenegro", "Serbien und Montenegro", "Serbie-et-Monténégro", "Serbia y Montenegro", "SCG"},
                {eastGermany, "East Germany", "German Democratic Republic", "GDR", "DDR", "Deutsche Demokratische Republik", "DD"},
                {congo, "Congo", "Kongo"},
                {virginIslands, "Virgin Islands"}}) {
            for (int i = 1; i < names.length; i++) {
                reasons.put(key(names[i]), names[0]);
            }
        }
        return Map.copyOf(reasons);
    }

    /** The ISO 3166-1 alpha-2 code (upper case) of the country the text names, if it is known. */
    public static Optional<String> resolve(final String text) {
        if (text == null) {
            return Optional.empty();
        }
        final String key = key(text);
        if (key.length() <= 3 && hasFullStopBetweenLetters(text)) {
            final String dotted = DOTTED_ABBREVIATIONS.get(key);
            if (dotted != null) {
                return Optional.of(dotted);
            }
        }
        final String code = LOOKUP.get(key);
        return code != null ? Optional.of(code) : resolveWithAlias(text);
    }

    /**
     * A name followed by another name of the same country in brackets, as picklists write a country during a rename or
     * beside its own language's name ({@code Slovakia (Slovak Republic)}, {@code Bouvet Island (Bouvetøya)},
     * {@code Czechia (Czech Republic)}), or by what the bracket says of it ({@link #BRACKET_DESCRIPTIONS}): that country
     * when both resolve to it, nothing when either names none or they differ ({@code Georgia (US state)} is not Georgia).
     */
    private static Optional<String> resolveWithAlias(final String text) {
        final int open = text.indexOf('(');
        final int close = text.lastIndexOf(')');
        if (open <= 0 || close < open || !text.substring(close + 1).isBlank()) {
            return Optional.empty();
        }
        final String name = LOOKUP.get(key(text.substring(0, open)));
        if (name == null) {
            return Optional.empty();
        }
        final String bracket = key(text.substring(open + 1, close));
        return name.equals(LOOKUP.get(bracket)) || name.equals(BRACKET_DESCRIPTIONS.get(bracket)) ? Optional.of(name) : Optional.empty();
    }

    /** Whether a full stop stands after the first letter and before the last ({@code R.U.}, {@code R.-U}; not {@code RU.}). */
    private static boolean hasFullStopBetweenLetters(final String text) {
        boolean letter = false;
        boolean fullStop = false;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isLetter(c)) {
                if (fullStop) {
                    return true;
                }
                letter = true;
            } else if (c == '.' && letter) {
                fullStop = true;
            }
        }
        return false;
    }

    /**
     * The ISO 3166-1 alpha-2 code of an ISO 3166-1 numeric code, written with its three digits ({@code 276} → DE,
     * {@code 840} → US, {@code 036} → AU); empty for other text, also for a number of other length ({@code 36}: a code
     * without its leading zero may be anything). Read from {@code iso3166-numeric.csv}, the 249 codes of ISO 3166-1.
     */
    public static Optional<String> resolveNumeric(final String text) {
        if (text == null || text.length() != NUMERIC_CODE_DIGITS) {
            return Optional.empty();
        }
        return Optional.ofNullable(NUMERIC.get(text));
    }

    /**
     * Lower-case ASCII letters only, accents removed, {@code &} → {@code and}, {@code st} → {@code saint}, the word
     * {@code the} left out wherever it stands ({@code The Bahamas}, {@code Gambia (the)}, {@code Saint Vincent and the
     * Grenadines}, {@code Korea (the Republic of)}: no country's name needs it, and names are written with and without it),
     * and the abbreviations of country picklists followed by their full stop written out ({@code Rep.} → {@code republic},
     * {@code Is.} → {@code islands}, {@code Fed.} → {@code federation}, {@code Dem.} → {@code democratic}).
     */
    static String key(final String text) {
        final String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        final StringBuilder builder = new StringBuilder(decomposed.length());
        int wordStart = 0;
        for (int i = 0; i < decomposed.length(); i++) {
            final char c = decomposed.charAt(i);
            if (c == '&') {
                builder.append("and");
                wordStart = builder.length();
            } else if (Character.isLetter(c)) {
                appendFolded(builder, Character.toLowerCase(c));
            } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
                if (isThe(builder, wordStart)) {
                    builder.setLength(wordStart);
                } else if (builder.length() - wordStart == 2 && builder.charAt(wordStart) == 's' && builder.charAt(wordStart + 1) == 't') {
                    builder.setLength(wordStart);
                    builder.append("saint");
                } else if (c == '.' && builder.length() > wordStart) {
                    final String word = ABBREVIATIONS.get(builder.substring(wordStart));
                    if (word != null) {
                        builder.setLength(wordStart);
                        builder.append(word);
                    }
                }
                wordStart = builder.length();
            }
        }
        if (isThe(builder, wordStart)) {
            builder.setLength(wordStart);
        }
        return builder.toString();
    }

    /** Whether the word from {@code wordStart} to the builder's end is "the". */
    private static boolean isThe(final StringBuilder builder, final int wordStart) {
        return builder.length() - wordStart == THE.length() && builder.indexOf(THE, wordStart) == wordStart;
    }

    /**
     * A lower-case letter as the ASCII letters it is written with where it is not at hand: the letters no accent is taken
     * off by decomposition ({@code Großbritannien} is {@code Grossbritannien}, as the Swiss write it; {@code Północna} is
     * {@code Polnocna}; {@code Færøerne} is {@code Faeroerne}).
     */
    private static void appendFolded(final StringBuilder builder, final char c) {
        switch (c) {
            case '\u00DF' -> builder.append("ss");
            case '\u0142' -> builder.append('l');
            case '\u00F8' -> builder.append('o');
            case '\u00E6' -> builder.append("ae");
            case '\u0153' -> builder.append("oe");
            case '\u0111' -> builder.append('d');
            default -> builder.append(c);
        }
    }

    private static Map<String, String> build() {
        final Map<String, String> lookup = new HashMap<>();
        final String[] codes = Locale.getISOCountries();
        for (final String code : codes) {
            lookup.put(TextRule.lower(code), code);
            final Locale country = Locale.of("", code);
            try {
                final String alpha3 = country.getISO3Country();
                if (!alpha3.isEmpty()) {
                    lookup.putIfAbsent(TextRule.lower(alpha3), code);
                }
            } catch (final MissingResourceException e) {
                // A few codes have no alpha-3 in the JDK; their names still resolve.
            }
        }
        lookup.put(TextRule.lower(KOSOVO), KOSOVO);
        for (final Locale language : NAME_LOCALES) {
            for (final String code : codes) {
                addName(lookup, Locale.of("", code).getDisplayCountry(language), code);
            }
            addName(lookup, Locale.of("", KOSOVO).getDisplayCountry(language), KOSOVO);
        }
        variants(lookup, "US", "usa", "us", "unitedstatesofamerica", "unitedstatesamerica", "america", "unitedstates", "estadosunidos",
                "vereinigtestaaten", "etatsunis", "eeuu", "estadosunidosdeamerica", "vereinigtestaatenvonamerika", "etatsunisdamerique",
                "statiunitidamerica", "verenigdestatenvanamerika");
        variants(lookup, "DE", "brd", "bundesrepublikdeutschland");
        variants(lookup, "CN", "volksrepublikchina", "republiquepopulairedechine", "peoplesrepublicofchina");
        variants(lookup, "GB", "uk", "unitedkingdom", "greatbritain", "britain", "england", "scotland", "wales", "northernireland",
                "unitedkingdomofgreatbritainandnorthernireland");
        variants(lookup, "NL", "holland", "thenetherlands", "netherlands");
        variants(lookup, "KR", "southkorea", "korea", "republicofkorea", "korearepublicof", "korearepublic");
        variants(lookup, "KP", "northkorea", "democraticpeoplesrepublicofkorea");
        variants(lookup, "RU", "russia", "russianfederation");
        variants(lookup, "CZ", "czechrepublic", "czechia");
        variants(lookup, "CI", "ivorycoast", "elfenbeinkuste");
        variants(lookup, "AE", "uae", "emirates");
        variants(lookup, "TR", "turkey", "turkiye");
        variants(lookup, "MK", "macedonia", "northmacedonia");
        variants(lookup, "MM", "burma", "myanmar");
        variants(lookup, "SZ", "swaziland", "eswatini");
        variants(lookup, "CV", "capeverde", "caboverde");
        variants(lookup, "CD", "drc", "drcongo", "democraticrepublicofcongo", "congokinshasa");
        variants(lookup, "CG", "republicofcongo", "congobrazzaville");
        variants(lookup, "VN", "vietnam");
        variants(lookup, "LA", "laos");
        variants(lookup, "SY", "syria");
        variants(lookup, "IR", "iran");
        variants(lookup, "BO", "bolivia");
        variants(lookup, "VE", "venezuela");
        variants(lookup, "TZ", "tanzania");
        variants(lookup, "MD", "moldova");
        variants(lookup, "TW", "taiwan");
        variants(lookup, "HK", "hongkong");
        variants(lookup, "MO", "macau", "macao");
        variants(lookup, "PS", "palestine");
        variants(lookup, "VA", "vatican", "vaticancity", "holysee");
        variants(lookup, "BN", "brunei");
        variants(lookup, "CN", "china", "prc", "peoplesrepublicofchina", "mainlandchina");
        variants(lookup, "IE", "eire", "republicofireland");
        variants(lookup, "DE", "germany", "deutschland", "westgermany");
        variants(lookup, "CH", "switzerland", "schweiz", "suisse", "svizzera");
        // abbreviations and official or World Bank names CRM users type
        variants(lookup, KOSOVO, "kosovo", "republicofkosovo", "xkx");
        variants(lookup, "SA", "ksa", "kingdomofsaudiarabia");
        variants(lookup, "ZA", "rsa", "republicofsouthafrica");
        variants(lookup, "BN", "bruneidarussalam");
        variants(lookup, "SK", "slovakrepublic");
        variants(lookup, "KG", "kyrgyzrepublic");
        variants(lookup, "BA", "bosnia");
        variants(lookup, "KR", "koreasouth");
        variants(lookup, "KP", "koreanorth");
        variants(lookup, "LA", "laopdr");
        otherLanguageVariants(lookup);
        isoShortNames(lookup);
        // two countries each: a value naming one of them cannot say which, so it resolves to neither
        lookup.remove("congo");
        lookup.remove("kongo");
        return Map.copyOf(lookup);
    }

    /**
     * The variants above in the other languages read, which the JDK does not have: Great Britain, England, Scotland, Wales,
     * Northern Ireland, Holland, Russian Federation, Czech Republic, Burma, DRC, UAE, Vatican, Swaziland, Bosnia and
     * Macedonia in German, French, Spanish, Italian, Dutch, Portuguese, Swedish, Danish, Norwegian and Polish, with their
     * usual abbreviations (EUA, EAU, VAE, RFA, RDC, RPA).
     */
    private static void otherLanguageVariants(final Map<String, String> lookup) {
        variants(lookup, "GB", "grossbritannien", "grandebretagne", "granbretana", "granbretagna", "grabretanha", "grootbrittannie",
                "inglaterra", "inghilterra", "angleterre", "engeland", "anglia", "escocia", "ecosse", "scozia", "schottland", "schotland",
                "szkocja", "skottland", "skotland", "gales", "paisdegales", "paysdegalles", "galles", "walia", "irlandadelnorte",
                "irlandadonorte", "irlandedunord", "irlandadelnord", "nordirland", "noordierland", "irlandiapolnocna");
        variants(lookup, "US", "eua", "estadosunidosdaamerica", "forentastaterna", "amerikasforentastater", "stanyzjednoczoneameryki",
                "amerika", "amerique");
        variants(lookup, "RU", "russischefoderation", "federacionrusa", "federationderussie", "federazionerussa", "federacaorussa",
                "russischefederatie", "federacjarosyjska", "ryskafederationen");
        variants(lookup, "NL", "holanda", "olanda", "hollande");
        variants(lookup, "CZ", "tschechischerepublik", "republiquetcheque", "republicacheca", "republicatcheca", "repubblicaceca",
                "tsjechischerepubliek", "republikaczeska", "tjeckiskarepubliken", "tschechei");
        variants(lookup, "MM", "birmanie", "birmania", "birma");
        variants(lookup, "CD", "rdc", "rdcongo", "rddelcongo", "drkongo", "republiquedemocratiqueducongo", "republicademocraticadocongo",
                "repubblicademocraticadelcongo", "demokratischerepublikkongo", "democratischerepubliekcongo", "demokratiskarepublikenkongo");
        variants(lookup, "AE", "eau", "vae", "forenedearabiskeemirater");
        variants(lookup, "CI", "costademarfil", "wybrzezekoscisloniowej");
        variants(lookup, "VA", "vaticano", "vatikan", "citeduvatican");
        variants(lookup, "DE", "rfa");
        variants(lookup, "KR", "corea", "coree", "coreia");
        variants(lookup, "ZA", "rpa");
        variants(lookup, "BA", "bosnien", "bosnie");
        variants(lookup, "MK", "mazedonien", "macedoine", "macedonie", "makedonien");
        variants(lookup, "SZ", "suazilandia", "swasiland");
        variants(lookup, KOSOVO, "kosova");
    }

    /**
     * The ISO 3166-1 short names the JDK writes otherwise, inverted ("Korea, Democratic People's Republic of") or
     * qualified ("Saint Martin (French part)"): the names of country picklists built on ISO 3166, Salesforce's State and
     * Country/Territory Picklists among them.
     */
    private static void isoShortNames(final Map<String, String> lookup) {
        variants(lookup, "BO", "boliviaplurinationalstateof", "plurinationalstateofbolivia");
        variants(lookup, "BQ", "bonairesinteustatiusandsaba", "caribbeannetherlands");
        variants(lookup, "CD", "congodemocraticrepublicof");
        variants(lookup, "CG", "congorepublicof");
        variants(lookup, "FK", "falklandislandsmalvinas");
        variants(lookup, "VA", "holyseevaticancitystate");
        variants(lookup, "IR", "iranislamicrepublicof", "islamicrepublicofiran");
        variants(lookup, "KP", "koreademocraticpeoplesrepublicof");
        variants(lookup, "LA", "laopeoplesdemocraticrepublic");
        variants(lookup, "MK", "macedoniaformeryugoslavrepublicof", "formeryugoslavrepublicofmacedonia");
        variants(lookup, "FM", "micronesiafederatedstatesof", "federatedstatesofmicronesia");
        variants(lookup, "MD", "moldovarepublicof", "republicofmoldova");
        variants(lookup, "PS", "palestinestateof", "stateofpalestine", "palestinianterritoryoccupied", "occupiedpalestinianterritory",
                "palestinianterritory", "palestinianterritories");
        variants(lookup, "SH", "sainthelenaascensionandtristandacunha");
        variants(lookup, "MF", "saintmartinfrenchpart");
        variants(lookup, "SX", "sintmaartendutchpart");
        variants(lookup, "TW", "taiwanprovinceofchina");
        variants(lookup, "TZ", "tanzaniaunitedrepublicof", "unitedrepublicoftanzania");
        variants(lookup, "VE", "venezuelabolivarianrepublicof", "bolivarianrepublicofvenezuela");
        variants(lookup, "VG", "virginislandsbritish");
        variants(lookup, "VI", "virginislandsus");
        variants(lookup, "SY", "syrianarabrepublic");
        variants(lookup, "LY", "libyanarabjamahiriya");
        variants(lookup, "HM", "heardislandandmcdonaldislands");
        variants(lookup, "UM", "unitedstatesminoroutlyingislands");
        variants(lookup, "GS", "southgeorgiaandsouthsandwichislands");
        variants(lookup, "TL", "timorleste", "easttimor");
        // ISO 3166-1 since 2023 (the Netherlands), and the United Nations' M49 names, which statistics and some picklists use
        variants(lookup, "NL", "netherlandskingdomof", "kingdomofnetherlands");
        variants(lookup, "VI", "unitedstatesvirginislands");
        variants(lookup, "SJ", "svalbardandjanmayenislands");
        variants(lookup, "WF", "wallisandfutunaislands");
        variants(lookup, "HK", "chinahongkongspecialadministrativeregion");
        variants(lookup, "MO", "chinamacaospecialadministrativeregion");
    }

    private static Map<String, String> loadNumericCodes() {
        final Map<String, String> codes = new HashMap<>();
        final CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get();
        try (InputStream in = Countries.class.getResourceAsStream("iso3166-numeric.csv");
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (final CSVRecord row : format.parse(reader)) {
                codes.put(row.get("numeric"), row.get("alpha2"));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("The bundled ISO 3166-1 numeric codes cannot be read", e);
        }
        return Map.copyOf(codes);
    }

    private static void addName(final Map<String, String> lookup, final String displayName, final String code) {
        if (displayName == null || displayName.isEmpty() || displayName.equalsIgnoreCase(code)) {
            return;
        }
        lookup.putIfAbsent(key(displayName), code);
        // CLDR writes qualified names like "Myanmar (Burma)", "Congo - Kinshasa" and "Hong Kong SAR China":
        // the first part alone names the country too, unless it is ambiguous (two Congos).
        final int parenthesis = displayName.indexOf(" (");
        if (parenthesis > 0) {
            lookup.putIfAbsent(key(displayName.substring(0, parenthesis)), code);
        }
    }

    private static void variants(final Map<String, String> lookup, final String code, final String... keys) {
        for (final String variant : keys) {
            lookup.put(variant, code);
        }
    }
}
