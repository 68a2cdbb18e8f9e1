package dev.nificrm.match;

import dev.nificrm.roles.BlockingTransform;

import java.util.List;

/**
 * One blocking pass: records whose key under this rule is equal become candidate pairs. A key is built from parts
 * (a field's key, or a derivative of it such as its first letter, its Double Metaphone code or its year); a record
 * missing any part has no key in this pass. A field holding several values blocks on its first.
 * <pre>
 * new BlockingRule("first_initial+birth_date", List.of(Part.of(0, BlockingTransform.INITIAL), Part.of(3, BlockingTransform.EXACT)))
 * </pre>
 */
public final class BlockingRule {
    private final String name;
    private final List<Part> parts;
    private final boolean unordered;
    /** The codes of this rule's phonetic parts: a name's code is asked for by the index and by a store for each record. */
    private final PhoneticCodes phoneticCodes = new PhoneticCodes();

    public BlockingRule(final String name, final List<Part> parts) {
        this(name, parts, false);
    }

    /**
     * @param unordered whether the parts are sorted before they are joined, so that values swapped between two fields
     *                  (first and last name) give the same key
     */
    public BlockingRule(final String name, final List<Part> parts, final boolean unordered) {
        this.name = name;
        this.parts = List.copyOf(parts);
        this.unordered = unordered;
    }

    /** The name shown in logs and docs, e.g. {@code last_name~phonetic+postal_code}. */
    public String getName() {
        return name;
    }

    /** The blocking key of a record, or null when a part is missing. */
    public String key(final String[] keys) {
        if (parts.size() == 1) {
            return parts.getFirst().apply(keys, phoneticCodes);
        }
        if (unordered) {
            final String first = parts.get(0).apply(keys, phoneticCodes);
            final String second = parts.get(1).apply(keys, phoneticCodes);
            if (first == null || second == null) {
                return null;
            }
            return first.compareTo(second) <= 0 ? first + '|' + second : second + '|' + first;
        }
        final StringBuilder builder = new StringBuilder(32);
        for (final Part part : parts) {
            final String value = part.apply(keys, phoneticCodes);
            if (value == null) {
                return null;
            }
            builder.append(value).append('|');
        }
        return builder.toString();
    }

    @Override
    public String toString() {
        return name;
    }

    /** The part of a blocking key a transform makes of a field's key, or null when it makes none. */
    static String apply(final BlockingTransform transform, final String value, final PhoneticCodes phoneticCodes) {
        return switch (transform) {
            case EXACT -> value;
            case INITIAL -> value.substring(0, 1);
            case PREFIX -> value.length() <= 3 ? value : value.substring(0, 3);
            case PHONETIC -> {
                final String code = phoneticCodes.code(value);
                yield code == null || code.isEmpty() ? value : code;
            }
            case YEAR -> value.length() >= 4 ? value.substring(0, 4) : null;
            case LOCAL_PART -> {
                final String local = EmailComparator.localPart(value);
                yield local.length() < 3 ? null : local;
            }
            case DOMAIN -> EmailComparator.domain(value);
            case NUMBER -> Addresses.houseNumber(value);
        };
    }

    /** One part of a key: a field's key slot and its transform. */
    public record Part(int slot, BlockingTransform transform) {
        public static Part of(final int slot, final BlockingTransform transform) {
            return new Part(slot, transform);
        }

        String apply(final String[] keys, final PhoneticCodes phoneticCodes) {
            String value = keys[slot];
            if (value == null) {
                return null;
            }
            final int separator = value.indexOf(Comparison.VALUE_SEPARATOR);
            if (separator >= 0) {
                value = value.substring(0, separator);
            }
            return value.isEmpty() ? null : BlockingRule.apply(transform, value, phoneticCodes);
        }
    }
}
