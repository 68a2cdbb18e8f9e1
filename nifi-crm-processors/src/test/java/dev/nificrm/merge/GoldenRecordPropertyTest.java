package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MergeCRMRecord's survivorship (Golden Records) on generated groups, against a model written from its usage page:
 * 2,000 random groups of one to five records from several systems (listed in Source Priority or not, or none), with
 * timestamps that tie or are missing, and values drawn from small pools (text in several cases, numbers as text and as
 * numbers, dates, blanks, a field the record lacks, delimited lists). Checked for every rule: the member order (Source
 * Priority, the most recent timestamp, system and id, position) is the order of {@code crm_merged_ids}; every rule but
 * {@code source_priority} takes a non-empty value of a member, and the best one by its measure; {@code union} holds every
 * distinct value once, and merging the golden record again adds nothing; the records' order in the FlowFile list does
 * not change the result.
 */
class GoldenRecordPropertyTest {
    private static final int GROUPS = 2_000;
    private static final SurvivorshipRule[] RULES = SurvivorshipRule.values();
    private static final List<String> SYSTEMS = java.util.Arrays.asList("salesforce", "hubspot", "zoho", null, "Salesforce", "");
    private static final List<String> IDS = java.util.Arrays.asList("001", "002", "A-7", null);
    private static final long[] TIMES = {Timestamps.NONE, 1_709_285_400_000L, 1_716_193_800_000L, 1_712_664_000_000L};
    private static final SourcePriority PRIORITY = SourcePriority.parse("salesforce, hubspot");

    /** What the values of a field are drawn from in one group. */
    private enum Pool { TEXT, NUMBER, DATE, LIST, MIXED }

    private static Object value(final Pool pool, final Random random) {
        final int blank = random.nextInt(10);
        if (blank == 0) {
            return Member.ABSENT;
        }
        if (blank == 1) {
            return new Object[] {null, "", "  "}[random.nextInt(3)];
        }
        return switch (pool) {
            case TEXT -> new String[] {"Robert", "robert", "Rob", "Bob Smith", "ROBERT", " Rob "}[random.nextInt(6)];
            case NUMBER -> new Object[] {"7", "12.5", "110", 7L, 12.5d, "-3", new BigDecimal("110.0")}[random.nextInt(7)];
            case DATE -> new String[] {"1971-06-24", "2024-03-01", "1969-12-31"}[random.nextInt(3)];
            case LIST -> new String[] {"bob@example.com", "BOB@example.com;rob@work.example", "rob@work.example ; ann@x.org", "Ann@X.org"}[
                    random.nextInt(4)];
            case MIXED -> value(Pool.values()[random.nextInt(4)], random);
        };
    }

    /** The member order the usage page describes, written here from it. */
    private static final Comparator<Member> PAGE_ORDER = Comparator.<Member>comparingInt(member -> PRIORITY.rank(member.system()))
            .thenComparing(member -> member.timestamp() == Timestamps.NONE ? Long.MAX_VALUE : -member.timestamp())
            .thenComparing(member -> member.system() == null ? null : member.system().toLowerCase(Locale.ROOT),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Member::sourceId, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(Member::position);

    /**
     * The members as the page says: records with the same system (case ignored; none, null or blank, is one) and id are versions of one source record,
     * the newest of which (the latest timestamp, a timed one before an untimed one, else the later record) alone counts.
     */
    private static List<Member> newestVersions(final List<Member> members) {
        final Map<String, Member> newest = new LinkedHashMap<>();
        final List<Member> kept = new ArrayList<>();
        for (final Member member : members) {
            if (member.sourceId() == null || member.sourceId().isBlank()) {
                kept.add(member);
                continue;
            }
            // a record without a system (null or blank) names none: two such with one id are one source record
            final String system = member.system() == null || member.system().isBlank() ? "" : member.system().toLowerCase(Locale.ROOT);
            newest.merge(system + "/" + member.sourceId(), member, (one, other) -> {
                final long oneTime = one.hasTimestamp() ? one.timestamp() : Long.MIN_VALUE;
                final long otherTime = other.hasTimestamp() ? other.timestamp() : Long.MIN_VALUE;
                return oneTime != otherTime ? (oneTime > otherTime ? one : other) : one.position() > other.position() ? one : other;
            });
        }
        kept.addAll(newest.values());
        return kept;
    }

    private static boolean empty(final Object value) {
        return value == null || value == Member.ABSENT || value instanceof String text && text.isBlank();
    }

    private static String text(final Object value) {
        if (value instanceof Double || value instanceof BigDecimal) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString().strip();
    }

    private static BigDecimal number(final Object value) {
        try {
            return new BigDecimal(text(value));
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate date(final Object value) {
        try {
            return LocalDate.parse(text(value));
        } catch (final java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Set<String> parts(final Object value) {
        final Set<String> parts = new LinkedHashSet<>();
        if (!empty(value)) {
            for (final String part : text(value).split(";")) {
                if (!part.isBlank()) {
                    parts.add(part.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return parts;
    }

    @Test
    void everyRuleTakesWhatThePageSaysWhateverTheRecordsOrder() {
        final Random random = new Random(20261204L);
        final List<FieldSurvivorship> fields = new ArrayList<>();
        for (final SurvivorshipRule rule : RULES) {
            fields.add(new FieldSurvivorship(rule.getKey(), rule));
        }
        final GoldenRecordPlan plan = new GoldenRecordPlan(fields, PRIORITY, UnionFormat.delimited(";"));
        final List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int group = 0; group < GROUPS; group++) {
            final Pool[] pools = new Pool[RULES.length];
            for (int field = 0; field < RULES.length; field++) {
                pools[field] = Pool.values()[random.nextInt(Pool.values().length)];
            }
            final List<Member> members = new ArrayList<>();
            for (int position = 0, size = 1 + random.nextInt(5); position < size; position++) {
                final Object[] values = new Object[RULES.length];
                for (int field = 0; field < RULES.length; field++) {
                    values[field] = value(pools[field], random);
                }
                members.add(new Member(SYSTEMS.get(random.nextInt(SYSTEMS.size())), IDS.get(random.nextInt(IDS.size())),
                        TIMES[random.nextInt(TIMES.length)], position, values));
            }
            final GoldenRecord golden = plan.merge(members);
            final List<Member> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            final GoldenRecord again = plan.merge(shuffled);
            final List<Member> ordered = newestVersions(members);
            ordered.sort(PAGE_ORDER);
            final String name = "group " + group + " " + describe(members);
            if (!golden.mergedIds().equals(ordered.stream().map(Member::label).toList())) {
                failures.add(name + ": merged ids " + golden.mergedIds() + ", the page's order " + ordered.stream().map(Member::label).toList());
            }
            for (int field = 0; field < RULES.length; field++) {
                checked++;
                final String problem = check(RULES[field], field, golden, ordered, plan);
                if (problem != null) {
                    failures.add(name + ": " + RULES[field].getKey() + ": " + problem);
                }
                if (!text(String.valueOf(golden.value(field))).equals(text(String.valueOf(again.value(field))))
                        || members.size() > 1 && !String.valueOf(golden.origin(field)).equals(String.valueOf(again.origin(field)))) {
                    failures.add(name + ": " + RULES[field].getKey() + ": the records in another order give " + again.value(field) + " ("
                            + again.origin(field) + ") instead of " + golden.value(field) + " (" + golden.origin(field) + ")");
                }
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(8, failures.size())), failures.size() + " failures");
        assertEquals(GROUPS * RULES.length, checked);
    }

    /** Why the rule's value breaks the page, or null. */
    private static String check(final SurvivorshipRule rule, final int field, final GoldenRecord golden, final List<Member> ordered,
                                final GoldenRecordPlan plan) {
        final Object value = golden.value(field);
        final List<Member> withValue = ordered.stream().filter(member -> !empty(member.values()[field])).toList();
        if (rule == SurvivorshipRule.UNION) {
            final Set<String> expected = new LinkedHashSet<>();
            withValue.forEach(member -> expected.addAll(parts(member.values()[field])));
            final List<String> written = value == null ? List.of() : List.of(text(value).split(";"));
            final Set<String> distinct = new LinkedHashSet<>();
            written.forEach(part -> distinct.add(part.strip().toLowerCase(Locale.ROOT)));
            if (!distinct.equals(expected) || distinct.size() != written.size()) {
                return "union " + value + ", expected each of " + expected + " once";
            }
            if (value != null) {
                final List<Member> withGolden = new ArrayList<>(ordered);
                final Object[] goldenValues = new Object[RULES.length];
                goldenValues[field] = value;
                withGolden.add(new Member("golden", "G", Timestamps.NONE, ordered.size(), goldenValues));
                final Object twice = plan.merge(withGolden).value(field);
                if (!parts(twice).equals(expected) || text(twice).split(";").length != written.size()) {
                    return "merged again with its golden record, union " + value + " became " + twice;
                }
            }
            return null;
        }
        if (rule == SurvivorshipRule.SOURCE_PRIORITY) {
            // the best-ranked system that has the field (records lacking it have no say): its first non-empty value, or empty
            final List<Member> having = ordered.stream().filter(member -> member.values()[field] != Member.ABSENT).toList();
            Object expected = null;
            for (final Member member : having) {
                if (PRIORITY.rank(member.system()) != PRIORITY.rank(having.getFirst().system())) {
                    break;
                }
                if (!empty(member.values()[field])) {
                    expected = member.values()[field];
                    break;
                }
            }
            return expected == value ? null : "took " + value + ", expected " + expected;
        }
        if (withValue.isEmpty()) {
            return value == null ? null : "took " + value + " where every record is empty";
        }
        if (withValue.stream().noneMatch(member -> member.values()[field] == value)) {
            return "took " + value + ", no record's non-empty value";
        }
        if (ordered.size() == 1) {
            return null;
        }
        final Member first = withValue.getFirst();
        final List<Object> values = withValue.stream().map(member -> member.values()[field]).toList();
        return switch (rule) {
            case MOST_COMPLETE -> first.values()[field] == value ? null : "took " + value + ", not the first non-empty value " + first.values()[field];
            // the plans here have no same-record field: same_record takes the oldest record's value
            case MOST_RECENT, OLDEST, SAME_RECORD -> {
                final List<Member> timed = withValue.stream().filter(Member::hasTimestamp).toList();
                if (timed.isEmpty()) {
                    yield first.values()[field] == value ? null : "no timestamps: took " + value + ", not the first in order";
                }
                final long best = rule == SurvivorshipRule.MOST_RECENT ? timed.stream().mapToLong(Member::timestamp).max().orElseThrow()
                        : timed.stream().mapToLong(Member::timestamp).min().orElseThrow();
                final Member expected = timed.stream().filter(member -> member.timestamp() == best).findFirst().orElseThrow();
                yield expected.values()[field] == value ? null : "took " + value + ", expected " + expected.values()[field] + " of " + expected.label();
            }
            case LONGEST, SHORTEST -> {
                final int length = text(value).codePointCount(0, text(value).length());
                final boolean best = values.stream().map(GoldenRecordPropertyTest::text).mapToInt(text -> text.codePointCount(0, text.length()))
                        .allMatch(other -> rule == SurvivorshipRule.LONGEST ? other <= length : other >= length);
                yield best ? null : "took " + value + " of length " + length + " among " + values;
            }
            case MAX, MIN -> {
                final int sign = rule == SurvivorshipRule.MAX ? 1 : -1;
                final boolean best;
                if (values.stream().allMatch(other -> number(other) != null)) {
                    best = values.stream().allMatch(other -> sign * number(value).compareTo(number(other)) >= 0);
                } else if (values.stream().allMatch(other -> date(other) != null)) {
                    best = values.stream().allMatch(other -> sign * date(value).compareTo(date(other)) >= 0);
                } else {
                    best = values.stream().allMatch(other -> sign * text(value).toLowerCase(Locale.ROOT)
                            .compareTo(text(other).toLowerCase(Locale.ROOT)) >= 0);
                }
                yield best ? null : "took " + value + " among " + values;
            }
            case MOST_FREQUENT -> {
                final Map<String, Integer> counts = new TreeMap<>();
                values.forEach(other -> counts.merge(text(other).toLowerCase(Locale.ROOT), 1, Integer::sum));
                final int most = Collections.max(counts.values());
                final String firstWithMost = values.stream().map(other -> text(other).toLowerCase(Locale.ROOT))
                        .filter(key -> counts.get(key) == most).findFirst().orElseThrow();
                yield text(value).toLowerCase(Locale.ROOT).equals(firstWithMost) ? null
                        : "took " + value + " (" + counts.get(text(value).toLowerCase(Locale.ROOT)) + " records), expected " + firstWithMost + " (" + most + ")";
            }
            case UNION, SOURCE_PRIORITY -> throw new IllegalStateException("checked above");
        };
    }

    private static String describe(final List<Member> members) {
        final StringBuilder text = new StringBuilder();
        for (final Member member : members) {
            text.append("\n    ").append(member.label()).append(" at ").append(member.timestamp()).append(' ')
                    .append(java.util.Arrays.toString(member.values()));
        }
        return text.toString();
    }
}
