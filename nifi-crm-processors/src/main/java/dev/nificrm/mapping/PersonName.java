package dev.nificrm.mapping;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A person's name split into its parts, from one free-text field such as Salesforce's {@code Name} or a CSV's
 * "Full Name".
 * <ul>
 *     <li>{@code "Dr. Jan van der Berg Jr."} → salutation {@code Dr.}, first {@code Jan}, last {@code van der Berg},
 *     suffix {@code Jr.};</li>
 *     <li>{@code "Berg, Jan Peter"} → first {@code Jan}, middle {@code Peter}, last {@code Berg} (family name first
 *     when there is a comma, unless what follows the comma is only suffixes: {@code "John Smith, Jr."}); a title after
 *     the comma is the family name's: {@code "Smith, Dr."} → salutation {@code Dr.}, last {@code Smith};</li>
 *     <li>a single word is a last name (every CRM requires one).</li>
 * </ul>
 * Titles ({@code Dr.}, {@code Prof.}, {@code Herr}, {@code Mme}, {@code Sra.}...) and suffixes ({@code Jr.}, {@code III},
 * {@code PhD}...) are recognised wherever they stand (before the name, after the comma, at its end) and are never a first or
 * last name; several are kept together ({@code Prof. Dr.}). Particles ({@code van}, {@code der}, {@code de}, {@code la},
 * {@code von}, {@code di}...) begin the last name when they stand after the first name, or when a name begins with one written
 * in lower case ({@code van der Berg}); a lower-case {@code y}, {@code i} or {@code e} between two names joins two family
 * names into one last name ({@code José Ortega y Gasset} → last {@code Ortega y Gasset}). A name's country can say how
 * its family names are written ({@link Naming#of}): in a Spanish-speaking country a name without a comma ends in two family
 * names, each with the particles before it ({@code Gabriel García Márquez} → first {@code Gabriel}, last {@code García
 * Márquez}; {@code Juan Pérez de la Cruz} → last {@code Pérez de la Cruz}), unless the word after the first name is a second
 * given name and one family name follows ({@code Juan Carlos Pérez} → middle {@code Carlos}, last {@code Pérez}); in a
 * Portuguese-speaking country the family name is the last one, with its particles ({@code Maria da Silva Santos} → middle
 * {@code da Silva}, last {@code Santos}; {@code João dos Santos Filho} → last {@code dos Santos Filho}). Every word of the
 * name is in exactly one part.
 */
public record PersonName(String salutation, String first, String middle, String last, String suffix) {
    /** Titles in the languages the presets' CRMs are used in, lower case and without their dot. */
    private static final Set<String> SALUTATIONS = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam", "mme",
            "mlle", "m", "herr", "frau", "rev", "fr", "sr", "sra", "srta", "dra");
    /** Titles that are also an initial ({@code M. Smith} is Monsieur Smith, {@code Smith, M.} an initial): a title only before a name. */
    private static final Set<String> SALUTATIONS_ONLY_BEFORE_A_NAME = Set.of("m");
    private static final Set<String> SUFFIXES = Set.of("jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "dds", "dmd", "dvm", "cpa",
            "mba", "jd");
    /** Suffixes that are also a name ({@code V} an initial, {@code Md} for Mohammed): a suffix only after a name. */
    private static final Set<String> SUFFIXES_ONLY_AFTER_A_NAME = Set.of("v", "md", "ii");
    private static final Set<String> PARTICLES = Set.of("van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la",
            "le", "ten", "ter", "te", "bin", "ibn", "al", "el", "st", "st.", "dos", "das", "zu", "vom", "y", "los", "las");
    /**
     * The particles of a Portuguese family name: the others and {@code do} (João do Carmo), which is not one elsewhere (Do is a
     * Vietnamese family name).
     */
    private static final Set<String> PORTUGUESE_PARTICLES = Stream.concat(PARTICLES.stream(), Stream.of("do")).collect(Collectors.toUnmodifiableSet());
    /** Combining marks, left by decomposing accented letters (México → Mexico). */
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Lower-case words joining two family names into one (Spanish y, Catalan i, Portuguese e): Ortega y Gasset. */
    private static final Set<String> CONJUNCTIONS = Set.of("y", "i", "e");
    /**
     * The countries whose names end in two family names (paternal, maternal) where Spanish is the language of names: ISO
     * 3166 alpha-2 and alpha-3 codes and the names in English and Spanish, compared in lower case without accents.
     */
    private static final Set<String> SPANISH_NAMING_COUNTRIES = Set.of(
            "es", "esp", "spain", "espana", "mx", "mex", "mexico", "ar", "arg", "argentina", "co", "col", "colombia", "cl", "chl", "chile",
            "pe", "per", "peru", "ve", "ven", "venezuela", "ec", "ecu", "ecuador", "gt", "gtm", "guatemala", "cu", "cub", "cuba", "bo", "bol",
            "bolivia", "do", "dom", "dominican republic", "republica dominicana", "hn", "hnd", "honduras", "py", "pry", "paraguay", "sv",
            "slv", "el salvador", "ni", "nic", "nicaragua", "cr", "cri", "costa rica", "pa", "pan", "panama", "uy", "ury", "uruguay", "pr",
            "pri", "puerto rico", "gq", "gnq", "equatorial guinea", "guinea ecuatorial");
    /**
     * The countries where Portuguese is the language of names, whose family name is the last one (the mother's before it): ISO
     * 3166 alpha-2 and alpha-3 codes and the names in English and Portuguese, compared in lower case without accents.
     */
    private static final Set<String> PORTUGUESE_NAMING_COUNTRIES = Set.of(
            "br", "bra", "brazil", "brasil", "pt", "prt", "portugal", "ao", "ago", "angola", "mz", "moz", "mozambique", "mocambique", "cv",
            "cpv", "cape verde", "cabo verde", "gw", "gnb", "guinea-bissau", "guine-bissau", "st", "stp", "sao tome and principe",
            "sao tome e principe", "tl", "tls", "timor-leste", "east timor");
    /**
     * Given names that are the second of a compound given name in Spanish (Juan Carlos, María José, José Luis, Miguel
     * Ángel), lower case without accents; rarely a family name. Names that are also common family names (Martín, Andrés,
     * Cruz, Santiago, Salvador, Rosa, Domingo, Vicente...) are not among them.
     */
    private static final Set<String> SECOND_GIVEN_NAMES = Set.of(
            "carlos", "luis", "jose", "maria", "antonio", "manuel", "miguel", "angel", "javier", "pablo", "ignacio", "alberto", "eduardo",
            "fernando", "francisco", "enrique", "alejandro", "ricardo", "roberto", "sebastian", "daniel", "david", "jorge", "rafael", "ramon",
            "jesus", "juan", "pedro", "teresa", "isabel", "luisa", "elena", "fernanda", "cristina", "eugenia", "victoria", "paula",
            "gabriela", "alejandra", "guadalupe", "pilar", "carmen", "dolores", "mercedes", "sofia", "lucia", "josefa", "andrea", "ana",
            "belen", "ines", "jimena", "lourdes", "magdalena", "montserrat", "nieves", "soledad");
    /** Words after a Portuguese family name that are of it (Silva Filho, Santos Neto, Souza Júnior), lower case without accents. */
    private static final Set<String> PORTUGUESE_FAMILY_NAME_ENDINGS = Set.of("filho", "filha", "neto", "neta", "sobrinho", "sobrinha", "junior");

    /** How a country's names end in family names, for a name without a comma. */
    public enum Naming {
        /** One family name at the end, after any particles (as in English, German, Dutch, French). */
        ONE_FAMILY_NAME,
        /** Two family names at the end, paternal then maternal, each with its particles (Spanish-speaking countries). */
        TWO_FAMILY_NAMES,
        /** The last family name is the family name, the mother's before it (Portuguese-speaking countries). */
        LAST_FAMILY_NAME;

        /**
         * How names of the given country (an ISO 3166 code, or its name in English, Spanish or Portuguese, any case, with or
         * without accents) end: {@link #ONE_FAMILY_NAME} for null, blank or any country not named otherwise.
         */
        public static Naming of(final String country) {
            if (country == null || country.isBlank()) {
                return ONE_FAMILY_NAME;
            }
            final String plain = plain(country.trim());
            return SPANISH_NAMING_COUNTRIES.contains(plain) ? TWO_FAMILY_NAMES
                    : PORTUGUESE_NAMING_COUNTRIES.contains(plain) ? LAST_FAMILY_NAME : ONE_FAMILY_NAME;
        }
    }

    /** Splits a name; blank text, or only commas, gives a name with every part null. */
    public static PersonName parse(final String text) {
        return parse(text, Naming.ONE_FAMILY_NAME);
    }

    /** Lower case without accents (México → mexico). */
    private static String plain(final String text) {
        return MARKS.matcher(Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)).replaceAll("");
    }

    /**
     * Splits a name; blank text, or only commas, gives a name with every part null.
     *
     * @param naming how a name without a comma ends in family names ({@link Naming#of}, from the name's country)
     */
    public static PersonName parse(final String text, final Naming naming) {
        if (text == null || text.isBlank()) {
            return new PersonName(null, null, null, null, null);
        }
        // commas with nothing between them ("Smith,, John", "John Smith,") separate nothing
        final List<List<String>> parts = new ArrayList<>();
        for (final String part : text.split(",")) {
            final List<String> words = words(part);
            if (!words.isEmpty()) {
                parts.add(words);
            }
        }
        if (parts.isEmpty()) {
            return new PersonName(null, null, null, null, null);
        }
        if (parts.size() == 1) {
            return parseWords(parts.getFirst(), false, naming);
        }
        final List<String> before = parts.getFirst();
        final List<String> after = new ArrayList<>();
        parts.subList(1, parts.size()).forEach(after::addAll);
        // after the comma a name stands before each word: V and II are suffixes there
        final boolean onlySuffixes = after.stream().allMatch(word -> isSuffix(word, true));
        final boolean noGivenName = after.stream().allMatch(word -> isSuffix(word, true) || isStandaloneSalutation(word));
        // "John Smith, Jr.": the name, then what its bearer has earned; "Smith, Dr." and "Last, First Middle[, Suffix]": the
        // family name, then what its bearer is called
        final PersonName name = parseWords(before, !onlySuffixes, onlySuffixes ? naming : Naming.ONE_FAMILY_NAME);
        final PersonName given = noGivenName ? titlesAndSuffixes(after) : parseWords(after, false, Naming.ONE_FAMILY_NAME);
        final List<String> givenWords = new ArrayList<>();
        addIfPresent(givenWords, given.first);
        addIfPresent(givenWords, given.middle);
        addIfPresent(givenWords, given.last);
        final String first = onlySuffixes ? name.first : givenWords.isEmpty() ? null : givenWords.getFirst();
        final String middle = onlySuffixes ? name.middle : givenWords.size() > 1 ? join(givenWords, 1, givenWords.size()) : null;
        return new PersonName(joinParts(name.salutation, given.salutation), first, middle, name.last, joinParts(name.suffix, given.suffix));
    }

    /** The part named by a specification's {@code "part"}: salutation, first, middle, last or suffix. */
    public String part(final Part part) {
        return switch (part) {
            case SALUTATION -> salutation;
            case FIRST -> first;
            case MIDDLE -> middle;
            case LAST -> last;
            case SUFFIX -> suffix;
        };
    }

    /** The parts of a person name a split can select. */
    public enum Part {
        SALUTATION, FIRST, MIDDLE, LAST, SUFFIX;

        /** The part named in a specification, or null. */
        static Part fromKey(final String key) {
            for (final Part part : values()) {
                if (part.name().equalsIgnoreCase(key)) {
                    return part;
                }
            }
            return null;
        }
    }

    /**
     * Splits words without a comma: titles before the name, suffixes after it, and the name between.
     *
     * @param familyName whether the words are only a family name ("Berg" of "Berg, Jan"): all of the name is the last name
     * @param naming how the name ends in family names
     */
    private static PersonName parseWords(final List<String> words, final boolean familyName, final Naming naming) {
        int start = 0;
        int end = words.size();
        while (start < end && isSalutation(words.get(start), end - start > 1)) {
            start++;
        }
        final String salutation = start > 0 ? join(words, 0, start) : null;
        int suffixStart = end;
        while (suffixStart > start && isSuffix(words.get(suffixStart - 1), suffixStart - start > 1)) {
            suffixStart--;
        }
        final String suffix = suffixStart < end ? join(words, suffixStart, end) : null;
        end = suffixStart;
        if (end - start <= 0) {
            return new PersonName(salutation, null, null, null, suffix);
        }
        if (familyName || end - start == 1 || isLowerCaseParticle(words.get(start))) {
            return new PersonName(salutation, null, null, join(words, start, end), suffix);
        }
        int lastStart = end - 1;
        if (naming == Naming.TWO_FAMILY_NAMES) {
            lastStart = twoFamilyNamesStart(words, start + 1, end);
        } else if (naming == Naming.LAST_FAMILY_NAME) {
            // Filho, Neto, Júnior after the family name are of it
            final int familyEnd = end - 1 > start + 1 && PORTUGUESE_FAMILY_NAME_ENDINGS.contains(plain(words.get(end - 1))) ? end - 1 : end;
            lastStart = familyNamesStart(words, start + 1, familyEnd, 1, PORTUGUESE_PARTICLES);
        } else {
            for (int i = start + 1; i < end - 1; i++) {
                if (isConjunction(words.get(i)) && i > start + 1) {
                    // a family name, joined to the next: the last name begins with it
                    lastStart = i - 1;
                    break;
                }
                if (PARTICLES.contains(words.get(i).toLowerCase(Locale.ROOT))) {
                    lastStart = i;
                    break;
                }
            }
        }
        final String middle = lastStart > start + 1 ? join(words, start + 1, lastStart) : null;
        return new PersonName(salutation, words.get(start), middle, join(words, lastStart, end), suffix);
    }

    /**
     * Where the last two family names of the words from {@code from} (after the first name) to {@code end} begin (see
     * {@link #familyNamesStart}), or the last one's when the first of the two is the word right after the first name and a
     * second given name (Juan Carlos Pérez, Juan Carlos de la Cruz: one family name).
     */
    private static int twoFamilyNamesStart(final List<String> words, final int from, final int end) {
        final int begin = familyNamesStart(words, from, end, 2, PARTICLES);
        if (begin == from && SECOND_GIVEN_NAMES.contains(plain(words.get(from)))) {
            final int last = familyNamesStart(words, from, end, 1, PARTICLES);
            if (last == from + 1) {
                return last;
            }
        }
        return begin;
    }

    /**
     * Where the last {@code count} family names of the words from {@code from} (after the first name) to {@code end} begin:
     * each family name is a word with the particles before it (de la Cruz), and one joined to the next by a conjunction
     * (Ortega y Gasset) counts with it as one; {@code from} when there are not so many.
     *
     * @param particles the words (lower case) that stand before a family name as its particles
     */
    private static int familyNamesStart(final List<String> words, final int from, final int end, final int count, final Set<String> particles) {
        int begin = end;
        int names = 0;
        while (begin > from && names < count) {
            // one family name: its word, then the particles before it
            begin--;
            while (begin > from && particles.contains(words.get(begin - 1).toLowerCase(Locale.ROOT)) && !isConjunction(words.get(begin - 1))) {
                begin--;
            }
            if (begin - 1 > from && isConjunction(words.get(begin - 1))) {
                // joined to the family name before it: together one
                begin -= 1;
                continue;
            }
            names++;
        }
        return begin;
    }

    private static boolean isConjunction(final String word) {
        return CONJUNCTIONS.contains(word);
    }

    /** Words after a comma that are only titles and suffixes ("Dr.", "Jr., PhD"), each in its part. */
    private static PersonName titlesAndSuffixes(final List<String> words) {
        final List<String> titles = new ArrayList<>();
        final List<String> suffixes = new ArrayList<>();
        for (final String word : words) {
            // after a name, Sr. is its senior
            (isSuffix(word, true) ? suffixes : titles).add(word);
        }
        return new PersonName(titles.isEmpty() ? null : join(titles, 0, titles.size()), null, null, null,
                suffixes.isEmpty() ? null : join(suffixes, 0, suffixes.size()));
    }

    /** A title; one that is also an initial only when a name follows it. */
    private static boolean isSalutation(final String word, final boolean nameFollows) {
        final String key = stripDot(word);
        return SALUTATIONS.contains(key) && (nameFollows || !SALUTATIONS_ONLY_BEFORE_A_NAME.contains(key))
                && (key.length() > 1 || word.endsWith("."));
    }

    /** A title even with no name after it (Dr., not M.). */
    private static boolean isStandaloneSalutation(final String word) {
        return isSalutation(word, false);
    }

    /** A suffix; one that is also a name only when a name stands before it. */
    private static boolean isSuffix(final String word, final boolean namePrecedes) {
        final String key = stripDot(word).replace(".", "");
        return SUFFIXES.contains(key) && (namePrecedes || !SUFFIXES_ONLY_AFTER_A_NAME.contains(key));
    }

    private static boolean isLowerCaseParticle(final String word) {
        return PARTICLES.contains(word) && word.equals(word.toLowerCase(Locale.ROOT));
    }

    private static String stripDot(final String word) {
        final String lower = word.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static List<String> words(final String text) {
        final List<String> words = new ArrayList<>();
        int i = 0;
        final int length = text.length();
        while (i < length) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            final int begin = i;
            while (i < length && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > begin) {
                words.add(text.substring(begin, i));
            }
        }
        return words;
    }

    private static String join(final List<String> words, final int from, final int to) {
        return String.join(" ", words.subList(from, to));
    }

    private static String joinParts(final String one, final String other) {
        return one == null ? other : other == null ? one : one + " " + other;
    }

    private static void addIfPresent(final List<String> words, final String part) {
        if (part != null) {
            words.addAll(words(part));
        }
    }
}
