package dev.nificrm.merge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields the sync treats as multi-select picklists: a set of options, whose order means nothing. A CRM returns the
 * options in an order of its own (Salesforce in the picklist's order, HubSpot as entered), so {@code Golf;Tennis} and
 * {@code Tennis;Golf} are one value; compared in the order written, each system's order would read as an edit of the
 * other's and the field would be written back and forth for ever.
 * <p>
 * A declared field's canonical value, the one compared, holds its options once each, trimmed, empty ones left out, in
 * alphabetical order, joined by the delimiter ({@code Tennis; Golf;} → {@code Golf;Tennis}), whether the value is text
 * or a list (a multi-select read as an array, its elements the options): one CRM may give the field as text and the
 * other as a list, and {@code ["Tennis","Golf"]} is then {@code Golf;Tennis} too. Only when an option holds the
 * delimiter itself (a list's element {@code "a;b"}, which text cannot hold as one option) is the canonical value the
 * JSON array of the options. Options are compared as written: case matters, as everywhere in the sync.
 * <p>
 * When both systems changed the field since they were last in sync, each side's additions and removals are applied to
 * the base ({@link #merge}): base {@code Golf}, one side {@code Golf;Tennis}, the other {@code Chess;Golf} gives
 * {@code Chess;Golf;Tennis}; no option can be added on one side and removed on the other, so this never contradicts an
 * edit.
 * <p>
 * What is written, and kept in snapshots, is not the canonical order but the order (and the form, text or list) a system
 * gave ({@link #inOrderGiven}):
 * a CRM admin sees the options of the system whose value won in that system's order (HubSpot's {@code Tennis;Golf;Chess}
 * reaches Salesforce so), and options merged from both sides in the incoming record's order, the other side's additions
 * after them.
 */
public final class MultiSelectFields {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MultiSelectFields NONE = new MultiSelectFields(Set.of(), ";");

    private final Set<String> fields;
    private final String delimiter;

    private MultiSelectFields(final Set<String> fields, final String delimiter) {
        this.fields = Set.copyOf(fields);
        this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.isEmpty()) {
            throw new IllegalArgumentException("the delimiter of multi-select options must not be empty");
        }
    }

    /** No field is a multi-select: every value is compared as written. */
    public static MultiSelectFields none() {
        return NONE;
    }

    /** The given top-level fields hold options separated by the delimiter, e.g. {@code ;}. */
    public static MultiSelectFields of(final Set<String> fields, final String delimiter) {
        return fields.isEmpty() ? NONE : new MultiSelectFields(fields, delimiter);
    }

    /** Whether no field is a multi-select. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Whether two values of a field are one value: for a multi-select, the same options in any order. */
    public boolean same(final String field, final String value, final String other) {
        return Objects.equals(canonical(field, value), canonical(field, other));
    }

    /**
     * Whether two values, read as a multi-select's whatever their field, hold the same options in another order: text split
     * at this delimiter, a list (a JSON array) as its elements, each option trimmed and once, as {@link #canonical} reads
     * them ({@code Tennis ;Golf} and {@code Golf;Tennis}). False when either is null, one is a list and the other text, or
     * the options differ (one added, dropped or spelled otherwise, case included): such values differ as a multi-select too;
     * and false when the options are in the same order (values that differ in spacing only): their order is not what differs.
     */
    public boolean sameOptionsInAnotherOrder(final String value, final String other) {
        if (value == null || other == null || (Values.listOf(value) != null) != (Values.listOf(other) != null)) {
            return false;
        }
        final LinkedHashSet<String> options = parseInOrder(value);
        final LinkedHashSet<String> otherOptions = parseInOrder(other);
        if (options.size() < 2 || !options.equals(otherOptions)) {
            return false;
        }
        final Iterator<String> inOtherOrder = otherOptions.iterator();
        for (final String option : options) {
            if (!option.equals(inOtherOrder.next())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two values, read as a multi-select's whatever their field, hold the same options in the same order and differ
     * in the spacing around them only ({@code Golf ; Tennis} and {@code Golf;Tennis}, a list's {@code [" vip","press"]} and
     * {@code ["vip","press"]}): options trimmed as {@link #canonical} trims them. False when either is null, one is a list and
     * the other text, the values are equal, there is one option only (no delimiter to space around), or the options differ
     * or are in another order ({@link #sameOptionsInAnotherOrder}).
     */
    public boolean sameOptionsSpacedOtherwise(final String value, final String other) {
        if (value == null || other == null || value.equals(other) || (Values.listOf(value) != null) != (Values.listOf(other) != null)) {
            return false;
        }
        final LinkedHashSet<String> options = parseInOrder(value);
        return options.size() >= 2 && List.copyOf(options).equals(List.copyOf(parseInOrder(other)));
    }

    /** Whether the field is a multi-select. */
    public boolean contains(final String field) {
        return fields.contains(field);
    }

    /** The canonical value of a field, the one compared: a multi-select's options in alphabetical order (see the class), any other field's value as it is. */
    public String canonical(final String field, final String value) {
        if (value == null || !fields.contains(field)) {
            return value;
        }
        final TreeSet<String> options = parse(value);
        return options.isEmpty() ? null : write(options, holdsDelimiter(options));
    }

    /** Whether an option holds the delimiter: joined by it, the options could not be told apart again. */
    private boolean holdsDelimiter(final Collection<String> options) {
        for (final String option : options) {
            if (option.contains(delimiter)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A multi-select's value (text or a list's canonical text) in the form of the field it is written into: for a list
     * field (an array) its options in order, each once, as a list; for a text field its options joined by the delimiter.
     * So a value taken from a CRM that gives the field as a list is written into one that holds it as text, and the other
     * way round. Null for null or a value without options.
     */
    public Object inFormOf(final String value, final boolean listField) {
        if (value == null) {
            return null;
        }
        final LinkedHashSet<String> options = parseInOrder(value);
        if (options.isEmpty()) {
            return null;
        }
        return listField ? options.toArray(new Object[0]) : String.join(delimiter, options);
    }

    /** The state with its multi-select fields canonical; the same state when it has none, or they are canonical already. */
    public SyncState canonical(final SyncState state) {
        if (state == null || fields.isEmpty()) {
            return state;
        }
        Map<String, String> changed = null;
        for (final Map.Entry<String, String> entry : state.fields().entrySet()) {
            final String canonical = canonical(entry.getKey(), entry.getValue());
            if (!Objects.equals(canonical, entry.getValue())) {
                if (changed == null) {
                    changed = new LinkedHashMap<>();
                }
                changed.put(entry.getKey(), canonical);
            }
        }
        return changed == null ? state : state.with(changed, state.deleted(), state.modified());
    }

    /**
     * The state with each multi-select held as text read as the first known value whose options, an option holding the
     * delimiter split at it, are the text's: text cannot hold an option holding the delimiter ({@code "R;D"} written into a
     * text field comes back as {@code Golf;R;D}), so such text spells that value, not options of its own. Known values
     * are what the sync knows of the field (what it wrote to the record's system or read there last, the other system's),
     * most wanted first. The same state when no value needs it.
     *
     * @param known states as systems gave them, nulls allowed
     */
    public SyncState readAgainst(final SyncState state, final List<SyncState> known) {
        if (state == null || fields.isEmpty()) {
            return state;
        }
        Map<String, String> read = null;
        for (final String field : fields) {
            final String value = state.value(field);
            if (value == null || Values.listOf(value) != null) {
                continue;
            }
            final Set<String> options = options(value);
            for (final SyncState other : known) {
                final String otherValue = other == null ? null : other.value(field);
                if (otherValue == null || Values.listOf(otherValue) == null) {
                    continue;
                }
                final LinkedHashSet<String> otherOptions = parseInOrder(otherValue);
                if (holdsDelimiter(otherOptions) && options.equals(options(String.join(delimiter, otherOptions)))) {
                    if (read == null) {
                        read = new LinkedHashMap<>();
                    }
                    read.put(field, otherValue);
                    break;
                }
            }
        }
        return read == null ? state : state.with(read, state.deleted(), state.modified());
    }

    /**
     * The forms a state read in a list form could be kept in by versions before a list's canonical value was its options as
     * text: its options' sorted JSON array (kept once the field was named a multi-select), and the list as read (kept before
     * it was). Empty when the state holds no multi-select as a list. Each form holds the same options as the state, so a
     * fingerprint taken of one names this very state: a second row routed then, read again unchanged, is routed already.
     */
    public List<SyncState> earlierForms(final SyncState state) {
        if (state == null || fields.isEmpty()) {
            return List.of();
        }
        Map<String, String> sorted = null;
        for (final String field : fields) {
            final String value = state.value(field);
            final Object[] list = value == null ? null : Values.listOf(value);
            if (list != null) {
                if (sorted == null) {
                    sorted = new LinkedHashMap<>();
                }
                final TreeSet<String> options = new TreeSet<>(elements(list));
                sorted.put(field, options.isEmpty() ? null : write(options, true));
            }
        }
        return sorted == null ? List.of() : List.of(state.with(sorted, state.deleted(), state.modified()), state);
    }

    /**
     * The value of a multi-select changed on both sides: the base's options with each side's additions and without each
     * side's removals, canonical; null when that leaves no option. The values are canonical.
     */
    public String merge(final String field, final String base, final String mine, final String theirs) {
        final TreeSet<String> was = parse(base);
        final TreeSet<String> merged = new TreeSet<>(was);
        for (final String side : Arrays.asList(mine, theirs)) {
            final TreeSet<String> now = parse(side);
            for (final String option : was) {
                if (!now.contains(option)) {
                    merged.remove(option);
                }
            }
            for (final String option : now) {
                if (!was.contains(option)) {
                    merged.add(option);
                }
            }
        }
        return merged.isEmpty() ? null : write(merged, holdsDelimiter(merged));
    }

    /**
     * The state with the options of its multi-select fields in the order a system gave them: the order of the first of the
     * given states (most wanted first, e.g. the record read, then the other system's) whose value of the field holds the
     * same options; when none does (options merged from both sides), the options in the order they first appear in the
     * given states, one after another. The same state when it has no multi-select field or its order is the one given.
     *
     * @param given states as systems gave them (not made canonical), nulls allowed
     */
    public SyncState inOrderGiven(final SyncState state, final List<SyncState> given) {
        if (state == null || fields.isEmpty()) {
            return state;
        }
        Map<String, String> changed = null;
        for (final String field : fields) {
            final String value = state.value(field);
            if (value == null) {
                continue;
            }
            final String ordered = inOrderGiven(field, value, given);
            if (!ordered.equals(value)) {
                if (changed == null) {
                    changed = new LinkedHashMap<>();
                }
                changed.put(field, ordered);
            }
        }
        return changed == null ? state : state.with(changed, state.deleted(), state.modified());
    }

    /**
     * A multi-select's value (canonical or not) with its options in the order and form (text or list) of the first given
     * state whose value holds the same options, else as {@link #inOrderGiven(SyncState, List)} merges them, in the form of
     * the first given state that has the field; null for null.
     */
    String inOrderGiven(final String field, final String value, final List<SyncState> given) {
        if (value == null) {
            return null;
        }
        final Set<String> options = parse(value);
        // the form (text or list) of the system whose value survives, else of the first state that has the field
        Boolean list = null;
        for (final SyncState state : given) {
            final String other = state == null ? null : state.value(field);
            if (other != null) {
                final LinkedHashSet<String> inOrder = parseInOrder(other);
                if (inOrder.equals(options)) {
                    return write(inOrder, Values.listOf(other) != null);
                }
                if (list == null) {
                    list = Values.listOf(other) != null;
                }
            }
        }
        final LinkedHashSet<String> merged = new LinkedHashSet<>();
        for (final SyncState state : given) {
            final String other = state == null ? null : state.value(field);
            if (other != null) {
                for (final String option : parseInOrder(other)) {
                    if (options.contains(option)) {
                        merged.add(option);
                    }
                }
            }
        }
        // an option no state gave (none should be) keeps its alphabetical place after the others
        merged.addAll(options);
        return write(merged, list == null ? Values.listOf(value) != null : list || holdsDelimiter(merged));
    }

    private TreeSet<String> parse(final String value) {
        return value == null ? new TreeSet<>() : new TreeSet<>(parseInOrder(value));
    }

    /** The options of a value in the order written, once each. */
    private LinkedHashSet<String> parseInOrder(final String value) {
        final Object[] list = Values.listOf(value);
        return list == null ? options(value) : elements(list);
    }

    private LinkedHashSet<String> options(final String text) {
        final LinkedHashSet<String> options = new LinkedHashSet<>();
        int start = 0;
        while (start <= text.length()) {
            final int end = text.indexOf(delimiter, start);
            final String option = text.substring(start, end < 0 ? text.length() : end).strip();
            if (!option.isEmpty()) {
                options.add(option);
            }
            if (end < 0) {
                break;
            }
            start = end + delimiter.length();
        }
        return options;
    }

    private static LinkedHashSet<String> elements(final Object[] list) {
        final LinkedHashSet<String> options = new LinkedHashSet<>();
        for (final Object element : list) {
            if (element != null && !element.toString().isBlank()) {
                options.add(element.toString().strip());
            }
        }
        return options;
    }

    private String write(final Collection<String> options, final boolean list) {
        if (list) {
            final ArrayNode array = JSON.createArrayNode();
            options.forEach(array::add);
            return array.toString();
        }
        return String.join(delimiter, options);
    }
}
