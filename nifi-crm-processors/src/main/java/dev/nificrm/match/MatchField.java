package dev.nificrm.match;

import dev.nificrm.roles.Role;

import java.util.Objects;
import java.util.Optional;

/**
 * One field compared by the matcher: the name it is explained under and the role that decides how it is normalised,
 * compared and blocked on. A field without a role is compared as generic text.
 *
 * @param name the name shown in explanations, usually the role key ({@code last_name}) or the property name
 * @param role the role, or null for generic text
 */
public record MatchField(String name, Role role) {

    public MatchField {
        Objects.requireNonNull(name, "name");
    }

    /** A field named after its role. */
    public static MatchField of(final Role role) {
        return new MatchField(role.getKey(), role);
    }

    /** A field named by a dynamic property: a role key, or any other name for generic text. */
    public static MatchField named(final String name) {
        final Optional<Role> role = Role.fromKey(name);
        return role.map(MatchField::of).orElseGet(() -> new MatchField(name, null));
    }
}
