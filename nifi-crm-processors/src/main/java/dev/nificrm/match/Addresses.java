package dev.nificrm.match;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comparison key of a street address line: folded, with street types, directions, unit markers and ordinal words
 * written one way ({@code St.} → {@code street}, {@code Blvd}/{@code Bd} → {@code boulevard}, {@code N.} →
 * {@code north}, {@code Ste}/{@code Apt}/{@code #} → {@code unit}, {@code Seventh} → {@code 7th}), in the languages CRM
 * data is written in: English (US, UK, Australia), French, German, Spanish and Portuguese, Italian and Dutch.
 * <pre>
 * Addresses.key("435 S. La Cienega Blv.")  // "435 south la cienega boulevard"
 * Addresses.key("854 Seventh Ave., Ste 5") // "854 7th avenue unit 5"
 * Addresses.key("29 Bd Haussmann")         // "29 boulevard haussmann"
 * Addresses.key("Hauptstr. 5")             // "5 haupt street", as Hauptstraße 5, Hauptstrasse Nr. 5 and 5 Hauptstraße
 * Addresses.key("P.za Navona 2")           // "2 plaza navona", as Piazza Navona 2
 * </pre>
 * A house number written after the street, as in most of Europe, is put first, where {@link #houseNumber} reads it.
 * One written form has one meaning in every language: {@code av} is {@code avenue} in English and French, so the
 * Spanish {@code avenida} is {@code avenue} too; {@code pl} is a place, a Platz and a plein, which are one word here.
 * {@code St} and {@code Ste} are read by where they stand: before a name where a street's name starts they are
 * {@code saint} and {@code sainte} ({@code St Mary's Rd}, {@code 12 St. Charles Ave}, {@code Rue Ste-Catherine}), anywhere
 * else {@code street} and {@code unit} ({@code Main St}, {@code R St NW}, {@code Main St Ste 200}).
 */
final class Addresses {
    /** Street types of English-speaking countries. */
    private static final Map<String, String> ENGLISH = Map.ofEntries(
            Map.entry("st", "street"), Map.entry("str", "street"), Map.entry("rd", "road"), Map.entry("ave", "avenue"),
            Map.entry("av", "avenue"), Map.entry("avn", "avenue"), Map.entry("blvd", "boulevard"), Map.entry("blv", "boulevard"),
            Map.entry("boul", "boulevard"), Map.entry("bvd", "boulevard"), Map.entry("dr", "drive"), Map.entry("drv", "drive"),
            Map.entry("ln", "lane"), Map.entry("ct", "court"), Map.entry("crt", "court"), Map.entry("cres", "crescent"),
            Map.entry("cresc", "crescent"), Map.entry("cct", "circuit"), Map.entry("cir", "circle"), Map.entry("pl", "place"),
            Map.entry("sq", "square"), Map.entry("hwy", "highway"), Map.entry("pde", "parade"), Map.entry("tce", "terrace"),
            Map.entry("ter", "terrace"), Map.entry("terr", "terrace"), Map.entry("cl", "close"), Map.entry("pkwy", "parkway"),
            Map.entry("pky", "parkway"), Map.entry("expy", "expressway"), Map.entry("fwy", "freeway"), Map.entry("plz", "plaza"),
            Map.entry("trl", "trail"), Map.entry("wy", "way"), Map.entry("aly", "alley"), Map.entry("ctr", "center"),
            Map.entry("centre", "center"), Map.entry("mt", "mount"), Map.entry("ft", "fort"), Map.entry("sts", "streets"),
            Map.entry("rte", "route"), Map.entry("gdns", "gardens"), Map.entry("gdn", "garden"), Map.entry("gro", "grove"),
            Map.entry("grn", "green"), Map.entry("pk", "park"), Map.entry("hts", "heights"), Map.entry("wlk", "walk"),
            Map.entry("esp", "esplanade"));
    /** Street types of France, Belgium, Switzerland, Quebec. */
    private static final Map<String, String> FRENCH = Map.ofEntries(
            Map.entry("bd", "boulevard"), Map.entry("bld", "boulevard"), Map.entry("av", "avenue"), Map.entry("ave", "avenue"),
            Map.entry("pl", "place"), Map.entry("fg", "faubourg"), Map.entry("fbg", "faubourg"), Map.entry("imp", "impasse"),
            Map.entry("chem", "chemin"), Map.entry("rte", "route"), Map.entry("sq", "square"));
    /** Street types of German-speaking countries; {@code ß} is written {@code ss} before they are looked up. */
    private static final Map<String, String> GERMAN = Map.ofEntries(
            Map.entry("str", "street"), Map.entry("strasse", "street"), Map.entry("pl", "place"), Map.entry("platz", "place"));
    /** Street types of Spanish- and Portuguese-speaking countries ({@code C/} is read before the line is folded). */
    private static final Map<String, String> SPANISH_AND_PORTUGUESE = Map.ofEntries(
            Map.entry("avda", "avenue"), Map.entry("avd", "avenue"), Map.entry("av", "avenue"), Map.entry("avenida", "avenue"),
            Map.entry("pza", "plaza"), Map.entry("plza", "plaza"), Map.entry("ctra", "carretera"), Map.entry("rua", "rue"));
    /**
     * Street types of Catalonia, Valencia and the Balearic Islands, and the Spanish types they share a written form with:
     * {@code C/} and {@code C.} are carrer and calle alike, {@code Trav.} travessera and travesía, {@code Pl.} plaça as
     * it is place.
     */
    private static final Map<String, String> CATALAN_AND_SPANISH = Map.ofEntries(
            Map.entry("carrer", "calle"), Map.entry("avinguda", "avenue"), Map.entry("avgda", "avenue"), Map.entry("passeig", "paseo"),
            Map.entry("pg", "paseo"), Map.entry("pº", "paseo"), Map.entry("pso", "paseo"), Map.entry("placa", "place"),
            Map.entry("rbla", "rambla"), Map.entry("rda", "ronda"), Map.entry("travessera", "travesia"), Map.entry("trav", "travesia"),
            Map.entry("cami", "camino"), Map.entry("cno", "camino"), Map.entry("gta", "glorieta"));
    /** Street types of Italy and Italian-speaking Switzerland ({@code P.za}, {@code C.so}: see {@link #INNER_DOT_CONTRACTIONS}). */
    private static final Map<String, String> ITALIAN = Map.ofEntries(
            Map.entry("pza", "plaza"), Map.entry("pzza", "plaza"), Map.entry("piazza", "plaza"), Map.entry("cso", "corso"),
            Map.entry("vle", "viale"), Map.entry("lgo", "largo"));
    /** Street types of the Netherlands and Flanders. */
    private static final Map<String, String> DUTCH = Map.ofEntries(
            Map.entry("str", "street"), Map.entry("straat", "street"), Map.entry("ln", "lane"), Map.entry("laan", "lane"),
            Map.entry("pl", "place"), Map.entry("plein", "place"));
    private static final Map<String, String> DIRECTIONS = Map.of("n", "north", "s", "south", "e", "east", "w", "west", "ne", "northeast",
            "nw", "northwest", "se", "southeast", "sw", "southwest");
    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("apt", "unit"), Map.entry("apartment", "unit"),
            Map.entry("suite", "unit"), Map.entry("ste", "unit"), Map.entry("no", "unit"), Map.entry("nr", "unit"), Map.entry("rm", "unit"),
            Map.entry("room", "unit"), Map.entry("flt", "unit"), Map.entry("nº", "unit"), Map.entry("num", "unit"), Map.entry("fl", "floor"));
    private static final Map<String, String> ORDINALS = Map.ofEntries(Map.entry("first", "1st"), Map.entry("second", "2nd"),
            Map.entry("third", "3rd"), Map.entry("fourth", "4th"), Map.entry("fifth", "5th"), Map.entry("sixth", "6th"),
            Map.entry("seventh", "7th"), Map.entry("eighth", "8th"), Map.entry("ninth", "9th"), Map.entry("tenth", "10th"),
            Map.entry("eleventh", "11th"), Map.entry("twelfth", "12th"));
    /** The street types of every language, each written form with its one meaning. */
    private static final Map<String, String> STREET_TYPES = merged(List.of(ENGLISH, FRENCH, GERMAN, SPANISH_AND_PORTUGUESE,
            CATALAN_AND_SPANISH, ITALIAN, DUTCH));
    /** The word every written form of a street type, direction, unit marker or ordinal stands for. */
    static final Map<String, String> WORDS = merged(List.of(STREET_TYPES, DIRECTIONS, UNITS, ORDINALS));
    /** Every street type, direction, unit marker and ordinal, written short or in full. */
    private static final Set<String> MARKERS = markers();
    /**
     * {@code St} and {@code Ste} before a name where a street's name starts ({@link #startsName}): Saint and Sainte, as
     * in {@code St Mary's Rd} and {@code Rue Ste-Catherine}; anywhere else {@code St} is street and {@code Ste} a suite.
     */
    private static final Map<String, String> SAINTS = Map.of("st", "saint", "ste", "sainte");
    /**
     * Saint as German, Scandinavian, Danish and Dutch write it ({@code Sankt}, {@code Skt.}, {@code Sint}), which means
     * nothing else in a street line: Saint wherever it stands ({@code Sankt-Georgen-Straße} = {@code St.-Georgen-Str.},
     * {@code Sint Jansstraat} = {@code St. Jansstraat}).
     */
    private static final Map<String, String> SAINTS_ANYWHERE = Map.of("sankt", "saint", "skt", "saint", "sint", "saint");
    /**
     * One letter for a street type, as French ({@code r.} rue), Portuguese ({@code R.} rua) and Italian ({@code V.} via)
     * write it. A letter is that type only where a type stands before a name: the first word, or the first after the house
     * number, followed by a name rather than a street type or a direction, so that {@code R St}, {@code V Street} and
     * {@code R NW} keep their letter.
     */
    private static final Map<String, String> LETTER_TYPES = Map.of("r", "rue", "v", "via");
    /**
     * French and German prepositions and articles, which stand before a street's name where a street type would
     * ({@code Rue du St-Gothard}, {@code Am St.-Georgs-Platz}, {@code An der St.-Anna-Kirche}): a {@code St} after them is
     * Saint, as after a street type. The elided {@code d'} and {@code l'} are not among them: a lone {@code D} or {@code L}
     * before {@code St} is a lettered street ({@code 1200 L St Mall}).
     */
    private static final Set<String> BEFORE_NAMES = Set.of("de", "du", "des", "la", "le", "les", "am", "an", "auf", "im", "in", "zum",
            "zur", "der", "dem", "den", "beim", "vom");
    /** Street types, written short or in full, as a line's words hold them before they are read. */
    private static final Set<String> STREET_TYPE_WORDS = streetTypeWords();
    /**
     * Contractions written with a dot inside, which folding splits in two: Italian ({@code P.za}, {@code C.so}) and
     * Spanish ({@code P.º} paseo, {@code n.º} número).
     */
    private static final Set<String> INNER_DOT_CONTRACTIONS = Set.of("pza", "pzza", "cso", "vle", "lgo", "pº", "nº");
    /**
     * Words after which a number is not the house number: a unit, floor or box, or a road numbered by its authority
     * ({@code Route 66}, {@code Highway 1}).
     */
    private static final Set<String> NOT_HOUSE_NUMBERS_AFTER = Set.of("unit", "flat", "floor", "level", "building", "box", "highway", "route",
            "freeway", "expressway", "interstate", "carretera");
    /** Markers written before a house number after the street ({@code Hauptstraße Nr. 5}, {@code Kalverstraat No 92}). */
    private static final Set<String> NUMBER_MARKERS = Set.of("nr", "no", "nº", "num");
    /**
     * Street types German and Dutch glue to the name ({@code Hauptstraße}, {@code Hauptstr.}, {@code Kalverstraat},
     * {@code Marktplatz}, {@code Leidseplein}), longest first: the name and the type are two words, as when written apart.
     */
    private static final List<String> GLUED_TYPES = List.of("strasse", "straat", "platz", "plein", "str", "pl");
    /** The letters a name needs before a glued type, so that a short word ending in {@code str} or {@code pl} stays whole. */
    private static final int GLUED_NAME_LETTERS = 3;

    private Addresses() {
    }

    /** The key of a trimmed, non-empty address line, or null when nothing is left. */
    static String key(final String value) {
        final String marked = value.indexOf('#') >= 0 ? value.replace("#", " unit ") : value;
        // folding writes ß as ss, so Hauptstraße meets the street types below as Hauptstrasse
        final String folded = ComparisonKeys.fold(startsWithCalle(marked) ? "calle " + marked.substring(2) : marked);
        if (folded == null) {
            return null;
        }
        final String[] words = folded.split(" ");
        final StringBuilder builder = new StringBuilder(folded.length() + 8);
        final int typePosition = words.length > 1 && houseNumber(words[0]) != null ? 1 : 0;
        final int numberAfterStreet = typePosition == 0 ? numberAfterStreet(words) : -1;
        final int numberMarker = numberAfterStreet > 1 && NUMBER_MARKERS.contains(words[numberAfterStreet - 1]) ? numberAfterStreet - 1 : -1;
        if (numberAfterStreet > 0) {
            builder.append(words[numberAfterStreet]);
        }
        for (int i = 0; i < words.length; i++) {
            if (i == numberAfterStreet || i == numberMarker) {
                continue;
            }
            String word = words[i];
            if (word.length() == 1 && i + 1 < words.length && INNER_DOT_CONTRACTIONS.contains(word + words[i + 1])) {
                word = word + words[++i];
            }
            final String written = WORDS.get(word);
            if (!builder.isEmpty()) {
                builder.append(' ');
            }
            if (SAINTS.containsKey(word) && startsName(words, i, typePosition)) {
                builder.append(SAINTS.get(word));
            } else if (SAINTS_ANYWHERE.containsKey(word)) {
                builder.append(SAINTS_ANYWHERE.get(word));
            } else if (written != null) {
                builder.append(written);
            } else if (word.equals("flat") && i + 1 < words.length && houseNumber(words[i + 1]) != null) {
                // a British flat is a unit; Flat Rock Road is a street
                builder.append("unit");
            } else if (i == typePosition && LETTER_TYPES.containsKey(word) && i + 1 < words.length && !MARKERS.contains(words[i + 1])) {
                builder.append(LETTER_TYPES.get(word));
            } else {
                appendUnglued(builder, word);
            }
        }
        return builder.toString();
    }

    /**
     * The index of the house number of a line that writes it after the street, as most of Europe does ({@code Hauptstraße 5},
     * {@code Calle Mayor, 12}, {@code Kalverstraat Nr. 92}), or after a unit ({@code Flat 3, 12 High St}): the first
     * number after a word that does not say it is something else ({@code Suite 200}, {@code Route 66}, {@code PO Box 7});
     * -1 when there is none.
     */
    private static int numberAfterStreet(final String[] words) {
        for (int i = 1; i < words.length; i++) {
            final String before = words[i - 1];
            if (houseNumber(words[i]) != null && (NUMBER_MARKERS.contains(before) && i > 1
                    || !NOT_HOUSE_NUMBERS_AFTER.contains(WORDS.getOrDefault(before, before)))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the word at an index ({@code St}, {@code Ste}) stands before a name where a street's name starts: the first
     * word, the first after the house number, the first after a street type ({@code Rue Ste-Catherine}) or after a French or
     * German preposition or article ({@code Rue du St-Gothard}, {@code Am St.-Georgs-Platz}), followed by a
     * word of two or more letters that is no street type, direction or unit ({@code St Mary's}, not {@code St NW} or
     * {@code Ste 200}).
     */
    private static boolean startsName(final String[] words, final int index, final int typePosition) {
        if (index + 1 == words.length || index != typePosition && !STREET_TYPE_WORDS.contains(words[index - 1])
                && !BEFORE_NAMES.contains(words[index - 1])) {
            return false;
        }
        final String next = words[index + 1];
        return next.length() > 1 && Character.isLetter(next.charAt(0)) && !MARKERS.contains(next);
    }

    /**
     * Whether a line starts with the Spanish and Catalan {@code C/} or {@code C.} (calle, carrer), not with {@code c/o} or
     * {@code c/-} (care of), nor with initials ({@code C.B. Smith Rd}).
     */
    private static boolean startsWithCalle(final String value) {
        if (value.length() < 3 || (value.charAt(0) != 'c' && value.charAt(0) != 'C')) {
            return false;
        }
        if (value.charAt(1) == '.') {
            return value.charAt(2) == ' ' && value.length() > 4 && Character.isLetter(value.charAt(3)) && Character.isLetter(value.charAt(4));
        }
        if (value.charAt(1) != '/') {
            return false;
        }
        int start = 2;
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        if (start == value.length() || !Character.isLetter(value.charAt(start))) {
            return false;
        }
        final boolean careOf = (value.charAt(start) == 'o' || value.charAt(start) == 'O')
                && (start + 1 == value.length() || !Character.isLetter(value.charAt(start + 1)));
        return !careOf;
    }

    private static Set<String> streetTypeWords() {
        final Set<String> words = new HashSet<>(STREET_TYPES.keySet());
        words.addAll(STREET_TYPES.values());
        words.addAll(LETTER_TYPES.values());
        return Set.copyOf(words);
    }

    private static Set<String> markers() {
        final Set<String> markers = new HashSet<>(WORDS.keySet());
        markers.addAll(WORDS.values());
        return Set.copyOf(markers);
    }

    /** Appends a word, or the name and the street type glued to it as two words. */
    private static void appendUnglued(final StringBuilder builder, final String word) {
        for (final String glued : GLUED_TYPES) {
            final int nameLength = word.length() - glued.length();
            if (nameLength >= GLUED_NAME_LETTERS && word.endsWith(glued) && areLetters(word, nameLength)) {
                builder.append(word, 0, nameLength).append(' ').append(STREET_TYPES.get(glued));
                return;
            }
        }
        builder.append(word);
    }

    private static boolean areLetters(final String word, final int end) {
        for (int i = 0; i < end; i++) {
            if (!Character.isLetter(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The tables as one map; a written form that two tables read as two different words is an error in the tables. */
    private static Map<String, String> merged(final List<Map<String, String>> tables) {
        final Map<String, String> merged = new HashMap<>();
        for (final Map<String, String> table : tables) {
            table.forEach((written, word) -> {
                final String other = merged.putIfAbsent(written, word);
                if (other != null && !other.equals(word)) {
                    throw new IllegalStateException("'" + written + "' is written for both '" + other + "' and '" + word + "'");
                }
            });
        }
        return Map.copyOf(merged);
    }

    /**
     * The house number of a key: its first word when that is digits, perhaps with one letter ({@code 12}, {@code 293b}),
     * or null ({@code 3rd street} starts with an ordinal, not a number).
     */
    static String houseNumber(final String key) {
        final int space = key.indexOf(' ');
        final int end = space < 0 ? key.length() : space;
        int digits = 0;
        while (digits < end && Character.isDigit(key.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || end - digits > 1) {
            return null;
        }
        return key.substring(0, end);
    }
}
