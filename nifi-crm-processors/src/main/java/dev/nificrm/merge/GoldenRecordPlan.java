package dev.nificrm.merge;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Merges the records of one customer into a golden record, field by field, each field by its survivorship rule.
 * <p>
 * Ties are broken by one order of the members, the same for every rule: first by {@link SourcePriority} (the systems
 * listed first win), then the most recent timestamp (records without one after those with one), then the system name
 * and the source id (alphabetically, records without them last), then the position in the FlowFile. The first member
 * in that order is the preferred one. Every rule except {@code source_priority} chooses among non-empty values only
 * (null, blank, empty arrays), so a golden record never loses a value because the preferred record lacked it;
 * {@code source_priority} keeps the preferred system's empty value, but passes over records that do not have the field
 * at all ({@link Member#ABSENT}). Two members with the same system and id are two versions of one source record: only the
 * newer one takes part (see {@link #merge}). The {@code same_record} fields take the values of the one record that won
 * another field, the plan's same-record field (the record created first, for an id beside a created date taken by
 * {@code min}), so that the golden record carries them from one record.
 * <pre>
 * GoldenRecordPlan plan = new GoldenRecordPlan(List.of(
 *         new FieldSurvivorship("Email", SurvivorshipRule.UNION),
 *         new FieldSurvivorship("Phone", SurvivorshipRule.MOST_RECENT)),
 *     SourcePriority.parse("salesforce, hubspot"), UnionFormat.delimited(";"));
 * GoldenRecord golden = plan.merge(List.of(
 *         new Member("salesforce", "003A", march1, 0, new Object[] {"bob@x.com", "(415) 555-0101"}),
 *         new Member("hubspot", "901", april9, 1, new Object[] {"rob@y.com", "415-555-0199"})));
 * golden.value(0);  // "bob@x.com;rob@y.com"
 * golden.value(1);  // "415-555-0199" (the most recent record's)
 * </pre>
 */
public final class GoldenRecordPlan {
    private final List<FieldSurvivorship> fields;
    private final SurvivorshipRule[] rules;
    private final SourcePriority priority;
    private final UnionFormat unionFormat;
    private final Pattern unionSplitter;
    private final Comparator<Member> order;
    /** How each member's dates written as text are read, by its system. */
    private final SystemTimestamps timestamps;
    /** The field whose winning record the {@code same_record} fields take their values from, or -1 for none. */
    private final int sameRecordField;

    public GoldenRecordPlan(final List<FieldSurvivorship> fields, final SourcePriority priority, final UnionFormat unionFormat) {
        this(fields, priority, unionFormat, TimestampText.ISO_ONLY);
    }

    /** A plan whose {@code max} and {@code min} read dates written as text as {@code timestampText} says (Zoho's 11/20/2023 08:00:00). */
    public GoldenRecordPlan(final List<FieldSurvivorship> fields, final SourcePriority priority, final UnionFormat unionFormat,
                            final TimestampText timestampText) {
        this(fields, priority, unionFormat, timestampText, -1);
    }

    /**
     * A plan whose {@code same_record} fields take their values from the record that won the field at {@code sameRecordField}
     * (an index into {@code fields}, or -1 for none: then they take the oldest record's), e.g. the id of the record whose
     * created date {@code min} chose.
     *
     * @throws IllegalArgumentException when the same-record field is itself a {@code same_record} field or not a field of the plan
     */
    public GoldenRecordPlan(final List<FieldSurvivorship> fields, final SourcePriority priority, final UnionFormat unionFormat,
                            final TimestampText timestampText, final int sameRecordField) {
        this(fields, priority, unionFormat, SystemTimestamps.only(Objects.requireNonNull(timestampText, "timestampText")), sameRecordField);
    }

    /**
     * A plan whose {@code max} and {@code min} read each member's dates written as text as its system writes them
     * ({@link SystemTimestamps}: Zoho's {@code 11/20/2023 08:00:00} in Europe/Berlin beside Dynamics'
     * {@code 2023-11-20 02:00:00} in America/New_York), and whose {@code same_record} fields are as
     * {@link #GoldenRecordPlan(List, SourcePriority, UnionFormat, TimestampText, int)} says.
     *
     * @throws IllegalArgumentException when the same-record field is itself a {@code same_record} field or not a field of the plan
     */
    public GoldenRecordPlan(final List<FieldSurvivorship> fields, final SourcePriority priority, final UnionFormat unionFormat,
                            final SystemTimestamps timestamps, final int sameRecordField) {
        if (sameRecordField < -1 || sameRecordField >= fields.size()) {
            throw new IllegalArgumentException("The same-record field " + sameRecordField + " is not one of the " + fields.size() + " fields");
        }
        if (sameRecordField >= 0 && fields.get(sameRecordField).rule() == SurvivorshipRule.SAME_RECORD) {
            throw new IllegalArgumentException("The same-record field " + fields.get(sameRecordField).fieldName()
                    + " cannot take its value by same_record itself");
        }
        this.sameRecordField = sameRecordField;
        this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
        this.fields = List.copyOf(fields);
        this.priority = Objects.requireNonNull(priority, "priority");
        this.unionFormat = Objects.requireNonNull(unionFormat, "unionFormat");
        this.rules = new SurvivorshipRule[this.fields.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = this.fields.get(i).rule();
        }
        this.unionSplitter = unionFormat.array() ? null : Pattern.compile(Pattern.quote(unionFormat.delimiter()));
        this.order = memberOrder(priority);
    }

    /** The fields, in the order of the members' values. */
    public List<FieldSurvivorship> getFields() {
        return fields;
    }

    public UnionFormat getUnionFormat() {
        return unionFormat;
    }

    public SourcePriority getPriority() {
        return priority;
    }

    /** The order ties are broken in: see the class description. */
    public Comparator<Member> getMemberOrder() {
        return order;
    }

    /** Merges the members (one or more) into their golden record; of two versions of one source record, the newer only. */
    public GoldenRecord merge(final List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("A golden record needs at least one member");
        }
        final List<Member> ordered = latestVersions(members);
        if (ordered.size() == 1) {
            return alone(ordered);
        }
        ordered.sort(order);
        final Object[] values = new Object[rules.length];
        final Origin[] origins = new Origin[rules.length];
        if (sameRecordField >= 0) {
            // decided first: the same_record fields take the record it chose
            survive(sameRecordField, ordered, values, origins);
        }
        for (int field = 0; field < rules.length; field++) {
            if (field != sameRecordField) {
                survive(field, ordered, values, origins);
            }
        }
        return new GoldenRecord(values, origins, fields, ordered);
    }

    /**
     * The members with each source record once: of two records with the same system (case ignored; a blank one is none) and id (a
     * change feed giving two versions of a row), the newer version, by timestamp, else the later in the FlowFile; the
     * older has no say in any field, as Three-Way Sync takes an older version of a row for nothing new. Records without
     * an id are each their own.
     */
    private static List<Member> latestVersions(final List<Member> members) {
        final List<Member> latest = new ArrayList<>(members);
        if (members.size() == 1) {
            return latest;
        }
        final Map<String, Integer> bySource = new HashMap<>();
        boolean superseded = false;
        for (int i = 0; i < latest.size(); i++) {
            final Member member = latest.get(i);
            if (member.sourceId() == null || member.sourceId().isBlank()) {
                continue;
            }
            final String source = (member.system() == null || member.system().isBlank() ? "" : member.system().toLowerCase(Locale.ROOT)) + '\u0000'
                    + member.sourceId();
            final Integer seen = bySource.putIfAbsent(source, i);
            if (seen != null) {
                final Member other = latest.get(seen);
                if (newer(member, other)) {
                    latest.set(seen, member);
                }
                latest.set(i, null);
                superseded = true;
            }
        }
        if (superseded) {
            latest.removeIf(Objects::isNull);
        }
        return latest;
    }

    /** Whether a record is a newer version of the same source record than the other: a later timestamp, else later in the FlowFile. */
    private static boolean newer(final Member member, final Member other) {
        if (member.hasTimestamp() && other.hasTimestamp() && member.timestamp() != other.timestamp()) {
            return member.timestamp() > other.timestamp();
        }
        if (member.hasTimestamp() != other.hasTimestamp()) {
            return member.hasTimestamp();
        }
        return member.position() > other.position();
    }

    /**
     * A group of one: every rule keeps the member's own value (a rule chooses among non-empty values, and there is at
     * most one), so only union has work to do, writing it as the union format says. Most records are alone; this is
     * their fast path.
     */
    private GoldenRecord alone(final List<Member> member) {
        final Object[] own = member.getFirst().values();
        final Object[] values = new Object[rules.length];
        for (int field = 0; field < rules.length; field++) {
            values[field] = aloneValue(field, own[field]);
        }
        return new GoldenRecord(values, null, fields, member);
    }

    /**
     * The golden value of a field of a group of one, whose only member has the given value: the value itself, union
     * written in the union format, null when empty. For callers that keep such a record's values where they are.
     */
    public Object aloneValue(final int field, final Object value) {
        if (Values.isEmpty(value)) {
            return null;
        }
        return rules[field] == SurvivorshipRule.UNION ? unionOf(value) : value;
    }

    private Object unionOf(final Object value) {
        if (value instanceof String text && (unionSplitter == null || !text.contains(unionFormat.delimiter()))) {
            // one plain value, the common case: nothing to split or de-duplicate
            final String stripped = text.strip();
            return unionFormat.array() ? new Object[] {stripped} : stripped;
        }
        final Map<String, String> distinct = new LinkedHashMap<>();
        addParts(value, distinct);
        if (distinct.isEmpty()) {
            return null;
        }
        if (unionFormat.array()) {
            return distinct.values().toArray(new Object[0]);
        }
        return distinct.size() == 1 ? distinct.values().iterator().next() : String.join(unionFormat.delimiter(), distinct.values());
    }

    private static Comparator<Member> memberOrder(final SourcePriority priority) {
        final Comparator<String> nullsLast = Comparator.nullsLast(Comparator.naturalOrder());
        return Comparator.<Member>comparingInt(member -> priority.rank(member.system()))
                .thenComparing(Member::timestamp, Comparator.reverseOrder())
                .thenComparing(member -> member.system() == null ? null : member.system().toLowerCase(Locale.ROOT), nullsLast)
                .thenComparing(Member::sourceId, nullsLast)
                .thenComparingLong(Member::position);
    }

    private void survive(final int field, final List<Member> ordered, final Object[] values, final Origin[] origins) {
        final SurvivorshipRule rule = rules[field];
        if (rule == SurvivorshipRule.UNION) {
            union(field, ordered, values, origins);
            return;
        }
        if (rule == SurvivorshipRule.MOST_FREQUENT) {
            mostFrequent(field, ordered, values, origins);
            return;
        }
        if (rule == SurvivorshipRule.SAME_RECORD) {
            sameRecord(field, ordered, values, origins);
            return;
        }
        final Member chosen = switch (rule) {
            case MOST_COMPLETE -> firstNonEmpty(field, ordered, ordered.size());
            case SOURCE_PRIORITY -> preferredSystemsValue(field, ordered);
            case MOST_RECENT -> byTimestamp(field, ordered, true);
            case OLDEST -> byTimestamp(field, ordered, false);
            case LONGEST -> byLength(field, ordered, true);
            case SHORTEST -> byLength(field, ordered, false);
            case MAX -> extreme(field, ordered, true);
            case MIN -> extreme(field, ordered, false);
            case UNION, MOST_FREQUENT, SAME_RECORD -> throw new IllegalStateException("handled above");
        };
        if (chosen != null) {
            values[field] = chosen.values()[field];
            origins[field] = new Origin(rule, List.of(chosen), tie(rule, field, chosen, ordered));
        }
    }

    /**
     * The value of the record the same-record field's rule chose (for {@code union} and {@code most_frequent}, which take
     * several, the first of them in member order); when that record has none, or no record has a value of the same-record
     * field, the oldest record's value, and lineage says {@code oldest}.
     */
    private void sameRecord(final int field, final List<Member> ordered, final Object[] values, final Origin[] origins) {
        final Origin leading = sameRecordField < 0 ? null : origins[sameRecordField];
        if (leading != null) {
            final Member chosen = leading.sources().getFirst();
            if (!Values.isEmpty(chosen.values()[field])) {
                values[field] = chosen.values()[field];
                origins[field] = new Origin(SurvivorshipRule.SAME_RECORD, List.of(chosen));
                return;
            }
        }
        final Member oldest = byTimestamp(field, ordered, false);
        if (oldest != null) {
            values[field] = oldest.values()[field];
            origins[field] = new Origin(SurvivorshipRule.OLDEST, List.of(oldest), tie(SurvivorshipRule.OLDEST, field, oldest, ordered));
        }
    }

    /**
     * The tie the member order broke for a rule that measures values (a time, a length, a size), in words, or null: the
     * first member after the chosen one whose different value the rule measures the same. The order's first key that
     * tells the two apart is what broke it. {@code most_complete} and {@code source_priority} take the order itself:
     * they break no tie.
     */
    private String tie(final SurvivorshipRule rule, final int field, final Member chosen, final List<Member> ordered) {
        if (rule == SurvivorshipRule.MOST_COMPLETE || rule == SurvivorshipRule.SOURCE_PRIORITY) {
            return null;
        }
        final Object value = chosen.values()[field];
        final String key = Values.sameValueKey(value);
        final Comparator<Member> measure = measure(rule, field, ordered);
        for (final Member other : ordered) {
            final Object otherValue = other.values()[field];
            if (other != chosen && !Values.isEmpty(otherValue) && !key.equals(Values.sameValueKey(otherValue))
                    && measure.compare(chosen, other) == 0) {
                return tieWith(chosen, other);
            }
        }
        return null;
    }

    /** What a rule measures the values of a field by; members it measures the same tie. */
    private Comparator<Member> measure(final SurvivorshipRule rule, final int field, final List<Member> ordered) {
        return switch (rule) {
            case MOST_RECENT, OLDEST -> Comparator.comparingLong(Member::timestamp);
            case LONGEST, SHORTEST -> Comparator.comparingInt(member -> {
                final String text = Values.text(member.values()[field]);
                return text.codePointCount(0, text.length());
            });
            case MAX, MIN -> extremeOrder(field, ordered);
            default -> throw new IllegalArgumentException(rule.getKey() + " measures no value");
        };
    }

    /** The tie between two members with different values, and the first key of the member order that broke it. */
    private String tieWith(final Member chosen, final Member other) {
        final String brokenBy;
        if (priority.rank(chosen.system()) != priority.rank(other.system())) {
            brokenBy = "source priority";
        } else if (chosen.timestamp() != other.timestamp()) {
            brokenBy = "the most recent timestamp";
        } else if (!Objects.equals(chosen.system() == null ? null : chosen.system().toLowerCase(Locale.ROOT),
                other.system() == null ? null : other.system().toLowerCase(Locale.ROOT)) || !Objects.equals(chosen.sourceId(), other.sourceId())) {
            brokenBy = "system and id";
        } else {
            brokenBy = "position in the FlowFile";
        }
        return "tie with " + other.label() + " broken by " + brokenBy;
    }

    /**
     * The first non-empty value among the members of the best-ranked system that has the field, even when none of them
     * has a value (then null): members without the field at all ({@link Member#ABSENT}) have no say on it.
     */
    private Member preferredSystemsValue(final int field, final List<Member> ordered) {
        int best = -1;
        for (final Member member : ordered) {
            final Object value = member.values()[field];
            if (value == Member.ABSENT) {
                continue;
            }
            final int rank = priority.rank(member.system());
            if (best == -1) {
                best = rank;
            } else if (rank != best) {
                return null;
            }
            if (!Values.isEmpty(value)) {
                return member;
            }
        }
        return null;
    }

    private static Member firstNonEmpty(final int field, final List<Member> ordered, final int limit) {
        for (int i = 0; i < limit; i++) {
            final Member member = ordered.get(i);
            if (!Values.isEmpty(member.values()[field])) {
                return member;
            }
        }
        return null;
    }

    /** The latest (or earliest) timestamp among members with a value; without any timestamp, the first value in order. */
    private static Member byTimestamp(final int field, final List<Member> ordered, final boolean latest) {
        Member chosen = null;
        for (final Member member : ordered) {
            if (Values.isEmpty(member.values()[field])) {
                continue;
            }
            if (chosen == null || member.hasTimestamp() && (!chosen.hasTimestamp()
                    || (latest ? member.timestamp() > chosen.timestamp() : member.timestamp() < chosen.timestamp()))) {
                chosen = member;
            }
        }
        return chosen;
    }

    private static Member byLength(final int field, final List<Member> ordered, final boolean longest) {
        Member chosen = null;
        int chosenLength = 0;
        for (final Member member : ordered) {
            final String text = Values.text(member.values()[field]);
            if (text == null) {
                continue;
            }
            final int length = text.codePointCount(0, text.length());
            if (chosen == null || (longest ? length > chosenLength : length < chosenLength)) {
                chosen = member;
                chosenLength = length;
            }
        }
        return chosen;
    }

    /** The largest (or smallest) value: compared as numbers when all are numbers, else as dates when all are, else as text. */
    private Member extreme(final int field, final List<Member> ordered, final boolean largest) {
        final List<Member> candidates = new ArrayList<>(ordered.size());
        boolean numbers = true;
        boolean times = true;
        for (final Member member : ordered) {
            final Object value = member.values()[field];
            if (Values.isEmpty(value)) {
                continue;
            }
            candidates.add(member);
            numbers &= Values.number(value) != null;
            times &= time(member, value) != Timestamps.NONE;
        }
        if (candidates.isEmpty()) {
            return null;
        }
        final Comparator<Member> comparator = extremeOrder(field, numbers, times);
        Member chosen = candidates.getFirst();
        for (final Member candidate : candidates) {
            final int compared = comparator.compare(candidate, chosen);
            if (largest ? compared > 0 : compared < 0) {
                chosen = candidate;
            }
        }
        return chosen;
    }

    /** How max and min order the members' values of a field: as numbers when all are numbers, else as dates when all are, else as text. */
    private Comparator<Member> extremeOrder(final int field, final List<Member> ordered) {
        boolean numbers = true;
        boolean times = true;
        for (final Member member : ordered) {
            final Object value = member.values()[field];
            if (!Values.isEmpty(value)) {
                numbers &= Values.number(value) != null;
                times &= time(member, value) != Timestamps.NONE;
            }
        }
        return extremeOrder(field, numbers, times);
    }

    private Comparator<Member> extremeOrder(final int field, final boolean numbers, final boolean times) {
        if (numbers) {
            return Comparator.comparing(member -> Values.number(member.values()[field]), BigDecimal::compareTo);
        }
        if (times) {
            return Comparator.comparingLong(member -> time(member, member.values()[field]));
        }
        return Comparator.comparing(member -> Values.sameValueKey(member.values()[field]));
    }

    /** The member's value as a time read as its system writes dates, or {@link Timestamps#NONE} when it is none. */
    private long time(final Member member, final Object value) {
        return timestamps.of(member.system()).time(value);
    }

    /** The value most members share (compared as lower-cased text); a tie goes to the value whose first member comes first. */
    private void mostFrequent(final int field, final List<Member> ordered, final Object[] values, final Origin[] origins) {
        final Map<String, List<Member>> byValue = new LinkedHashMap<>();
        for (final Member member : ordered) {
            final String key = Values.sameValueKey(member.values()[field]);
            if (key != null) {
                byValue.computeIfAbsent(key, ignored -> new ArrayList<>(2)).add(member);
            }
        }
        List<Member> chosen = null;
        for (final List<Member> agreeing : byValue.values()) {
            if (chosen == null || agreeing.size() > chosen.size()) {
                chosen = agreeing;
            }
        }
        if (chosen != null) {
            String tie = null;
            for (final List<Member> agreeing : byValue.values()) {
                if (agreeing != chosen && agreeing.size() == chosen.size()) {
                    // the value whose first member comes first in the order wins a tie of counts
                    tie = tieWith(chosen.getFirst(), agreeing.getFirst());
                    break;
                }
            }
            values[field] = chosen.getFirst().values()[field];
            origins[field] = new Origin(SurvivorshipRule.MOST_FREQUENT, chosen, tie);
        }
    }

    /** Every distinct value (compared as lower-cased text), in member order, as an array or joined by the delimiter. */
    private void union(final int field, final List<Member> ordered, final Object[] values, final Origin[] origins) {
        final Map<String, String> distinct = new LinkedHashMap<>();
        final List<Member> sources = new ArrayList<>(ordered.size());
        for (final Member member : ordered) {
            final int before = distinct.size();
            addParts(member.values()[field], distinct);
            if (distinct.size() > before) {
                sources.add(member);
            }
        }
        if (distinct.isEmpty()) {
            return;
        }
        values[field] = unionFormat.array() ? distinct.values().toArray(new Object[0]) : String.join(unionFormat.delimiter(), distinct.values());
        origins[field] = new Origin(SurvivorshipRule.UNION, sources);
    }

    private void addParts(final Object value, final Map<String, String> distinct) {
        if (value instanceof Object[] array) {
            for (final Object element : array) {
                addParts(element, distinct);
            }
            return;
        }
        if (value instanceof Iterable<?> iterable) {
            for (final Object element : iterable) {
                addParts(element, distinct);
            }
            return;
        }
        final String text = Values.text(value);
        if (text == null) {
            return;
        }
        if (unionSplitter != null && text.contains(unionFormat.delimiter())) {
            for (final String part : unionSplitter.split(text)) {
                addText(part.strip(), distinct);
            }
        } else {
            addText(text, distinct);
        }
    }

    private static void addText(final String text, final Map<String, String> distinct) {
        if (!text.isEmpty()) {
            distinct.putIfAbsent(text.toLowerCase(Locale.ROOT), text);
        }
    }
}
