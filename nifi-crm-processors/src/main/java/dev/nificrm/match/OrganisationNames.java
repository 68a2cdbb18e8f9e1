package dev.nificrm.match;

import dev.nificrm.clean.CountryRule;
import dev.nificrm.roles.HtmlEntities;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The comparison key of an organisation name: what is left when the ways of writing one company apart are taken out.
 * Case, accents and punctuation go ({@code ß} is written {@code ss}, {@code ø} {@code o}, {@code æ} {@code ae}); dotted and spaced initialisms become one word
 * ({@code N.V.}, {@code N V} → {@code nv}), with a dot between their letters where joined they would spell a word names are
 * written with ({@code A. T. Systems}, {@code AT Systems} → {@code a.t systems}: {@link #INITIALS_SPELLING_A_WORD}); {@code &}, {@code +} and {@code and} in the other languages read ({@code und},
 * {@code et}, {@code y}, {@code e}, {@code en}, {@code och}, {@code og}) between two words are written {@code and}; legal forms of many countries are dropped wherever
 * they stand ({@code Inc}, {@code LLC}, {@code Ltd}, {@code GmbH}, {@code B.V.}, {@code S.A.}, {@code AG},
 * {@code Pty Ltd}, {@code S.r.l.}, {@code Oy}, {@code K.K.}...; {@code eG}, an initialism of names too, only at the end, the Russian
 * {@code AO}, {@code ZAO} and {@code PAO} at the end only in the countries that write them ({@code Casa do Pao} keeps its bread); first in
 * the name only a form no name starts with, {@code BV Bakkerij Jansen}, {@code GmbH Müller}, or one the record's country writes
 * there, {@code NV Bekaert} in Belgium, any other being the name's start, {@code P.C. Holding B.V.} → {@code pc holding},
 * {@code SA Water} in Australia → {@code sa water}; where either may be meant, {@code AB Volvo} without a country or
 * {@code Ltd Acme} anywhere, the key holds both readings, {@code ab volvo} and {@code volvo}, as a field of two values
 * does), as is a leading or trailing {@code the}, {@code and}
 * or {@code of}; common abbreviations are written out ({@code Intl} → {@code international}, {@code Mfg} →
 * {@code manufacturing}, {@code Bros} → {@code brothers}), and a saint is written {@code st} in every language
 * ({@code Sankt Georg Apotheke}, {@code Skt. Georg Apotheke} and {@code St.-Georg-Apotheke} → {@code st georg apotheke}). A name that is nothing but legal forms keeps its first ({@code P.C. B.V.} → {@code pc}). A qualifier
 * in parentheses (a site, a branch, a former name: {@code Acme (Hamburg)}) is keyed the same way and kept apart at
 * the end of the key, in parentheses, so that a comparator can tell the name from it.
 * <pre>
 * OrganisationNames.key("ACME Holding N.V.")   // "acme holding"
 * OrganisationNames.key("Acme Holding B.V.")   // "acme holding"
 * OrganisationNames.key("Smith &amp; Sons Intl, Inc.") // "smith and sons international"
 * OrganisationNames.key("AB Volvo", "SE")       // "volvo"
 * OrganisationNames.key("AB Volvo", null)       // "ab volvo" + Comparison.VALUE_SEPARATOR + "volvo"
 * </pre>
 */
final class OrganisationNames {
    /** Legal forms and company-type words, as single folded words (initialisms already joined). */
    static final Set<String> LEGAL_FORMS = Set.of(
            // English-speaking countries
            "inc", "incorporated", "corp", "corporation", "co", "cos", "company", "companies", "ltd", "limited", "llc", "llp", "lp", "plc",
            "pllc", "pc", "pty", "pte", "lllp", "ltee", "ulc",
            // German-speaking countries (with the sole trader's e.K., e.Kfm., e.Kfr., the UG's "haftungsbeschränkt", Austria's
            // Ges.m.b.H.), Netherlands, Belgium
            "gmbh", "mbh", "ggmbh", "gesmbh", "ag", "kg", "kgaa", "ohg", "ug", "haftungsbeschrankt", "haftungsbeschr", "ek", "ekfm",
            "ekfr", "eg", "partg", "partgmbb", "ev", "gbr", "se", "bv", "nv", "vof", "cv", "bvba", "sprl", "cvba", "vzw",
            // Romance-language countries
            "sa", "sas", "sasu", "sarl", "eurl", "sca", "snc", "spa", "srl", "srls", "sapa", "scarl", "sl", "slu", "sau", "sal", "sc",
            "lda", "ltda", "sacv", "sadecv", "cia", "scs",
            // Nordic countries
            "ab", "publ", "hb", "as", "asa", "aps", "amba", "oy", "oyj", "ky", "enk", "ehf", "hf",
            // Central and Eastern Europe
            "sro", "zrt", "kft", "nyrt", "doo", "dd", "ad", "ood", "eood", "ooo", "oao", "ao", "zao", "pao", "jsc", "ojsc", "pjsc",
            "spzoo", "zoo",
            // Russian written in Cyrillic (ООО, ОАО, АО, ЗАО, ПАО)
            "ооо", "оао", "ао", "зао", "пао",
            // Ukrainian, in Cyrillic and in Latin letters (ТОВ/TOV, ТзОВ/TzOV, ПрАТ/PrAT, ПАТ/PAT, АТ, ФОП/FOP, ПП): forms only in
            // Ukraine and where the country is unknown (UKRAINIAN_FORMS)
            "тов", "тзов", "прат", "пат", "ат", "фоп", "пп", "tov", "tzov", "prat", "pat", "fop",
            // Asia, Africa, Middle East
            "kk", "yk", "gk", "bhd", "sdn", "pvt", "tbk", "pt", "wll", "fzco", "fze", "fzllc", "sae", "saog",
            // written out in one word
            "aktiengesellschaft", "kommanditgesellschaft", "aktiebolag", "aktieselskab", "anpartsselskab", "osakeyhtio");
    /**
     * The countries whose companies write the Russian forms {@code AO}, {@code ZAO} and {@code PAO} before their names
     * ({@code AO Gazprom Neft}, {@code PAO Sberbank}): Russia and the former Soviet states that keep Russian forms
     * (Belarus, Kazakhstan, Kyrgyzstan, Uzbekistan, Tajikistan, Armenia, Ukraine).
     */
    private static final Set<String> RUSSIAN_FORMS_FIRST = Set.of("RU", "BY", "KZ", "KG", "UZ", "TJ", "AM", "UA");
    /** Ukraine, the one country that writes the Ukrainian forms. */
    private static final Set<String> UKRAINE = Set.of("UA");
    /**
     * The Ukrainian legal forms written in Cyrillic ({@code ТОВ}, {@code ТзОВ}, {@code ПрАТ}, {@code ПАТ}, {@code АТ},
     * {@code ФОП}, {@code ПП}): the form first or last in Ukraine and where the country is unknown ({@code ТОВ «Ромашка»}
     * is {@code Ромашка ТОВ} is {@code ромашка}), a word in the middle of a name and in any other country.
     */
    private static final Set<String> UKRAINIAN_FORMS = Set.of("тов", "тзов", "прат", "пат", "ат", "фоп", "пп");
    /**
     * The Ukrainian legal forms written in Latin letters ({@code TOV}, {@code TzOV}, {@code PrAT}, {@code PAT},
     * {@code FOP}): the form first or last in Ukraine; words of names too ({@code Pat's Garage}, {@code Mazel Tov}), so
     * read both ways where the country is unknown, and a word in any other country.
     */
    private static final Set<String> UKRAINIAN_FORMS_IN_LATIN = Set.of("tov", "tzov", "prat", "pat", "fop");
    /**
     * Legal forms some countries write before the name as well as after it, with those countries (ISO 3166-1 alpha-2),
     * that are also initials or a word names start with elsewhere: {@code SA Water} (South Australia), {@code AS Roma},
     * {@code SAS Institute}, {@code AB InBev}, {@code NV Energy} (Nevada), {@code SC Johnson}, {@code SNC-Lavalin},
     * {@code CV-Library}, {@code PT Solutions}, {@code A.O. Smith}, {@code Pão de Açúcar}. First in a name, such a form is
     * dropped only where the record's country writes it there ({@code NV Bekaert} in Belgium, {@code AS Tallink} in
     * Estonia, {@code AB Volvo} in Sweden, {@code PT Bank Mandiri} in Indonesia, {@code K.K. Toshiba} in Japan,
     * {@code AO Gazprom Neft} in Russia); in any other country it is the start of the name and kept; in a record whose
     * country is unknown both readings are keyed ({@code ab volvo} and {@code volvo}).
     * {@code SAS}, {@code S.p.A.} and {@code S.r.l.} are written after the name in France, Italy, Spain, Switzerland and
     * Latin America, {@code S.A.} too outside Belgium and Luxembourg.
     */
    private static final Map<String, Set<String>> FIRST_WHERE_ALSO_A_NAME = Map.ofEntries(
            Map.entry("nv", Set.of("NL", "BE", "SR", "CW", "AW", "SX")), Map.entry("cv", Set.of("NL", "BE", "ID")),
            Map.entry("sa", Set.of("BE", "LU")), Map.entry("sca", Set.of("BE", "LU")), Map.entry("scs", Set.of("BE", "LU")),
            Map.entry("snc", Set.of("FR", "BE", "LU", "MC", "MA", "DZ", "TN")), Map.entry("sc", Set.of("RO", "BE", "LU")),
            Map.entry("ab", Set.of("SE", "FI", "AX")), Map.entry("as", Set.of("NO", "DK", "EE", "LV")), Map.entry("ad", Set.of("BG")),
            Map.entry("kk", Set.of("JP")), Map.entry("yk", Set.of("JP")), Map.entry("gk", Set.of("JP")), Map.entry("pt", Set.of("ID")),
            Map.entry("ao", RUSSIAN_FORMS_FIRST), Map.entry("zao", RUSSIAN_FORMS_FIRST), Map.entry("pao", RUSSIAN_FORMS_FIRST),
            Map.entry("тов", UKRAINE), Map.entry("тзов", UKRAINE), Map.entry("прат", UKRAINE), Map.entry("пат", UKRAINE),
            Map.entry("ат", UKRAINE), Map.entry("фоп", UKRAINE), Map.entry("пп", UKRAINE), Map.entry("tov", UKRAINE),
            Map.entry("tzov", UKRAINE), Map.entry("prat", UKRAINE), Map.entry("pat", UKRAINE), Map.entry("fop", UKRAINE));
    /**
     * Legal forms no name starts with, dropped first in a name wherever the record is: those their countries write
     * before the name as well as after it ({@code BV Bakkerij Jansen}, {@code SARL Dupont}, {@code Oy Karl Fazer Ab},
     * {@code OOO Gazprom}, {@code LLC}/{@code JSC} in Russian names written in English, {@code EOOD}, the Russian forms
     * written in Cyrillic: {@code ООО Ромашка}), and German forms written first by mistake, rarely ({@code GmbH Müller} is
     * {@code Müller GmbH}). Any other legal form standing first, before a word that is none, is the start of the name:
     * {@code P.C. Holding B.V.} is {@code pc holding}, as {@code PC Holding} is, not {@code holding}; {@code Co} too
     * ({@code The Co-op Bank}); {@code Ltd} and {@code Inc} are read both ways ({@link #FIRST_BY_MISTAKE}).
     */
    private static final Set<String> FIRST_NEVER_A_NAME = Set.of("bv", "vof", "bvba", "sprl", "cvba", "vzw", "sasu", "sarl", "eurl", "oy",
            "oyj", "aktiebolag", "aktieselskab", "anpartsselskab", "osakeyhtio", "ooo", "oao", "jsc", "ojsc", "pjsc", "llc",
            "ood", "eood", "gmbh", "ggmbh", "gesmbh", "kgaa", "partgmbb", "ооо", "оао", "ао", "зао", "пао");
    /**
     * English legal forms written first by mistake ({@code Ltd Acme}, {@code Inc. Acme}) that names start with too
     * ({@code LTD Commodities}, {@code Inc. Magazine}): no country writes them first, so first in a name either may be
     * meant, in any country, and both readings are keyed ({@code ltd acme} and {@code acme}).
     */
    private static final Set<String> FIRST_BY_MISTAKE = Set.of("ltd", "inc");
    /**
     * Legal forms written out in several words, each with the form it is, dropped where a legal form stands: at the end,
     * with nothing but other legal forms after them ({@code Cordalmi Kabushiki Kaisha} is {@code cordalmi}, as
     * {@code Cordalmi K.K.} is), or at the start ({@code Kabushiki Kaisha Toshiba}). Elsewhere their words are words of
     * the name.
     */
    private static final Map<List<String>, String> WRITTEN_OUT_LEGAL_FORMS = Map.ofEntries(
            Map.entry(List.of("sociedad", "anonima"), "sa"), Map.entry(List.of("sociedade", "anonima"), "sa"),
            Map.entry(List.of("societe", "anonyme"), "sa"), Map.entry(List.of("spolka", "akcyjna"), "sa"),
            Map.entry(List.of("societa", "per", "azioni"), "spa"), Map.entry(List.of("societa", "a", "responsabilita", "limitata"), "srl"),
            Map.entry(List.of("societe", "a", "responsabilite", "limitee"), "sarl"), Map.entry(List.of("sociedad", "limitada"), "sl"),
            Map.entry(List.of("besloten", "vennootschap"), "bv"), Map.entry(List.of("naamloze", "vennootschap"), "nv"),
            Map.entry(List.of("gesellschaft", "mit", "beschrankter", "haftung"), "gmbh"), Map.entry(List.of("offene", "handelsgesellschaft"), "ohg"),
            Map.entry(List.of("kabushiki", "kaisha"), "kk"), Map.entry(List.of("godo", "kaisha"), "gk"), Map.entry(List.of("yugen", "kaisha"), "yk"),
            Map.entry(List.of("limited", "liability", "company"), "llc"), Map.entry(List.of("limited", "liability", "partnership"), "llp"),
            Map.entry(List.of("limited", "partnership"), "lp"), Map.entry(List.of("public", "limited", "company"), "plc"),
            Map.entry(List.of("proprietary", "limited"), "pty"), Map.entry(List.of("private", "limited"), "pvt"),
            Map.entry(List.of("spolka", "zoo"), "spzoo"), Map.entry(List.of("sa", "rl"), "sarl"));
    /** The most words a written-out legal form has. */
    private static final int LONGEST_WRITTEN_OUT_LEGAL_FORM = 4;
    /**
     * Words that join two legal forms into one ({@code S.A. de C.V.}, {@code GmbH u. Co. KG}), dropped with them; between
     * other words they are words of the name ({@code Banco de Chile}).
     */
    private static final Set<String> LEGAL_FORM_JOINERS = Set.of("de", "u", "und", "y", "et");
    /**
     * Legal forms that are initialisms of names too, dropped only where a legal form stands: at the end, with nothing but
     * other legal forms (and an {@code &}) after them, or first where {@link #FIRST_WHERE_ALSO_A_NAME} says. {@code eG},
     * the German cooperative, is also {@code EG} in {@code EG Group} or {@code E.G. Immobilien}: {@code Volksbank
     * Mittelhessen eG} is {@code volksbank mittelhessen}, {@code EG Group} is {@code eg group}. The Russian {@code AO},
     * {@code ZAO} and {@code PAO} are words of names too ({@code A.O. Smith}, the Portuguese {@code pão}: {@code Casa Pão
     * Quente} keeps it, and so does {@code Casa do Pão}: a word written with a tilde is no form, {@link #wordsWithTilde});
     * at the end they are the form only where {@link #LAST_WHERE_WRITTEN} says.
     */
    static final Set<String> TRAILING_LEGAL_FORMS = Set.of("eg", "ao", "zao", "pao", "тов", "тзов", "прат", "пат", "ат", "фоп", "пп", "tov",
            "tzov", "prat", "pat", "fop");
    /**
     * Trailing legal forms ({@link #TRAILING_LEGAL_FORMS}) that are a form at a name's end only in the countries that write
     * them: the Russian {@code AO}, {@code ZAO} and {@code PAO} in Russia and the former Soviet states that keep Russian
     * forms ({@code Sberbank PAO} in Russia is {@code sberbank}); in any other country and where the country is unknown
     * they are a word ({@code Casa do Pao}, the Portuguese bread written without its tilde, is {@code casa do pao}). The
     * Ukrainian forms in Ukraine ({@link #UKRAINIAN_FORMS}, {@link #UKRAINIAN_FORMS_IN_LATIN}).
     */
    private static final Map<String, Set<String>> LAST_WHERE_WRITTEN = Map.ofEntries(Map.entry("ao", RUSSIAN_FORMS_FIRST),
            Map.entry("zao", RUSSIAN_FORMS_FIRST), Map.entry("pao", RUSSIAN_FORMS_FIRST), Map.entry("тов", UKRAINE),
            Map.entry("тзов", UKRAINE), Map.entry("прат", UKRAINE), Map.entry("пат", UKRAINE), Map.entry("ат", UKRAINE),
            Map.entry("фоп", UKRAINE), Map.entry("пп", UKRAINE), Map.entry("tov", UKRAINE), Map.entry("tzov", UKRAINE),
            Map.entry("prat", UKRAINE), Map.entry("pat", UKRAINE), Map.entry("fop", UKRAINE));
    /** The tilde of {@code pão} written apart from its letter (decomposed): see {@link #wordsWithTilde}. */
    private static final char COMBINING_TILDE = '\u0303';
    /** What separates the words a tilde is looked for in: anything but letters and their marks. */
    private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}\\p{M}]+");
    /** Abbreviations written out, so that both spellings give one key. */
    static final Map<String, String> ABBREVIATIONS = Map.ofEntries(Map.entry("intl", "international"), Map.entry("int", "international"),
            Map.entry("mfg", "manufacturing"), Map.entry("mfrs", "manufacturers"), Map.entry("bros", "brothers"),
            Map.entry("assoc", "associates"), Map.entry("assocs", "associates"), Map.entry("assn", "association"),
            Map.entry("svc", "services"), Map.entry("svcs", "services"), Map.entry("tech", "technologies"),
            Map.entry("technology", "technologies"), Map.entry("natl", "national"), Map.entry("mgmt", "management"),
            Map.entry("mgt", "management"), Map.entry("ctr", "center"), Map.entry("centre", "center"), Map.entry("dept", "department"),
            Map.entry("univ", "university"), Map.entry("inst", "institute"), Map.entry("grp", "group"), Map.entry("hldgs", "holdings"),
            Map.entry("hldg", "holding"), Map.entry("ind", "industries"), Map.entry("inds", "industries"), Map.entry("eng", "engineering"),
            Map.entry("engg", "engineering"), Map.entry("sys", "systems"), Map.entry("sols", "solutions"), Map.entry("dist", "distribution"),
            Map.entry("labs", "laboratories"), Map.entry("lab", "laboratories"), Map.entry("pharm", "pharmaceuticals"),
            Map.entry("pharma", "pharmaceuticals"), Map.entry("amer", "american"), Map.entry("ent", "enterprises"),
            Map.entry("ents", "enterprises"), Map.entry("invest", "investments"), Map.entry("mkt", "market"), Map.entry("mktg", "marketing"),
            Map.entry("props", "properties"), Map.entry("bldrs", "builders"), Map.entry("contrs", "contractors"));
    /**
     * The saint as each language writes it, written short: German and Scandinavian {@code Sankt}, Danish {@code Skt.},
     * Dutch {@code Sint} and English and French {@code Saint} are {@code st}, {@code Sainte} is {@code ste}. Short, not
     * written out as a place's saint is: in a company name {@code St} may be a street ({@code Main St Deli}), and the
     * name written with it must keep its key.
     */
    static final Map<String, String> SAINTS = Map.of("sankt", "st", "skt", "st", "sint", "st", "saint", "st", "sainte", "ste");
    /** A saint's abbreviation, as written before its dot: {@code St.Georg} is two words, not an initialism. */
    private static final String[] SAINT_ABBREVIATIONS = {"st", "ste", "skt"};
    /** The longest legal form that is written in two words ({@code partgmbb}): no longer pair is joined. */
    private static final int LONGEST_SPLIT_LEGAL_FORM = 8;
    private static final Set<String> EDGE_WORDS = Set.of("the", "and", "of");
    /**
     * {@code and} in the other languages names are read in (German {@code und} and {@code u.}, French {@code et}, Spanish
     * {@code y}, Italian and Portuguese {@code e}, Dutch {@code en}, Swedish {@code och}, Danish and Norwegian {@code og}):
     * between two words of the name, neither a legal form, it is written {@code and}, as {@code &} and {@code +} are, so
     * that {@code Müller und Söhne}, {@code Müller u. Söhne} and {@code Müller & Söhne} are one name. Not before a legal
     * form, where a single letter is more often a name's last letter or number ({@code Vitamin E Ltd}).
     */
    private static final Set<String> AND_IN_OTHER_LANGUAGES = Set.of("und", "u", "et", "y", "e", "en", "och", "og");
    /**
     * Initials that, joined, spell a word names are written with ({@code A. T.} is {@code at}, {@code D.E.} {@code de},
     * {@code T.H.E.} {@code the}): the bundled common words, the words dropped at a name's edges, and in the other languages
     * read and the words joining legal forms. Such initials are keyed with a dot between their letters ({@code a.t}), a
     * word of its own that says who the company is, where joined they would be a word that says little ({@code A. T.
     * Systems} was {@code at systems}, a name of common words only) or none ({@code O.F. Mossberg} lost its {@code of}).
     * Not the initials that mean a common word already: {@code US}, {@code UK}, {@code USA}, {@code St}.
     */
    static final Set<String> INITIALS_SPELLING_A_WORD = initialsSpellingAWord();
    /**
     * The HTML entities company names were exported with whose words a key made before keys read them
     * ({@link HtmlEntities}) holds, each with the character it stands for: the ampersand, the apostrophe, the quotation
     * mark and the no-break space, named and numbered ({@code &amp;}, {@code &#38;}, {@code &#39;},
     * {@code &#x27;}, {@code &apos;}, {@code &quot;}, {@code &nbsp;}...).
     */
    private static final String[][] HTML_ENTITIES = {{"&amp;", "&"}, {"&#38;", "&"}, {"&#038;", "&"}, {"&#x26;", "&"},
            {"&#39;", "'"}, {"&#039;", "'"}, {"&#x27;", "'"}, {"&apos;", "'"}, {"&rsquo;", "'"}, {"&#8217;", "'"},
            {"&quot;", "\""}, {"&#34;", "\""}, {"&#034;", "\""}, {"&#x22;", "\""}, {"&nbsp;", " "}, {"&#160;", " "}, {"&#xa0;", " "}};
    /**
     * Each entity of {@link #HTML_ENTITIES} as a key made before the key read them holds it ({@link #htmlEntitiesRead}): its
     * name or number without {@code &}, {@code #} and {@code ;} ({@code amp}, {@code 39}, {@code x27}), with its character.
     */
    private static final String[][] HTML_ENTITY_WORDS = Arrays.stream(HTML_ENTITIES)
            .map(entity -> new String[] {entity[0].substring(entity[0].charAt(1) == '#' ? 2 : 1, entity[0].length() - 1), entity[1]})
            .toArray(String[][]::new);
    /** How many capitals a word in a name of small letters too is read as initials that spell a word ({@code AT Systems}). */
    private static final int LONGEST_CAPITALS_AS_INITIALS = 3;
    /** What stands between the letters of initials that spell a word, in the key ({@code a.t}). */
    static final char INITIALS_SEPARATOR = '.';

    private OrganisationNames() {
    }

    /** The key of a trimmed, non-empty name of a record without a country, or null when nothing is left. */
    static String key(final String value) {
        return key(value, null);
    }

    /**
     * The key of a trimmed, non-empty name, or null when nothing is left; two keys joined by {@link
     * Comparison#VALUE_SEPARATOR} where a legal form first in it may be the form or the name's start ({@code AB Volvo}
     * without a country is {@code ab volvo} and {@code volvo}), the name as written first.
     *
     * @param country the record's country as written ({@code BE}, {@code Belgium}, {@code België}), read only for a legal
     *                form first in the name that is also a name's start elsewhere; null when the record has none
     */
    static String key(final String written, final String country) {
        final String value = HtmlEntities.decode(written);
        final int open = value.indexOf('(');
        if (open < 0) {
            return nameKey(value, country);
        }
        final StringBuilder name = new StringBuilder(value.length());
        final StringBuilder qualifier = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '(') {
                depth++;
                qualifier.append(' ');
            } else if (c == ')' && depth > 0) {
                depth--;
                name.append(' ');
            } else {
                (depth > 0 ? qualifier : name).append(c);
            }
        }
        final String nameKey = nameKey(name.toString(), country);
        final String qualifierKey = asWritten(nameKey(qualifier.toString(), country));
        if (nameKey == null || qualifierKey == null) {
            // all of it in parentheses, or nothing in them: no qualifier to keep apart
            return nameKey(value, country);
        }
        // a qualifier that is nothing but legal forms ("(Ltd.)", "(Pty Ltd)") is none
        for (final String word : qualifierKey.split(" ")) {
            if (!LEGAL_FORMS.contains(word)) {
                final int separator = nameKey.indexOf(Comparison.VALUE_SEPARATOR);
                // each reading of the name keeps the qualifier: AB Volvo (Göteborg) is ab volvo (goteborg) and volvo (goteborg)
                return separator < 0 ? nameKey + " (" + qualifierKey + ")" : nameKey.substring(0, separator) + " (" + qualifierKey + ")"
                        + Comparison.VALUE_SEPARATOR + nameKey.substring(separator + 1) + " (" + qualifierKey + ")";
            }
        }
        return nameKey;
    }

    /**
     * The key of a name without parentheses, or its two readings joined by {@link Comparison#VALUE_SEPARATOR} when a legal
     * form first in it may be the form or the name's start ({@link #FIRST_BY_MISTAKE}, or {@link #FIRST_WHERE_ALSO_A_NAME}
     * in a record whose country is unknown): the name as written first, then the name without the form.
     */
    private static String nameKey(final String value, final String country) {
        // folding writes ß as ss: Weiß and Weiss are one name
        final String folded = ComparisonKeys.fold(prepare(value));
        if (folded == null) {
            return null;
        }
        final List<String> words = writtenOutLegalForms(joinLegalFormParts(joinInitials(folded.split(" "))));
        final Set<String> withTilde = wordsWithTilde(value);
        // a form written out is no name's initials: Kabushiki Kaisha Toshiba is Toshiba wherever it is
        final int first = writtenOutFirst(words) ? -1 : formFirst(words);
        final FormFirst leading = first < 0 ? FormFirst.NAME : readingOfFormFirst(words.get(first), country);
        final FormFirst trailing = readingOfFormLast(words, withTilde, country);
        final String asWritten = kept(words, first, leading == FormFirst.FORM, withTilde, trailing == FormFirst.FORM);
        if (leading != FormFirst.EITHER && trailing != FormFirst.EITHER) {
            return asWritten;
        }
        // either may be meant: the name as written, then without the forms that may be forms
        final String asForms = kept(words, first, leading != FormFirst.NAME, withTilde, trailing != FormFirst.NAME);
        return asForms.equals(asWritten) ? asWritten : asWritten + Comparison.VALUE_SEPARATOR + asForms;
    }

    /**
     * The words of the name that make its key: legal forms, joiners between two of them and a leading or trailing
     * {@code the}, {@code and} or {@code of} dropped, the legal form at {@code first} (-1: none) kept as the name's start
     * unless {@code dropFirst}; a name of nothing but legal forms keeps its first.
     */
    private static String kept(final List<String> words, final int first, final boolean dropFirst, final Set<String> withTilde,
                               final boolean dropFormsOfCountries) {
        final List<String> kept = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            final String word = words.get(i);
            if (i == first) {
                if (!dropFirst) {
                    kept.add(word);
                }
                continue;
            }
            if (LEGAL_FORM_JOINERS.contains(word) && i > 0 && i + 1 < words.size() && LEGAL_FORMS.contains(words.get(i - 1))
                    && LEGAL_FORMS.contains(words.get(i + 1))) {
                continue;
            }
            if (joinsTwoNameWords(words, i)) {
                kept.add("and");
                continue;
            }
            if (!LEGAL_FORMS.contains(word) || TRAILING_LEGAL_FORMS.contains(word)
                    && (!endsName(words, i) || withTilde.contains(word) || LAST_WHERE_WRITTEN.containsKey(word) && !dropFormsOfCountries)) {
                final String saint = SAINTS.get(word);
                kept.add(saint != null ? saint : ABBREVIATIONS.getOrDefault(word, word));
            }
        }
        while (!kept.isEmpty() && EDGE_WORDS.contains(kept.getFirst())) {
            kept.removeFirst();
        }
        while (!kept.isEmpty() && EDGE_WORDS.contains(kept.getLast())) {
            kept.removeLast();
        }
        return kept.isEmpty() ? namedByLegalForms(words) : String.join(" ", kept);
    }

    /** Whether the word at {@code i} is and in another language read, between two words of the name, neither a legal form. */
    private static boolean joinsTwoNameWords(final List<String> words, final int i) {
        return AND_IN_OTHER_LANGUAGES.contains(words.get(i)) && i > 0 && i + 1 < words.size() && !LEGAL_FORMS.contains(words.get(i - 1))
                && !LEGAL_FORMS.contains(words.get(i + 1));
    }

    /**
     * A key with and in the other languages read between two of its words written {@code and}, as {@link #key} writes it
     * now: the same for a key made before it did ({@code grossmann und sohne}, stored) and one made since ({@code grossmann
     * and sohne}), so a blocking pass on it meets a customer stored before with a new record of the same name. The key
     * itself (no copy) when it holds no such word, as most do.
     */
    static String joinedWordsWritten(final String key) {
        if (!mayHoldJoinedWord(key)) {
            return key;
        }
        final List<String> words = List.of(key.split(" "));
        final StringBuilder written = new StringBuilder(key.length() + 2);
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                written.append(' ');
            }
            written.append(joinsTwoNameWords(words, i) ? "and" : words.get(i));
        }
        return written.toString();
    }

    /**
     * A key written one way for the passes and Key Rules that find a company by its name ({@link
     * dev.nificrm.roles.BlockingTransform#READ}): a key stored before HTML entities were read with their words read
     * ({@link #htmlEntitiesRead}: {@code kamlit and amp venvel} → {@code kamlit and venvel}), and in the other languages
     * written {@code and} ({@link #joinedWordsWritten}) and initials that spell a word written as that word ({@code a.t
     * systems} → {@code at systems}), as keys were written before either, so that a key stored before ({@code at systems},
     * {@code roca y ruiz}, {@code kamlit and amp venvel}), one of a name written in capitals throughout ({@code AT SYSTEMS})
     * and one made since meet. The key itself (no copy) when it holds none of them.
     */
    static String writtenOneWay(final String key) {
        final String joined = joinedWordsWritten(htmlEntitiesRead(key));
        return joined.indexOf(INITIALS_SEPARATOR) < 0 ? joined : initialsAsTheWord(joined);
    }

    /** A key with initials that spell a word written as that word: {@code a.t systems} → {@code at systems}. */
    static String initialsAsTheWord(final String key) {
        return key.replace(String.valueOf(INITIALS_SEPARATOR), "");
    }

    /**
     * Whether a key holds, between two spaces, a word of {@link #AND_IN_OTHER_LANGUAGES}: read in place, as the pass asks
     * for every record's key, nothing is made of a key without one.
     */
    private static boolean mayHoldJoinedWord(final String key) {
        int start = key.indexOf(' ');
        while (start >= 0) {
            final int end = key.indexOf(' ', start + 1);
            if (end < 0) {
                return false;
            }
            for (final String word : AND_IN_OTHER_LANGUAGES) {
                if (word.length() == end - start - 1 && key.startsWith(word, start + 1)) {
                    return true;
                }
            }
            start = end;
        }
        return false;
    }

    /**
     * The words of a name written with a tilde ({@code ã}), folded ({@code Pão} is {@code pao}): Portuguese words, never
     * a {@link #TRAILING_LEGAL_FORMS trailing form}, so {@code Casa do Pão} keeps its bread where {@code Sberbank PAO} drops
     * its form. Most names hold no tilde: an empty set, nothing split.
     */
    private static Set<String> wordsWithTilde(final String value) {
        if (!hasTilde(value)) {
            return Set.of();
        }
        final Set<String> words = new HashSet<>();
        for (final String word : NOT_A_LETTER.split(value)) {
            if (hasTilde(word)) {
                final String folded = ComparisonKeys.fold(word);
                if (folded != null) {
                    words.add(folded);
                }
            }
        }
        return words;
    }

    /**
     * How a legal form bound to countries ({@link #LAST_WHERE_WRITTEN}) at a name's end is read: the form where the
     * record's country writes it; elsewhere a word; where the country is unknown, a Ukrainian form in Cyrillic is the form,
     * one in Latin letters either, a Russian one a word. {@link FormFirst#FORM} when the name ends in no such form (other
     * trailing forms, {@code eG}, are the form everywhere). The country is read only for the few names that end so.
     */
    private static FormFirst readingOfFormLast(final List<String> words, final Set<String> withTilde, final String country) {
        for (int i = words.size() - 1; i > 0 && LEGAL_FORMS.contains(words.get(i)); i--) {
            final String form = words.get(i);
            final Set<String> countries = LAST_WHERE_WRITTEN.get(form);
            if (countries == null || withTilde.contains(form)) {
                continue;
            }
            final String code = countryCode(country);
            if (!code.isEmpty()) {
                return countries.contains(code) ? FormFirst.FORM : FormFirst.NAME;
            }
            return UKRAINIAN_FORMS.contains(form) ? FormFirst.FORM : UKRAINIAN_FORMS_IN_LATIN.contains(form) ? FormFirst.EITHER : FormFirst.NAME;
        }
        return FormFirst.FORM;
    }

    /** The record's country as an ISO code, or empty when it has none or CleanCRMRecord cannot read it ({@link CountryRule#code}). */
    private static String countryCode(final String country) {
        final String code = country == null || country.isBlank() ? null : CountryRule.code(country.trim());
        return code == null ? "" : code;
    }

    /** Whether a text holds a tilde: {@code ã} composed, or a tilde written apart from its letter. */
    private static boolean hasTilde(final String text) {
        return text.indexOf('ã') >= 0 || text.indexOf('Ã') >= 0 || text.indexOf(COMBINING_TILDE) >= 0;
    }

    /** How a legal form standing first, before a name's words, is read. */
    private enum FormFirst {
        /** The start of the name, kept: {@code P.C. Holding}, {@code SA Water} in Australia. */
        NAME,
        /** The legal form, dropped: {@code BV Bakkerij Jansen}, {@code NV Bekaert} in Belgium. */
        FORM,
        /** Either: both readings are keyed ({@code AB Volvo} without a country, {@code Ltd Acme}). */
        EITHER
    }

    /**
     * How a legal form first in a name is read in the record's country: a form no name starts with is the form; one
     * written first by mistake that names start with too ({@code Ltd}, {@code Inc}) either; one some countries write first
     * is the form there, the name's start in any other country, and either in a record whose country is unknown (none,
     * or one {@link CountryRule#code} cannot read); any other form first is the name's start.
     */
    private static FormFirst readingOfFormFirst(final String form, final String country) {
        if (FIRST_NEVER_A_NAME.contains(form)) {
            return FormFirst.FORM;
        }
        if (FIRST_BY_MISTAKE.contains(form)) {
            return FormFirst.EITHER;
        }
        final Set<String> countries = FIRST_WHERE_ALSO_A_NAME.get(form);
        if (countries == null) {
            return FormFirst.NAME;
        }
        // the country is read only here, for the few names that start with such a form
        final String code = countryCode(country);
        if (code.isEmpty()) {
            // the Cyrillic script says the name is written the Ukrainian way
            return UKRAINIAN_FORMS.contains(form) ? FormFirst.FORM : FormFirst.EITHER;
        }
        return countries.contains(code) ? FormFirst.FORM : FormFirst.NAME;
    }

    /**
     * The index of a legal form standing first in the name ({@code P.C. Holding}, {@code The Co-op Bank}, {@code NV
     * Bekaert}), or -1: first after any {@code the}, {@code and} or {@code of}, and before a word that is no legal form,
     * {@code and} or joiner. Whether it is the form or the name's start is {@link #readingOfFormFirst}'s to say.
     */
    private static int formFirst(final List<String> words) {
        int first = 0;
        while (first < words.size() && EDGE_WORDS.contains(words.get(first))) {
            first++;
        }
        if (first + 1 >= words.size()) {
            return -1;
        }
        final String next = words.get(first + 1);
        if (!LEGAL_FORMS.contains(words.get(first)) || LEGAL_FORMS.contains(next) || EDGE_WORDS.contains(next)
                || LEGAL_FORM_JOINERS.contains(next)) {
            return -1;
        }
        return first;
    }

    /** The first reading of a key that may hold two ({@link #nameKey}), the name as written; null for null. */
    private static String asWritten(final String key) {
        final int separator = key == null ? -1 : key.indexOf(Comparison.VALUE_SEPARATOR);
        return separator < 0 ? key : key.substring(0, separator);
    }

    /**
     * The key of a name of nothing but legal forms: its first, the name the others follow ({@code P.C. B.V.}, a Dutch
     * company named P.C., is {@code pc}, as {@code PC BV} and {@code P.C.} are; all of them kept, {@code pc bv} was no
     * writing's key but its own). Words without a legal form among them ({@code The And}) are kept as they are.
     */
    private static String namedByLegalForms(final List<String> words) {
        for (final String word : words) {
            if (LEGAL_FORMS.contains(word)) {
                return word;
            }
        }
        return String.join(" ", words);
    }

    /**
     * The words with each legal form written out where a legal form stands at the end ({@link #WRITTEN_OUT_LEGAL_FORMS})
     * written as that form, from the end: {@code cordalmi kabushiki kaisha} → {@code cordalmi kk}.
     */
    private static List<String> writtenOutLegalForms(final List<String> words) {
        int end = words.size();
        while (end > 1) {
            boolean found = false;
            for (int length = Math.min(LONGEST_WRITTEN_OUT_LEGAL_FORM, end - 1); length >= 2 && !found; length--) {
                final String form = WRITTEN_OUT_LEGAL_FORMS.get(words.subList(end - length, end));
                if (form != null) {
                    words.subList(end - length, end).clear();
                    words.add(end - length, form);
                    end -= length;
                    found = true;
                }
            }
            if (!found) {
                if (!LEGAL_FORMS.contains(words.get(end - 1)) && !"and".equals(words.get(end - 1))
                        && !LEGAL_FORM_JOINERS.contains(words.get(end - 1))) {
                    break;
                }
                end--;
            }
        }
        return words;
    }

    /**
     * Whether the name starts with a legal form written out in several words, which is then written as that form
     * ({@code kabushiki kaisha toshiba} → {@code kk toshiba}): Japanese names put their form first as often as last. A
     * name that is nothing but one keeps it.
     */
    private static boolean writtenOutFirst(final List<String> words) {
        for (int length = Math.min(LONGEST_WRITTEN_OUT_LEGAL_FORM, words.size() - 1); length >= 2; length--) {
            final String form = WRITTEN_OUT_LEGAL_FORMS.get(words.subList(0, length));
            if (form != null) {
                words.subList(0, length).clear();
                words.addFirst(form);
                return true;
            }
        }
        return false;
    }

    /** Whether nothing but legal forms and {@code and} follow the word at an index ({@code Dachdecker eG & Co. KG}). */
    private static boolean endsName(final List<String> words, final int index) {
        for (int i = index + 1; i < words.size(); i++) {
            final String word = words.get(i);
            if (!LEGAL_FORMS.contains(word) && !"and".equals(word)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Dots inside initialisms and abbreviations join ({@code N.V.} → {@code NV}); {@code &} and {@code +} become words;
     * {@code A/S} is written out ({@code aktieselskab}): with its slash it is the Danish and Norwegian form, never a
     * name's initials as {@code AS} may be ({@code AS Roma}).
     */
    private static String prepare(final String value) {
        final StringBuilder builder = new StringBuilder(value.length() + 16);
        final boolean smallLetters = hasSmallLetter(value);
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            final int initials = Character.isLetter(c) ? initialsSpellingAWord(value, i, smallLetters) : 0;
            if (initials > 0) {
                // initials that spell a word, dotted (A.T.) or in capitals in a name written in small letters too (AT
                // Systems): written apart, as A. T. is, for joinInitials to key them as initials
                for (int letter = i; letter < i + initials; letter++) {
                    builder.append(value.charAt(letter) == '.' ? "" : value.charAt(letter) + " ");
                }
                i += initials - 1;
            } else if (c == '&' || c == '+') {
                builder.append(" and ");
            } else if (c == '/' && slashedAs(value, i)) {
                builder.setLength(builder.length() - 1);
                builder.append("aktieselskab");
                i++;
            } else if (c != '.') {
                builder.append(c);
            } else if (i + 1 < value.length() && (!Character.isLetter(value.charAt(i + 1)) || saintBefore(value, i))) {
                // a dot before a space or the end ends an abbreviation ("Inc."), as does a saint's before its name
                // ("St.Georg"); one between letters joins them ("N.V")
                builder.append(' ');
            }
        }
        return builder.toString();
    }

    /**
     * A key made before the key read HTML entities ({@link HtmlEntities#decode}) as the key reads the name now: such a key
     * holds an entity as its ampersand's {@code and} and its name or number as a word ({@code Kamlit &amp; Venvel} was keyed
     * {@code kamlit and amp venvel}, {@code Kamlit&#39;s Foods} {@code kamlit and 39 s foods}, {@code &quot;Kamlit&quot;
     * Trading} {@code quot kamlit and quot trading}, escaped twice {@code and amp amp}), and is the key of now with the
     * entity read as its character: an ampersand {@code and}, an apostrophe the two words it stood between as one
     * ({@code kamlits foods}), quotation marks and a no-break space nothing ({@code kamlit trading}). A key starting with a
     * quotation mark's word lost that ampersand (nothing before it to be {@code and}): read so when the key holds the same
     * entity after an {@code and} too; an ampersand's entity last ({@code Kamlit &amp; Co.} keyed {@code kamlit and amp})
     * is nothing, as and at a name's edge is in the key now ({@code kamlit}). The key itself (no copy) when it holds no
     * entity's word after an {@code and}, as most do.
     * <p>
     * What the key cannot tell: the key before read {@code &amp;} as the words an ampersand and a real word Amp after it
     * were keyed with, and the key now keeps ({@code Kamlit &amp; Venvel} was {@code kamlit and amp venvel}, as {@code Volt
     * & Amp Electric} and {@code Volt and Amp Electric} were and are {@code volt and amp electric}; {@code Kamlit &amp;amp;
     * Venvel} and {@code Volt &amp; Amp Electric} were both {@code ... and amp amp ...}). Such a key is read as the entity:
     * a name with a real Amp after and is the same name as the one without it ({@code volt and electric}), on a key of
     * either version, which the usage page states. The other entities' words are no words of a name ({@code apos},
     * {@code quot}, {@code nbsp}, {@code x27}) or numbers, which a name seldom holds after an ampersand.
     */
    static String htmlEntitiesRead(final String key) {
        if (!mayHoldEntityWord(key)) {
            return key;
        }
        final String[] words = key.split(" ");
        final List<String> read = new ArrayList<>(words.length);
        int i = 0;
        if (isEntityWord(words[0], "\"") && key.contains(" and " + words[0])) {
            i = 1;
        }
        while (i < words.length) {
            if (!words[i].equals("and") || i + 1 == words.length || !isEntityWord(words[i + 1], null)) {
                read.add(words[i++]);
                continue;
            }
            // the ampersand escaped twice (&amp;amp;) was keyed and amp amp: its entity is the word after amp
            final int entity = words[i + 1].equals("amp") && i + 2 < words.length && isEntityWord(words[i + 2], null) ? i + 2 : i + 1;
            i = entity + 1;
            switch (entityWordCharacter(words[entity])) {
                // an ampersand last was dropped by the key made now, as and at a name's edge is (Kamlit &amp; Co., keyed
                // kamlit and amp then, is kamlit now)
                case "&" -> {
                    if (i < words.length) {
                        read.add("and");
                    }
                }
                case "'" -> {
                    if (!read.isEmpty() && i < words.length) {
                        read.set(read.size() - 1, read.getLast() + words[i++]);
                    }
                }
                default -> {
                    // a quotation mark or a no-break space: the words either side as they are
                }
            }
        }
        return String.join(" ", read);
    }

    /** Whether a key holds {@code and} followed by an entity's word ({@link #htmlEntitiesRead}), read in place. */
    private static boolean mayHoldEntityWord(final String key) {
        for (int at = key.indexOf("and "); at >= 0; at = key.indexOf("and ", at + 1)) {
            if (at == 0 || key.charAt(at - 1) == ' ') {
                final int start = at + 4;
                final int end = key.indexOf(' ', start) < 0 ? key.length() : key.indexOf(' ', start);
                for (final String[] entity : HTML_ENTITY_WORDS) {
                    if (entity[0].length() == end - start && key.startsWith(entity[0], start)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether a word is the name or number of an entity of {@link #HTML_ENTITIES} (standing for {@code character}, when given). */
    private static boolean isEntityWord(final String word, final String character) {
        final String stands = entityWordCharacter(word);
        return stands != null && (character == null || character.equals(stands));
    }

    /** The character the entity whose name or number a word is stands for, or null. */
    private static String entityWordCharacter(final String word) {
        for (final String[] entity : HTML_ENTITY_WORDS) {
            if (entity[0].equals(word)) {
                return entity[1];
            }
        }
        return null;
    }

    /**
     * How many characters initials that spell a word take at {@code start}: dotted ({@link #dottedInitialsSpellingAWord}),
     * or in capitals in a name written in small letters too ({@link #capitalsSpellingAWord}); else 0.
     */
    private static int initialsSpellingAWord(final String value, final int start, final boolean smallLetters) {
        final int dotted = dottedInitialsSpellingAWord(value, start);
        return dotted > 0 || !smallLetters ? dotted : capitalsSpellingAWord(value, start);
    }

    /** Whether a word starts at {@code start}: not after a letter, a digit or a dot ({@code D.A.} in {@code C.D.A.} is no word). */
    private static boolean startsAWord(final String value, final int start) {
        return start == 0 || !Character.isLetterOrDigit(value.charAt(start - 1)) && value.charAt(start - 1) != '.';
    }

    /** Whether a text holds a small letter (a name written in capitals throughout holds none). */
    private static boolean hasSmallLetter(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isLowerCase(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many capitals a word starting at {@code start} is when it is two or three capitals ({@code A} to {@code Z}) that
     * spell a word names are written with ({@code AT}, {@code DE}, {@code THE}: {@link #INITIALS_SPELLING_A_WORD}), else 0.
     */
    private static int capitalsSpellingAWord(final String value, final int start) {
        if (!startsAWord(value, start)) {
            return 0;
        }
        int end = start;
        while (end < value.length() && end - start <= LONGEST_CAPITALS_AS_INITIALS && value.charAt(end) >= 'A' && value.charAt(end) <= 'Z') {
            end++;
        }
        if (end - start < 2 || end - start > LONGEST_CAPITALS_AS_INITIALS || end < value.length() && Character.isLetterOrDigit(value.charAt(end))) {
            return 0;
        }
        return INITIALS_SPELLING_A_WORD.contains(value.substring(start, end).toLowerCase(Locale.ROOT)) ? end - start : 0;
    }

    /**
     * How many characters dotted initials starting at {@code start} take ({@code A.T.} 4, {@code T.H.E} 5) when they spell
     * a word names are written with ({@link #INITIALS_SPELLING_A_WORD}), else 0: letters each followed by a dot but
     * perhaps the last, none followed by another letter. Other dotted initials are joined as before ({@code N.V.}, {@code
     * P.C. B.V.}: two initialisms).
     */
    private static int dottedInitialsSpellingAWord(final String value, final int start) {
        if (!startsAWord(value, start)) {
            return 0;
        }
        int end = start;
        int letters = 0;
        boolean dotted = false;
        while (end < value.length() && Character.isLetter(value.charAt(end)) && (end + 1 == value.length() || !Character.isLetter(value.charAt(end + 1)))) {
            letters++;
            if (end + 1 < value.length() && value.charAt(end + 1) == '.') {
                dotted = true;
                end += 2;
            } else {
                end++;
                break;
            }
        }
        if (!dotted || letters < 2) {
            return 0;
        }
        final StringBuilder word = new StringBuilder(letters);
        for (int i = start; i < end; i++) {
            if (value.charAt(i) != '.') {
                word.append(Character.toLowerCase(value.charAt(i)));
            }
        }
        return INITIALS_SPELLING_A_WORD.contains(word.toString()) ? end - start : 0;
    }

    /** Whether the slash at {@code slash} stands in {@code A/S} written alone, in either case. */
    private static boolean slashedAs(final String value, final int slash) {
        return slash >= 1 && slash + 1 < value.length() && (value.charAt(slash - 1) == 'A' || value.charAt(slash - 1) == 'a')
                && (value.charAt(slash + 1) == 'S' || value.charAt(slash + 1) == 's')
                && (slash < 2 || !Character.isLetterOrDigit(value.charAt(slash - 2)))
                && (slash + 2 >= value.length() || !Character.isLetterOrDigit(value.charAt(slash + 2)));
    }

    /**
     * Whether the dot at {@code dot} ends a saint's abbreviation standing alone ({@code St.Georg}, {@code Ste.Anne},
     * {@code Skt.Peter}) and a name of two or more letters follows it; {@code St.A.B.} stays an initialism.
     */
    private static boolean saintBefore(final String value, final int dot) {
        int start = dot;
        while (start > 0 && Character.isLetter(value.charAt(start - 1))) {
            start--;
        }
        if (start > 0 && value.charAt(start - 1) == '.' || dot + 2 >= value.length() || !Character.isLetter(value.charAt(dot + 2))) {
            return false;
        }
        for (final String abbreviation : SAINT_ABBREVIATIONS) {
            if (abbreviation.length() == dot - start && value.regionMatches(true, start, abbreviation, 0, abbreviation.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Two short words that are one legal form written apart are joined: {@code e Kfm} → {@code ekfm}, {@code g GmbH} →
     * {@code ggmbh}, {@code PartG mbB} → {@code partgmbb} ({@code mbB} alone is no legal form).
     */
    private static List<String> joinLegalFormParts(final List<String> words) {
        for (int i = words.size() - 2; i >= 0; i--) {
            if (words.get(i).length() + words.get(i + 1).length() <= LONGEST_SPLIT_LEGAL_FORM
                    && LEGAL_FORMS.contains(words.get(i) + words.get(i + 1))) {
                words.set(i, words.get(i) + words.remove(i + 1));
            }
        }
        return words;
    }

    private static Set<String> initialsSpellingAWord() {
        final Set<String> words = new HashSet<>(OrganisationNameComparator.COMMON_WORDS);
        words.addAll(EDGE_WORDS);
        words.addAll(AND_IN_OTHER_LANGUAGES);
        words.addAll(LEGAL_FORM_JOINERS);
        words.removeAll(Set.of("us", "uk", "usa", "st", "ste"));
        words.removeIf(word -> word.length() < 2);
        return Set.copyOf(words);
    }

    /**
     * Runs of two or more one-letter words are one initialism: {@code s a} → {@code sa}, {@code i b m} → {@code ibm}; one
     * that spells a word names are written with, its letters joined by a dot ({@code a t} → {@code a.t}:
     * {@link #INITIALS_SPELLING_A_WORD}).
     */
    private static List<String> joinInitials(final String[] words) {
        final List<String> joined = new ArrayList<>(words.length);
        int index = 0;
        while (index < words.length) {
            int end = index;
            while (end < words.length && words[end].length() == 1 && Character.isLetter(words[end].charAt(0))) {
                end++;
            }
            if (end - index >= 2) {
                final StringBuilder initials = new StringBuilder(2 * (end - index));
                for (int i = index; i < end; i++) {
                    initials.append(words[i]);
                }
                if (INITIALS_SPELLING_A_WORD.contains(initials.toString())) {
                    initials.setLength(0);
                    for (int i = index; i < end; i++) {
                        initials.append(i > index ? String.valueOf(INITIALS_SEPARATOR) : "").append(words[i]);
                    }
                }
                joined.add(initials.toString());
                index = end;
            } else {
                joined.add(words[index]);
                index++;
            }
        }
        return joined;
    }
}
