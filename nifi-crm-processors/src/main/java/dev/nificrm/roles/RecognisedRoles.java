package dev.nificrm.roles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles that zero configuration compares for the fields of one schema, chosen so that no piece of evidence is
 * counted twice, with an account of the choice for operators ({@link #describe()}).
 * <ul>
 * <li>Field names are recognised by {@link FieldRoles}; roles that are not evidence of identity when recognised
 * (created and modified dates) are left out.</li>
 * <li>Several fields of one role ({@code Email}, {@code Email2}) are one comparison: the best agreeing pair counts,
 * once.</li>
 * <li>A role covered by others present ({@link Role#getCoveredBy()}: a full name besides first or last names) is not
 * compared.</li>
 * <li>{@code Name} means a person in a Contact export and a company in an Account export: it is a full name when the
 * schema has person-name fields, a company when it has fields only accounts have ({@code Website}, {@code Industry},
 * {@code BillingStreet}, {@code NumberOfEmployees}...), and left out otherwise.</li>
 * </ul>
 * <pre>
 * RecognisedRoles.of(List.of("Id", "Name", "FirstName", "LastName", "Email", "Email2")).describe()
 * // "external_id=Id; first_name=FirstName; last_name=LastName; email=Email, Email2 (compared once: the best agreeing pair);
 * //  not compared: full_name=Name (first_name, last_name carry the same evidence)"
 * </pre>
 */
public final class RecognisedRoles {
    /** Normalised field names only accounts have (without a CRM address prefix). */
    private static final Set<String> ACCOUNT_FIELDS = Set.of("industry", "accountnumber", "numberofemployees", "employees",
            "annualrevenue", "tickersymbol", "ownership", "sic", "siccode", "naicscode", "accounttype", "accountsource", "parentid",
            "parentaccount", "numberofemployeesrange", "revenue", "yearfounded", "foundedyear", "isic");
    private static final List<String> ACCOUNT_PREFIXES = List.of("billing", "shipping");
    private static final String AMBIGUOUS_NAME = "name";

    private final List<Field> fields;
    private final List<String> leftOut;

    private RecognisedRoles(final List<Field> fields, final List<String> leftOut) {
        this.fields = List.copyOf(fields);
        this.leftOut = List.copyOf(leftOut);
    }

    /** One compared role and the names of the schema's fields that play it, in schema order. */
    public record Field(Role role, List<String> fieldNames) {
        public Field {
            fieldNames = List.copyOf(fieldNames);
        }
    }

    /** The roles to compare for a schema's field names, in the order their first fields have in the schema. */
    public static RecognisedRoles of(final List<String> fieldNames) {
        final List<Role> recognised = new ArrayList<>(fieldNames.size());
        boolean personNames = false;
        boolean accountFields = false;
        for (final String fieldName : fieldNames) {
            final Role role = FieldRoles.recognize(fieldName).filter(Role::isComparedWhenRecognised).orElse(null);
            recognised.add(role);
            personNames |= role == Role.FIRST_NAME || role == Role.LAST_NAME || role == Role.FULL_NAME;
            accountFields |= role == Role.WEBSITE || isAccountField(FieldRoles.normalise(fieldName));
        }
        final Map<Role, List<String>> byRole = new LinkedHashMap<>();
        final List<String> leftOut = new ArrayList<>();
        for (int i = 0; i < fieldNames.size(); i++) {
            final String fieldName = fieldNames.get(i);
            Role role = recognised.get(i);
            if (role == null && FieldRoles.normalise(fieldName).equals(AMBIGUOUS_NAME)) {
                if (personNames) {
                    role = Role.FULL_NAME;
                } else if (accountFields) {
                    role = Role.COMPANY;
                } else {
                    leftOut.add(Role.FULL_NAME.getKey() + " or " + Role.COMPANY.getKey() + "=" + fieldName
                            + " (a person or a company? set the role with a dynamic property)");
                }
            }
            if (role != null) {
                byRole.computeIfAbsent(role, key -> new ArrayList<>()).add(fieldName);
            }
        }
        final List<Field> fields = new ArrayList<>();
        for (final Map.Entry<Role, List<String>> entry : byRole.entrySet()) {
            final List<Role> covering = entry.getKey().getCoveredBy().stream().filter(byRole::containsKey).toList();
            if (covering.isEmpty()) {
                fields.add(new Field(entry.getKey(), entry.getValue()));
            } else {
                leftOut.add(entry.getKey().getKey() + "=" + String.join(", ", entry.getValue()) + " ("
                        + String.join(", ", covering.stream().map(Role::getKey).toList()) + " carry the same evidence)");
            }
        }
        return new RecognisedRoles(fields, leftOut);
    }

    private static boolean isAccountField(final String normalised) {
        if (ACCOUNT_FIELDS.contains(normalised)) {
            return true;
        }
        for (final String prefix : ACCOUNT_PREFIXES) {
            if (normalised.startsWith(prefix) && normalised.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    /** The roles to compare, each with its fields. */
    public List<Field> getFields() {
        return fields;
    }

    /** Whether no field plays a role that zero configuration compares. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /**
     * The account of the choice for the {@code crm.match.roles} attribute: {@code role=Field, Field}; per role, a note
     * when several fields are compared once; then the fields recognised but not compared, and why.
     */
    public String describe() {
        final List<String> parts = new ArrayList<>();
        for (final Field field : fields) {
            parts.add(field.role().getKey() + "=" + String.join(", ", field.fieldNames())
                    + (field.fieldNames().size() > 1 ? " (compared once: the best agreeing pair)" : ""));
        }
        if (!leftOut.isEmpty()) {
            parts.add("not compared: " + String.join(", ", leftOut));
        }
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }
}
