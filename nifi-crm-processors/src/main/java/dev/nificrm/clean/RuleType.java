package dev.nificrm.clean;

import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The cleaning rules, by the names dynamic properties use. A property may also be named after a
 * {@link Role} (its rule is {@link #forRole}) or {@code url} (the website rule).
 * <table>
 * <caption>Roles and rules</caption>
 * <tr><th>role</th><th>rule</th></tr>
 * <tr><td>first_name, middle_name, last_name, full_name</td><td>name</td></tr>
 * <tr><td>email, phone, country, state, postal_code, birth_date, date, website</td><td>the rule of the same name</td></tr>
 * <tr><td>street, house_number, city, company, external_id, national_id</td><td>text (case is kept: company names
 * like eBay or IBM and street spellings are deliberate)</td></tr>
 * </table>
 * Every rule starts with the {@link TextRule text} normalisation.
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
    WEBSITE("website");

    /** Every accepted name: rule keys, the alias url, and role keys (a role stands for its rule). */
    private static final Map<String, RuleType> NAMES = buildNames(Map.of("url", WEBSITE));

    private final String key;

    RuleType(final String key) {
        this.key = key;
    }

    /** The lower-case name used in dynamic property names. */
    public String getKey() {
        return key;
    }

    /** The rule that cleans values of a role. */
    public static RuleType forRole(final Role role) {
        return switch (role) {
            case FIRST_NAME, MIDDLE_NAME, LAST_NAME, FULL_NAME -> NAME;
            case EMAIL -> EMAIL;
            case PHONE -> PHONE;
            case COUNTRY -> COUNTRY;
            case STATE -> STATE;
            case POSTAL_CODE -> POSTAL_CODE;
            case BIRTH_DATE -> BIRTH_DATE;
            case DATE -> DATE;
            case WEBSITE -> WEBSITE;
            case STREET, HOUSE_NUMBER, CITY, COMPANY, EXTERNAL_ID, NATIONAL_ID -> TEXT;
        };
    }

    /** The rule a dynamic property name stands for: a rule name, {@code url}, or a role key (case-insensitive). */
    public static Optional<RuleType> forName(final String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(NAMES.get(name.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_')));
    }

    /** Every accepted name, sorted, for validation messages and documentation. */
    public static List<String> names() {
        return new ArrayList<>(new TreeSet<>(NAMES.keySet()));
    }

    private static Map<String, RuleType> buildNames(final Map<String, RuleType> aliases) {
        final Map<String, RuleType> names = new HashMap<>(aliases);
        for (final Role role : Role.values()) {
            names.put(role.getKey(), forRole(role));
        }
        for (final RuleType type : values()) {
            names.put(type.key, type);
        }
        return Map.copyOf(names);
    }
}
