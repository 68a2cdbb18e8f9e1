package dev.nificrm.roles;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One automatic blocking pass over roles: records whose parts agree become candidate pairs. The pass is used when
 * every role it needs is compared. Its name says what it keys on: {@code last_name~phonetic+postal_code}; braces mark
 * an unordered pass whose parts are sorted before they are joined, so that values swapped between the two fields give
 * the same key ({@code {first_name~phonetic,last_name~phonetic}}).
 *
 * @param parts     the roles and how each one's key enters the blocking key
 * @param unordered whether the parts are sorted before they are joined
 */
public record BlockingPass(List<Part> parts, boolean unordered) {

    public BlockingPass {
        parts = List.copyOf(parts);
        if (parts.isEmpty() || unordered && parts.size() != 2) {
            throw new IllegalArgumentException("A blocking pass needs parts, and exactly two when unordered: " + parts);
        }
    }

    /** The pass name, e.g. {@code email~domain+first_name~initial}. */
    public String name() {
        if (unordered) {
            return parts.stream().map(Part::toString).collect(Collectors.joining(",", "{", "}"));
        }
        return parts.stream().map(Part::toString).collect(Collectors.joining("+"));
    }

    /** Whether one of the parts keys on the role. */
    public boolean uses(final Role role) {
        for (final Part part : parts) {
            if (part.role() == role) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name();
    }

    /** One part of a pass: a role's key, transformed. */
    public record Part(Role role, BlockingTransform transform) {
        @Override
        public String toString() {
            return transform == BlockingTransform.EXACT ? role.getKey() : role.getKey() + "~" + transform.getKey();
        }
    }
}
