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
 * Common English given-name alternatives ({@code bob}/{@code robert}, {@code bill}/{@code william}) from the bundled
 * {@code nicknames.csv}: two folded names are alternatives when one is a nickname of the other or both are
 * nicknames of the same name.
 */
public final class Nicknames {
    private static final Nicknames BUNDLED = load();

    private final Map<String, Set<String>> groups;

    private Nicknames(final Map<String, Set<String>> groups) {
        this.groups = groups;
    }

    /** The bundled list. */
    public static Nicknames bundled() {
        return BUNDLED;
    }

    /** Whether the two folded given names can name the same person. */
    public boolean areAlternatives(final String left, final String right) {
        final Set<String> leftGroups = groups.get(left);
        if (leftGroups == null) {
            return false;
        }
        final Set<String> rightGroups = groups.get(right);
        if (rightGroups == null) {
            return false;
        }
        for (final String group : leftGroups) {
            if (rightGroups.contains(group)) {
                return true;
            }
        }
        return false;
    }

    private static Nicknames load() {
        final Map<String, Set<String>> groups = new HashMap<>();
        try (InputStream in = Nicknames.class.getResourceAsStream("nicknames.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final String[] names = line.split(",");
                final String canonical = names[0].trim();
                for (final String name : names) {
                    groups.computeIfAbsent(name.trim(), key -> new HashSet<>()).add(canonical);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("The bundled nickname list cannot be read", e);
        }
        final Map<String, Set<String>> frozen = new HashMap<>();
        groups.forEach((name, canonicals) -> frozen.put(name, Set.copyOf(canonicals)));
        return new Nicknames(Map.copyOf(frozen));
    }
}
