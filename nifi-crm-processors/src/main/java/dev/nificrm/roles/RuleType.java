package dev.nificrm.roles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The cleaning rules, by the names dynamic properties use: the kind of cleaning, implemented by the clean package's
 * RecordCleaner. A property may also be named after a {@link Role} (its rule is {@link Role#getCleaningRule()}) or
 * {@code url} (the website rule). Every rule starts with the text normalisation.
 */
public enum RuleType {
    TEXT("text"),
    NAME("name"),
    EMAIL("email"),
    PHONE("phone"),
    COUNTRY("country"),
    STATE("state"),
    POSTAL_CODE("postal_code"),
    DATE("date"),
    BIRTH_DATE("birth_date"),
    TIMESTAMP("timestamp"),
    WEBSITE("website"),
    /** A bare domain name ({@code acme.com}), as HubSpot's company domain is: a website's host without scheme, port, path or {@code www.}. */
    DOMAIN("domain");

    private final String key;

    RuleType(final String key) {
        this.key = key;
    }

    /** The lower-case name used in dynamic property names. */
    public String getKey() {
        return key;
    }

    /** The rule a dynamic property name stands for: a rule name, {@code url}, or a role key (case-insensitive). */
    public static Optional<RuleType> forName(final String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(Names.NAMES.get(name.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_')));
    }

    /** Every accepted name, sorted, for validation messages and documentation. */
    public static List<String> names() {
        return new ArrayList<>(new TreeSet<>(Names.NAMES.keySet()));
    }

    /**
     * Every accepted name: rule keys, the alias url, and role keys (a role stands for its rule). A holder, because
     * roles name their rule types: built on first use, not while either enum is being initialised.
     */
    private static final class Names {
        private static final Map<String, RuleType> NAMES = buildNames(Map.of("url", WEBSITE));
    }

    private static Map<String, RuleType> buildNames(final Map<String, RuleType> aliases) {
        final Map<String, RuleType> names = new HashMap<>(aliases);
        for (final Role role : Role.values()) {
            names.put(role.getKey(), role.getCleaningRule());
        }
        for (final RuleType type : values()) {
            names.put(type.key, type);
        }
        return Map.copyOf(names);
    }
}
