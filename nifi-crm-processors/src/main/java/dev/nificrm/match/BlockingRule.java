package dev.nificrm.match;

import dev.nificrm.roles.BlockingTransform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One blocking pass: records whose key under this rule is equal become candidate pairs. A key is built from parts
 * (a field's key, or a derivative of it such as its first letter, its Double Metaphone code or its year); a record
 * missing any part has no key in this pass. A field holding several values (a phone and a mobile) gives a key from its
 * first value ({@link #key}; from the first other value that makes one when the first makes none) and one from each other value ({@link #otherKeys}, up to {@value #MAXIMUM_VALUES} values
 * of a field and {@value #MAXIMUM_KEYS} keys in all), so a record is found by any of its values.
 * <pre>
 * new BlockingRule("first_initial+birth_date", List.of(Part.of(0, BlockingTransform.INITIAL), Part.of(3, BlockingTransform.EXACT)))
 * </pre>
 */
public final class BlockingRule {
    /** The values of one field a record is blocked on, at most. */
    static final int MAXIMUM_VALUES = 4;
    /** The keys one record has under one rule, at most. */
    public static final int MAXIMUM_KEYS = 8;

    private final String name;
    private final List<Part> parts;
    private final boolean unordered;
    /**
     * The codes of this rule's phonetic parts, asked for by the index and by a store for each record: its matcher's, shared
     * with the matcher's other rules and name comparators.
     */
    private final PhoneticCodes phoneticCodes;

    public BlockingRule(final String name, final List<Part> parts) {
        this(name, parts, false);
    }

    /**
     * A rule with Double Metaphone codes of its own; a {@link Matcher} given it uses it with the matcher's codes instead.
     *
     * @param unordered whether the first two parts are sorted before they are joined, so that values swapped between two
     *                  fields (first and last name) give the same key
     */
    public BlockingRule(final String name, final List<Part> parts, final boolean unordered) {
        this(name, parts, unordered, new PhoneticCodes());
    }

    /** A rule asking the given codes (its matcher's) for the codes of its phonetic parts. */
    BlockingRule(final String name, final List<Part> parts, final boolean unordered, final PhoneticCodes phoneticCodes) {
        if (parts.isEmpty() || unordered && parts.size() < 2) {
            throw new IllegalArgumentException("The blocking rule " + name + " has " + parts.size()
                    + " parts: a rule has one or more, an unordered rule two or more");
        }
        this.name = name;
        this.parts = List.copyOf(parts);
        this.unordered = unordered;
        this.phoneticCodes = phoneticCodes;
    }

    /** This rule asking the given codes (its matcher's) for the codes of its phonetic parts. */
    BlockingRule withPhoneticCodes(final PhoneticCodes shared) {
        return shared == phoneticCodes ? this : new BlockingRule(name, parts, unordered, shared);
    }

    PhoneticCodes phoneticCodes() {
        return phoneticCodes;
    }

    /** The parts of the key, in their order. */
    List<Part> parts() {
        return parts;
    }

    /** The name shown in logs and docs, e.g. {@code last_name~phonetic+postal_code}. */
    public String getName() {
        return name;
    }

    /**
     * The blocking key of a record, or null when a part is missing: the key from its fields' first values; when those
     * make none (a first email whose local part is too short, a first street line without a house number) and a field
     * holds several values, the first key its other values make, so that the record is still in the blocks of those.
     */
    public String key(final String[] keys) {
        final String key = firstValuesKey(keys);
        if (key != null || !holdsSeveralValues(keys)) {
            return key;
        }
        final Set<String> made = everyKey(keys);
        return made == null || made.isEmpty() ? null : made.iterator().next();
    }

    /** The key from the first value of each part's field, or null when one of them makes none. */
    private String firstValuesKey(final String[] keys) {
        if (parts.size() == 1) {
            return parts.getFirst().apply(keys, phoneticCodes);
        }
        // by index (no iterator), and two or three parts joined in one step (no builder): a key is made per record per rule
        final String applied = parts.get(0).apply(keys, phoneticCodes);
        if (applied == null) {
            return null;
        }
        final String otherApplied = parts.get(1).apply(keys, phoneticCodes);
        if (otherApplied == null) {
            return null;
        }
        final boolean inOrder = !unordered || applied.compareTo(otherApplied) <= 0;
        final String first = inOrder ? applied : otherApplied;
        final String second = inOrder ? otherApplied : applied;
        if (unordered && parts.size() == 2) {
            return first + '|' + second;
        }
        if (parts.size() == 2) {
            return first + '|' + second + '|';
        }
        final String third = parts.get(2).apply(keys, phoneticCodes);
        if (third == null) {
            return null;
        }
        if (parts.size() == 3) {
            return first + '|' + second + '|' + third + '|';
        }
        final StringBuilder builder = new StringBuilder(64).append(first).append('|').append(second).append('|').append(third).append('|');
        for (int i = 3; i < parts.size(); i++) {
            final String value = parts.get(i).apply(keys, phoneticCodes);
            if (value == null) {
                return null;
            }
            builder.append(value).append('|');
        }
        return builder.toString();
    }

    /**
     * The record's other keys under this rule, made from the other values of its fields that hold several (each key
     * once, the {@link #key} from the first values not among them), or null when it has none: most records hold one
     * value per field, and for them this costs a scan of the parts' keys.
     */
    public String[] otherKeys(final String[] keys) {
        if (!holdsSeveralValues(keys)) {
            return null;
        }
        final Set<String> made = everyKey(keys);
        if (made == null || made.isEmpty()) {
            return null;
        }
        final String first = firstValuesKey(keys);
        made.remove(first == null ? made.iterator().next() : first);
        return made.isEmpty() ? null : made.toArray(new String[0]);
    }

    /** Whether a field of a part holds several values. */
    private boolean holdsSeveralValues(final String[] keys) {
        for (int i = 0; i < parts.size(); i++) {
            final String value = parts.get(i).value(keys);
            if (value != null && value.indexOf(Comparison.VALUE_SEPARATOR) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Every key the values of the parts' fields make, in the order of the values, or null when a part makes none. */
    private Set<String> everyKey(final String[] keys) {
        final List<List<String>> partValues = new ArrayList<>(parts.size());
        for (final Part part : parts) {
            final List<String> values = part.applyToEach(keys, phoneticCodes);
            if (values.isEmpty()) {
                return null;
            }
            partValues.add(values);
        }
        final LinkedHashSet<String> made = new LinkedHashSet<>();
        combine(partValues, 0, new String[parts.size()], made);
        return made;
    }

    /** Every combination of the parts' values, joined as {@link #key} joins the first ones, up to the keys' limit. */
    private void combine(final List<List<String>> partValues, final int part, final String[] chosen, final Set<String> made) {
        if (part == chosen.length) {
            made.add(join(chosen));
            return;
        }
        for (final String value : partValues.get(part)) {
            if (made.size() >= MAXIMUM_KEYS) {
                return;
            }
            chosen[part] = value;
            combine(partValues, part + 1, chosen, made);
        }
    }

    private String join(final String[] values) {
        if (values.length == 1) {
            return values[0];
        }
        final boolean inOrder = !unordered || values[0].compareTo(values[1]) <= 0;
        if (unordered && values.length == 2) {
            return inOrder ? values[0] + '|' + values[1] : values[1] + '|' + values[0];
        }
        final StringBuilder builder = new StringBuilder(32);
        builder.append(inOrder ? values[0] : values[1]).append('|').append(inOrder ? values[1] : values[0]).append('|');
        for (int i = 2; i < values.length; i++) {
            builder.append(values[i]).append('|');
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
            case PLACE -> Umlauts.placeSpelling(value);
            case PLACE_PREFIX -> Umlauts.placeSpellingPrefix(value, 3);
            case SPELLING -> Umlauts.nameSpelling(value);
            case READ -> OrganisationNames.writtenOneWay(value);
        };
    }

    /**
     * One part of a key: a field's key slot and its transform, and the slot whose key stands in when the field has none
     * (-1: none), as a last name does for a missing first name.
     */
    public record Part(int slot, BlockingTransform transform, int fallbackSlot) {
        public static Part of(final int slot, final BlockingTransform transform) {
            return new Part(slot, transform, -1);
        }

        public static Part of(final int slot, final BlockingTransform transform, final int fallbackSlot) {
            return new Part(slot, transform, fallbackSlot);
        }

        /** The field's key, or the fallback field's when it has none. */
        String value(final String[] keys) {
            final String value = keys[slot];
            return value != null || fallbackSlot < 0 ? value : keys[fallbackSlot];
        }

        String apply(final String[] keys, final PhoneticCodes phoneticCodes) {
            String value = value(keys);
            if (value == null) {
                return null;
            }
            final int separator = value.indexOf(Comparison.VALUE_SEPARATOR);
            if (separator >= 0) {
                value = value.substring(0, separator);
            }
            return value.isEmpty() ? null : BlockingRule.apply(transform, value, phoneticCodes);
        }

        /** The part of a key each value of the field makes, in the values' order, each once (at most {@value #MAXIMUM_VALUES} values). */
        List<String> applyToEach(final String[] keys, final PhoneticCodes phoneticCodes) {
            final String value = value(keys);
            if (value == null) {
                return List.of();
            }
            final List<String> made = new ArrayList<>(2);
            int start = 0;
            for (int taken = 0; taken < MAXIMUM_VALUES && start <= value.length(); taken++) {
                int end = value.indexOf(Comparison.VALUE_SEPARATOR, start);
                if (end < 0) {
                    end = value.length();
                }
                if (end > start) {
                    final String part = BlockingRule.apply(transform, value.substring(start, end), phoneticCodes);
                    if (part != null && !made.contains(part)) {
                        made.add(part);
                    }
                }
                start = end + 1;
            }
            return made;
        }
    }
}
