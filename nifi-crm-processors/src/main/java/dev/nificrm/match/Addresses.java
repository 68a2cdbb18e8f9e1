package dev.nificrm.match;

import java.util.Map;

/**
 * The comparison key of a street address line: folded, with street types, directions, unit markers and ordinal words
 * written one way ({@code St.} → {@code street}, {@code Blvd}/{@code Blv} → {@code boulevard}, {@code N.} →
 * {@code north}, {@code Ste}/{@code Apt}/{@code #} → {@code unit}, {@code Seventh} → {@code 7th}).
 * <pre>
 * Addresses.key("435 S. La Cienega Blv.")  // "435 south la cienega boulevard"
 * Addresses.key("854 Seventh Ave., Ste 5") // "854 7th avenue unit 5"
 * </pre>
 */
final class Addresses {
    /** The word every written form of a street type, direction, unit marker or ordinal stands for. */
    static final Map<String, String> WORDS = Map.ofEntries(
            // street types
            Map.entry("st", "street"), Map.entry("str", "street"), Map.entry("rd", "road"), Map.entry("ave", "avenue"),
            Map.entry("av", "avenue"), Map.entry("avn", "avenue"), Map.entry("blvd", "boulevard"), Map.entry("blv", "boulevard"),
            Map.entry("boul", "boulevard"), Map.entry("bvd", "boulevard"), Map.entry("dr", "drive"), Map.entry("drv", "drive"),
            Map.entry("ln", "lane"), Map.entry("ct", "court"), Map.entry("crt", "court"), Map.entry("cres", "crescent"),
            Map.entry("cct", "circuit"), Map.entry("cir", "circle"), Map.entry("pl", "place"), Map.entry("sq", "square"),
            Map.entry("hwy", "highway"), Map.entry("pde", "parade"), Map.entry("tce", "terrace"), Map.entry("ter", "terrace"),
            Map.entry("terr", "terrace"), Map.entry("cl", "close"), Map.entry("pkwy", "parkway"), Map.entry("pky", "parkway"),
            Map.entry("expy", "expressway"), Map.entry("fwy", "freeway"), Map.entry("plz", "plaza"), Map.entry("trl", "trail"),
            Map.entry("wy", "way"), Map.entry("aly", "alley"), Map.entry("ctr", "center"), Map.entry("centre", "center"),
            Map.entry("mt", "mount"), Map.entry("ft", "fort"), Map.entry("sts", "streets"),
            // directions
            Map.entry("n", "north"), Map.entry("s", "south"), Map.entry("e", "east"), Map.entry("w", "west"), Map.entry("ne", "northeast"),
            Map.entry("nw", "northwest"), Map.entry("se", "southeast"), Map.entry("sw", "southwest"),
            // units
            Map.entry("apt", "unit"), Map.entry("apartment", "unit"), Map.entry("suite", "unit"), Map.entry("ste", "unit"),
            Map.entry("no", "unit"), Map.entry("nr", "unit"), Map.entry("rm", "unit"), Map.entry("room", "unit"), Map.entry("fl", "floor"),
            // ordinals
            Map.entry("first", "1st"), Map.entry("second", "2nd"), Map.entry("third", "3rd"), Map.entry("fourth", "4th"),
            Map.entry("fifth", "5th"), Map.entry("sixth", "6th"), Map.entry("seventh", "7th"), Map.entry("eighth", "8th"),
            Map.entry("ninth", "9th"), Map.entry("tenth", "10th"), Map.entry("eleventh", "11th"), Map.entry("twelfth", "12th"));

    private Addresses() {
    }

    /** The key of a trimmed, non-empty address line, or null when nothing is left. */
    static String key(final String value) {
        final String folded = ComparisonKeys.fold(value.indexOf('#') >= 0 ? value.replace("#", " unit ") : value);
        if (folded == null) {
            return null;
        }
        final StringBuilder builder = new StringBuilder(folded.length() + 8);
        for (final String word : folded.split(" ")) {
            if (!builder.isEmpty()) {
                builder.append(' ');
            }
            builder.append(WORDS.getOrDefault(word, word));
        }
        return builder.toString();
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
