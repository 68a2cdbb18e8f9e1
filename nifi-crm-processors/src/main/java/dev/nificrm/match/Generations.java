package dev.nificrm.match;

/**
 * The generation a person name's key ends with ({@code smith jr}, {@code smith sr}, {@code smith iii}): a father and his
 * son share a given name, a family name and often an address, and the sources that write {@code Jr.} or {@code Sr.} are
 * what tells them apart. {@code junior} and {@code senior} written out are {@code jr} and {@code sr}.
 * <pre>
 * Generations.of("smith jr");  // "jr"
 * Generations.of("smith");     // null
 * Generations.of("jr");        // null: a name of one word is the name
 * </pre>
 */
final class Generations {
    private static final String[][] WORDS = {{"jr", "jr"}, {"junior", "jr"}, {"sr", "sr"}, {"senior", "sr"}, {"ii", "ii"}, {"iii", "iii"},
            {"iv", "iv"}};

    private Generations() {
    }

    /** The generation the folded name ends with, or null; of several values of a field (a separator), the first's is not sought. */
    static String of(final String key) {
        final int space = key.lastIndexOf(' ');
        if (space <= 0) {
            return null;
        }
        final int length = key.length() - space - 1;
        for (final String[] word : WORDS) {
            if (word[0].length() == length && key.startsWith(word[0], space + 1)) {
                return word[1];
            }
        }
        return null;
    }

    /** Whether two folded names end in different generations, or one in a generation and the other in none. */
    static boolean differ(final String left, final String right) {
        final String leftGeneration = of(left);
        final String rightGeneration = of(right);
        return leftGeneration == null ? rightGeneration != null : !leftGeneration.equals(rightGeneration);
    }
}
