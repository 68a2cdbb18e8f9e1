package dev.nificrm.match;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Given-name alternatives from the bundled {@code nicknames.csv}: common English nicknames ({@code bob}/{@code robert},
 * {@code bill}/{@code william}) and the short forms of German, Dutch, Spanish, Portuguese, Italian, French, Nordic and
 * Polish names ({@code sepp}/{@code josef}, {@code kees}/{@code cornelis}, {@code chema}/{@code jose maria},
 * {@code kasia}/{@code katarzyna}). Each line of the list is one group, its names folded as the comparison keys are when
 * the list is read; two folded names are alternatives when one line holds both. A name on two lines joins neither line
 * to the other: {@code beto} is {@code alberto} or {@code roberto}, yet {@code alberto} is not {@code roberto}. Names
 * that are one name in two languages ({@code jan}/{@code john}) are not grouped. A look-up is two hash look-ups and the
 * intersection of a few line numbers, each name's held sorted in an {@code int[]}, the names in an open-addressed table
 * that a name given as characters is looked up in as a string is: a look-up allocates nothing (a set's
 * iterator, made for each of the many name pairs a matcher scores, was about 3 % of what matching a batch in memory
 * allocated). The first name of each line is a given name in full ({@link #isFullName}):
 * {@code alberto} and {@code roberto} are two names, where {@code micheal} is no name of the list.
 */
public final class Nicknames {
    private static final Nicknames BUNDLED = load();

    /**
     * The folded names, open-addressed by {@link String#hashCode} (computed over a {@link CharSequence} the same way, so a
     * stored name read where the store holds it is looked up without a string of it), null in an empty slot.
     */
    private final String[] names;
    /** Per slot of {@link #names}, the lines its name is on, in ascending order. */
    private final int[][] lines;
    /** The first name of each line, folded: the given names the list holds in full. */
    private final Set<String> fullNames;

    private Nicknames(final Map<String, int[]> groups, final Set<String> fullNames) {
        final int slots = Integer.highestOneBit(Math.max(1, groups.size()) * 2) << 1;
        this.names = new String[slots];
        this.lines = new int[slots][];
        groups.forEach((name, nameLines) -> {
            int slot = name.hashCode() & slots - 1;
            while (names[slot] != null) {
                slot = slot + 1 & slots - 1;
            }
            names[slot] = name;
            lines[slot] = nameLines;
        });
        this.fullNames = fullNames;
    }

    /** The bundled list. */
    public static Nicknames bundled() {
        return BUNDLED;
    }

    /** Whether the two folded given names can name the same person. */
    public boolean areAlternatives(final String left, final String right) {
        return areAlternatives(left, (CharSequence) right);
    }

    /**
     * {@link #areAlternatives(String, String)} of a name and one given as its characters (a stored name read where the
     * store holds it): the same answer, without a string of {@code right}.
     */
    public boolean areAlternatives(final String left, final CharSequence right) {
        final int[] leftGroups = linesOf(left, left.hashCode());
        if (leftGroups == null) {
            return false;
        }
        final int[] rightGroups = linesOf(right, right instanceof String string ? string.hashCode() : StringNumbers.hash(right));
        if (rightGroups == null) {
            return false;
        }
        // both ascending: walk them side by side
        int l = 0;
        int r = 0;
        while (l < leftGroups.length && r < rightGroups.length) {
            if (leftGroups[l] == rightGroups[r]) {
                return true;
            }
            if (leftGroups[l] < rightGroups[r]) {
                l++;
            } else {
                r++;
            }
        }
        return false;
    }

    /** The lines {@code name} (of {@link String#hashCode} {@code hash}) is on, or null where the list lacks it. */
    private int[] linesOf(final CharSequence name, final int hash) {
        for (int slot = hash & names.length - 1; names[slot] != null; slot = slot + 1 & names.length - 1) {
            if (names[slot].contentEquals(name)) {
                return lines[slot];
            }
        }
        return null;
    }

    /** Whether the folded given name is one the list holds in full: the first name of one of its lines. */
    public boolean isFullName(final String name) {
        return fullNames.contains(name);
    }

    private static Nicknames load() {
        try (InputStream in = Nicknames.class.getResourceAsStream("nicknames.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return read(reader);
        } catch (final IOException e) {
            throw new UncheckedIOException("The bundled nickname list cannot be read", e);
        }
    }

    /** The groups of a list: one a line, its names folded ({@code José María} is {@code jose maria}, {@code Małgorzata} {@code malgorzata}). */
    static Nicknames read(final BufferedReader reader) throws IOException {
        final Map<String, Set<Integer>> groups = new HashMap<>();
        final Set<String> fullNames = new HashSet<>();
        int number = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final Integer group = number;
            final String[] names = line.split(",");
            for (final String name : names) {
                final String folded = ComparisonKeys.fold(name);
                if (folded != null) {
                    groups.computeIfAbsent(folded, key -> new HashSet<>()).add(group);
                }
            }
            final String fullName = ComparisonKeys.fold(names[0]);
            if (fullName != null) {
                fullNames.add(fullName);
            }
        }
        final Map<String, int[]> frozen = new HashMap<>();
        groups.forEach((name, lines) -> frozen.put(name, lines.stream().mapToInt(Integer::intValue).sorted().toArray()));
        return new Nicknames(Map.copyOf(frozen), Set.copyOf(fullNames));
    }
}
