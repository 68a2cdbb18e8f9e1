package dev.nificrm.roles;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One automatic blocking pass over roles: records whose parts agree become candidate pairs. The pass is used when
 * every role it needs is compared. Its name says what it keys on: {@code last_name~phonetic+postal_code}; braces mark
 * an unordered pass whose first two parts are sorted before they are joined, so that values swapped between the two
 * fields give the same key ({@code {first_name~phonetic,last_name~phonetic}},
 * {@code {first_name~initial,last_name~initial}+birth_date}).
 *
 * @param parts     the roles and how each one's key enters the blocking key
 * @param unordered whether the first two parts are sorted before they are joined
 */
public record BlockingPass(List<Part> parts, boolean unordered) {

    public BlockingPass {
        parts = List.copyOf(parts);
        if (parts.isEmpty() || unordered && parts.size() < 2) {
            throw new IllegalArgumentException("A blocking pass needs parts, and at least two when unordered: " + parts);
        }
    }

    /** The pass name, e.g. {@code email~domain+first_name~initial}. */
    public String name() {
        if (unordered) {
            final String swappable = "{" + parts.get(0) + "," + parts.get(1) + "}";
            return parts.size() == 2 ? swappable
                    : swappable + "+" + parts.subList(2, parts.size()).stream().map(Part::toString).collect(Collectors.joining("+"));
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

    /**
     * One part of a pass: a role's key, transformed; or, with a {@code fallback} role, the fallback's key when the record
     * has none of the role ({@code first_name/last_name~initial}: a record that holds only a last name is keyed by its
     * initial, so that it meets a record whose first and last name are swapped).
     */
    public record Part(Role role, BlockingTransform transform, Role fallback) {
        public Part(final Role role, final BlockingTransform transform) {
            this(role, transform, null);
        }

        @Override
        public String toString() {
            final String roles = fallback == null ? role.getKey() : role.getKey() + "/" + fallback.getKey();
            return transform == BlockingTransform.EXACT ? roles : roles + "~" + transform.getKey();
        }
    }
}
