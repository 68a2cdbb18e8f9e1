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
    /** What {@link #writeHashedKey} returns for a record without a key under the rule (a key's hash is never negative). */
    static final long NO_KEY = -1;
    /** 31 to the power of the index, as {@code int}s overflow (a key's parts are short: longer ones are multiplied on). */
    private static final int[] POWERS_OF_31 = new int[64];

    static {
        POWERS_OF_31[0] = 1;
        for (int i = 1; i < POWERS_OF_31.length; i++) {
            POWERS_OF_31[i] = POWERS_OF_31[i - 1] * 31;
        }
    }

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
        final StringBuilder builder = new StringBuilder(64);
        return writeKey(keys, builder) ? builder.toString() : null;
    }

    /**
     * Writes the record's {@link #key} into a builder (emptied first), or returns false when it has none: the same
     * characters, written in one pass without a string for the key or its parts.
     */
    boolean writeKey(final String[] keys, final StringBuilder into) {
        return writeHashedKey(keys, into) != NO_KEY;
    }

    /**
     * Writes the record's {@link #key} into a builder (emptied first) and returns its {@link String#hashCode} as an
     * unsigned int, or {@link #NO_KEY} when it has none: the hash is made of the parts' hashes as they are written (a
     * whole value's and a phonetic code's are their strings' own, kept by the strings), so that the index's passes look
     * the key up without reading its characters again and make a string only of a key they have not seen.
     */
    long writeHashedKey(final String[] keys, final StringBuilder into) {
        final long hash = writeFirstValuesKey(keys, into);
        if (hash != NO_KEY) {
            return hash;
        }
        if (!holdsSeveralValues(keys)) {
            return NO_KEY;
        }
        final Set<String> made = everyKey(keys);
        if (made == null || made.isEmpty()) {
            return NO_KEY;
        }
        into.setLength(0);
        final String key = made.iterator().next();
        into.append(key);
        return Integer.toUnsignedLong(key.hashCode());
    }

    /** The key from the first value of each part's field, or null when one of them makes none. */
    private String firstValuesKey(final String[] keys) {
        final StringBuilder builder = new StringBuilder(64);
        return writeFirstValuesKey(keys, builder) != NO_KEY ? builder.toString() : null;
    }

    /**
     * Writes the key from the first value of each part's field into a builder (emptied first): the parts joined by
     * {@code |}, each followed by one when there are several (an unordered rule's two parts: between them only, the lesser
     * first); returns the key's hash ({@link #writeHashedKey}), or {@link #NO_KEY} when a part makes none.
     */
    private long writeFirstValuesKey(final String[] keys, final StringBuilder into) {
        into.setLength(0);
        // by index (no iterator): a key is made per record per rule
        final long first = parts.get(0).write(keys, phoneticCodes, into);
        if (first == NO_KEY || parts.size() == 1) {
            return first;
        }
        final int firstEnd = into.length();
        into.append('|');
        final long second = parts.get(1).write(keys, phoneticCodes, into);
        if (second == NO_KEY) {
            return NO_KEY;
        }
        final int secondLength = into.length() - firstEnd - 1;
        int hash;
        if (unordered && comesBefore(into, firstEnd + 1, into.length(), 0, firstEnd)) {
            // the second part first: written after both, then both removed from the front
            final int secondEnd = into.length();
            into.append(into, firstEnd + 1, secondEnd).append('|').append(into, 0, firstEnd);
            into.delete(0, secondEnd);
            hash = followedBy(((int) second) * 31 + '|', (int) first, firstEnd);
        } else {
            hash = followedBy(((int) first) * 31 + '|', (int) second, secondLength);
        }
        if (unordered && parts.size() == 2) {
            return Integer.toUnsignedLong(hash);
        }
        into.append('|');
        hash = hash * 31 + '|';
        for (int i = 2; i < parts.size(); i++) {
            final int start = into.length();
            final long part = parts.get(i).write(keys, phoneticCodes, into);
            if (part == NO_KEY) {
                return NO_KEY;
            }
            into.append('|');
            hash = followedBy(hash, (int) part, into.length() - 1 - start) * 31 + '|';
        }
        return Integer.toUnsignedLong(hash);
    }

    /**
     * The {@link String#hashCode} of characters whose hash is {@code hash} followed by {@code length} characters whose
     * hash is {@code next}: String's hash is a polynomial in 31, so that of a joined key is made of its parts' hashes.
     */
    private static int followedBy(final int hash, final int next, final int length) {
        return hash * powerOf31(length) + next;
    }

    private static int powerOf31(final int exponent) {
        if (exponent < POWERS_OF_31.length) {
            return POWERS_OF_31[exponent];
        }
        int power = POWERS_OF_31[POWERS_OF_31.length - 1];
        for (int i = POWERS_OF_31.length - 1; i < exponent; i++) {
            power *= 31;
        }
        return power;
    }

    /** The {@link String#hashCode} of a builder's characters from {@code start} to its end, as an unsigned int. */
    private static long hashOf(final StringBuilder chars, final int start) {
        int hash = 0;
        for (int i = start; i < chars.length(); i++) {
            hash = 31 * hash + chars.charAt(i);
        }
        return Integer.toUnsignedLong(hash);
    }

    /** Whether the characters {@code [start, end)} of a builder sort before those of {@code [otherStart, otherEnd)}, as {@link String#compareTo}. */
    private static boolean comesBefore(final StringBuilder chars, final int start, final int end, final int otherStart, final int otherEnd) {
        final int length = end - start;
        final int otherLength = otherEnd - otherStart;
        for (int i = 0; i < Math.min(length, otherLength); i++) {
            final char c = chars.charAt(start + i);
            final char other = chars.charAt(otherStart + i);
            if (c != other) {
                return c < other;
            }
        }
        return length < otherLength;
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

        /**
         * Writes the part of the key the field's first value makes ({@link BlockingRule#apply} of it) at the end of a
         * builder and returns its {@link String#hashCode} as an unsigned int, or {@link #NO_KEY} when it makes none; the
         * transforms that take the value's first characters write them without cutting them out, and a part that is a
         * whole string (the value itself, a phonetic code) gives that string's hash, which the string keeps.
         */
        long write(final String[] keys, final PhoneticCodes phoneticCodes, final StringBuilder into) {
            final String value = value(keys);
            if (value == null) {
                return NO_KEY;
            }
            final int separator = value.indexOf(Comparison.VALUE_SEPARATOR);
            final int end = separator >= 0 ? separator : value.length();
            if (end == 0) {
                return NO_KEY;
            }
            final int start = into.length();
            switch (transform) {
                case EXACT -> {
                    into.append(value, 0, end);
                    if (end == value.length()) {
                        return Integer.toUnsignedLong(value.hashCode());
                    }
                }
                case INITIAL -> {
                    into.append(value.charAt(0));
                    return value.charAt(0);
                }
                case PREFIX -> into.append(value, 0, Math.min(end, 3));
                case YEAR -> {
                    if (end < 4) {
                        return NO_KEY;
                    }
                    into.append(value, 0, 4);
                }
                case LOCAL_PART -> {
                    final int at = value.lastIndexOf('@', end - 1);
                    final int length = at < 0 ? end : at;
                    if (length < 3) {
                        return NO_KEY;
                    }
                    into.append(value, 0, length);
                }
                case DOMAIN -> {
                    final int at = value.lastIndexOf('@', end - 1);
                    if (at < 0 || at == end - 1) {
                        return NO_KEY;
                    }
                    into.append(value, at + 1, end);
                }
                case PLACE_PREFIX -> Umlauts.writePlaceSpellingPrefix(value, end, 3, into);
                default -> {
                    final String made = BlockingRule.apply(transform, end == value.length() ? value : value.substring(0, end), phoneticCodes);
                    if (made == null) {
                        return NO_KEY;
                    }
                    into.append(made);
                    return Integer.toUnsignedLong(made.hashCode());
                }
            }
            return hashOf(into, start);
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
