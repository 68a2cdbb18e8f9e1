package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each survivorship rule on the same small group, its ties, and the member order every rule breaks ties by. */
class GoldenRecordPlanTest {
    private static final long MARCH = Instant.parse("2024-03-01T09:00:00Z").toEpochMilli();
    private static final long APRIL = Instant.parse("2024-04-09T12:00:00Z").toEpochMilli();
    private static final long MAY = Instant.parse("2024-05-20T08:30:00Z").toEpochMilli();

    /** Three records of Robert Smith: Salesforce (March), HubSpot (May), Zoho (April), one field per column. */
    private static List<Member> robert() {
        return List.of(
                new Member("salesforce", "003A01", MARCH, 0, new Object[] {"Robert", "bob@example.com", "(415) 555-0101", "12", "1971-06-24"}),
                new Member("hubspot", "901", MAY, 1, new Object[] {"Rob", "BOB@example.com;rob@work.example", "", "7", "1971-06-24"}),
                new Member("zoho", "Z-5", APRIL, 2, new Object[] {"Bob", "rob@work.example", "415-555-0199", "110", "1971-06-42"}));
    }

    /** Robert's records merged with every field by the rule; same_record follows Employees, taken by min (the documented example). */
    private static GoldenRecord merge(final SurvivorshipRule rule, final SourcePriority priority) {
        final boolean sameRecord = rule == SurvivorshipRule.SAME_RECORD;
        final List<FieldSurvivorship> fields = List.of(new FieldSurvivorship("FirstName", rule), new FieldSurvivorship("Email", rule),
                new FieldSurvivorship("Phone", rule), new FieldSurvivorship("Employees", sameRecord ? SurvivorshipRule.MIN : rule),
                new FieldSurvivorship("Birthdate", rule));
        return new GoldenRecordPlan(fields, priority, UnionFormat.delimited(";"), TimestampText.ISO_ONLY, sameRecord ? 3 : -1).merge(robert());
    }

    /**
     * The same record of one system twice in a FlowFile (a change feed giving two versions of a row) is one source record:
     * its newer version (by timestamp; without one, the later in the FlowFile) is its member, the older one has no say, as
     * in Three-Way Sync. Before, each version was a member: the old email survived a union and the row weighed twice.
     */
    @Test
    void twoVersionsOfOneSourceRecordAreOneMemberTheNewerOne() {
        final List<FieldSurvivorship> fields = List.of(new FieldSurvivorship("Email", SurvivorshipRule.UNION),
                new FieldSurvivorship("FirstName", SurvivorshipRule.MOST_FREQUENT));
        final GoldenRecordPlan plan = new GoldenRecordPlan(fields, SourcePriority.parse("salesforce, hubspot"), UnionFormat.delimited(";"));
        final Member newer = new Member("salesforce", "003A", MAY, 0, new Object[] {"rob@new.example", "Rob"});
        final Member hubspot = new Member("hubspot", "901", APRIL, 1, new Object[] {"rob@new.example", "Robert"});
        final Member older = new Member("Salesforce", "003A", MARCH, 2, new Object[] {"bob@example.com", "Robert"});
        final GoldenRecord golden = plan.merge(List.of(newer, hubspot, older));
        assertEquals("rob@new.example", golden.value(0), "the older version's email is gone from the source record");
        assertEquals("Rob", golden.value(1), "the row does not count twice: Robert is not the most frequent, a tie goes to salesforce");
        assertEquals(List.of("salesforce:003A", "hubspot:901"), golden.mergedIds());

        final Member untimedFirst = new Member("salesforce", "003A", Timestamps.NONE, 0, new Object[] {"bob@example.com", "Robert"});
        final Member untimedLater = new Member("salesforce", "003A", Timestamps.NONE, 3, new Object[] {"rob@new.example", "Rob"});
        final GoldenRecord untimed = plan.merge(List.of(untimedFirst, untimedLater));
        assertEquals("rob@new.example", untimed.value(0), "without a timestamp the later record is the newer version");
        assertEquals(List.of("salesforce:003A"), untimed.mergedIds());
        assertEquals(2, plan.merge(List.of(new Member("salesforce", null, MAY, 0, new Object[] {"a@example.com", "A"}),
                new Member("salesforce", " ", MAY, 1, new Object[] {"b@example.com", "B"}))).members().size(), "records without an id are not one");
    }

    /** The table of every rule in MergeCRMRecord's documentation, value for value. */
    @Test
    void everyRuleGivesWhatTheDocumentationSays() {
        final SourcePriority documented = SourcePriority.parse("salesforce, hubspot");
        final Map<SurvivorshipRule, List<String>> table = new EnumMap<>(SurvivorshipRule.class);
        table.put(SurvivorshipRule.MOST_RECENT, List.of("Rob", "BOB@example.com;rob@work.example", "415-555-0199", "7", "1971-06-24"));
        table.put(SurvivorshipRule.OLDEST, List.of("Robert", "bob@example.com", "(415) 555-0101", "12", "1971-06-24"));
        table.put(SurvivorshipRule.SAME_RECORD, List.of("Rob", "BOB@example.com;rob@work.example", "(415) 555-0101", "7", "1971-06-24"));
        table.put(SurvivorshipRule.SOURCE_PRIORITY, List.of("Robert", "bob@example.com", "(415) 555-0101", "12", "1971-06-24"));
        table.put(SurvivorshipRule.MOST_COMPLETE, List.of("Robert", "bob@example.com", "(415) 555-0101", "12", "1971-06-24"));
        table.put(SurvivorshipRule.MOST_FREQUENT, List.of("Robert", "bob@example.com", "(415) 555-0101", "12", "1971-06-24"));
        table.put(SurvivorshipRule.LONGEST, List.of("Robert", "BOB@example.com;rob@work.example", "(415) 555-0101", "110", "1971-06-24"));
        table.put(SurvivorshipRule.SHORTEST, List.of("Rob", "bob@example.com", "415-555-0199", "7", "1971-06-24"));
        table.put(SurvivorshipRule.MAX, List.of("Robert", "rob@work.example", "415-555-0199", "110", "1971-06-42"));
        table.put(SurvivorshipRule.MIN, List.of("Bob", "bob@example.com", "(415) 555-0101", "7", "1971-06-24"));
        table.put(SurvivorshipRule.UNION, List.of("Robert;Rob;Bob", "bob@example.com;rob@work.example", "(415) 555-0101;415-555-0199",
                "12;7;110", "1971-06-24;1971-06-42"));
        assertEquals(SurvivorshipRule.values().length, table.size());
        for (final Map.Entry<SurvivorshipRule, List<String>> row : table.entrySet()) {
            final GoldenRecord golden = merge(row.getKey(), documented);
            final List<String> values = new ArrayList<>();
            for (int field = 0; field < golden.fieldCount(); field++) {
                values.add((String) golden.value(field));
            }
            assertEquals(row.getValue(), values, row.getKey().getKey());
        }
        assertNull(merge(SurvivorshipRule.SOURCE_PRIORITY, SourcePriority.parse("hubspot, salesforce")).value(2));
        assertEquals("(415) 555-0101", merge(SurvivorshipRule.MOST_COMPLETE, SourcePriority.parse("hubspot, salesforce")).value(2));
    }

    @Test
    void mostRecentTakesTheLatestRecordWithAValue() {
        final GoldenRecord golden = merge(SurvivorshipRule.MOST_RECENT, SourcePriority.NONE);
        assertEquals("Rob", golden.value(0));
        assertEquals("415-555-0199", golden.value(2), "HubSpot's phone is empty: the next most recent record's");
        assertEquals("hubspot:901 (most_recent)", golden.origin(0).describe());
        assertEquals("zoho:Z-5 (most_recent)", golden.origin(2).describe());
    }

    @Test
    void oldestTakesTheEarliestRecordWithAValue() {
        final GoldenRecord golden = merge(SurvivorshipRule.OLDEST, SourcePriority.NONE);
        assertEquals("Robert", golden.value(0));
        assertEquals("(415) 555-0101", golden.value(2));
    }

    /**
     * same_record takes every value from the one record that won the same-record field (HubSpot's 7 employees, by min), lineage
     * naming it; where that record has none (HubSpot's phone), the oldest record's, lineage saying oldest; without a same-record
     * field, or when no record has a value of it, the oldest record's throughout. Before, no rule kept an id with the created date
     * min chose: oldest took the least recently modified record's.
     */
    @Test
    void sameRecordTakesTheValuesOfTheRecordThatWonTheSameRecordField() {
        final GoldenRecord golden = merge(SurvivorshipRule.SAME_RECORD, SourcePriority.NONE);
        assertEquals("7", golden.value(3));
        assertEquals("hubspot:901 (min)", golden.origin(3).describe());
        assertEquals("Rob", golden.value(0));
        assertEquals("hubspot:901 (same_record)", golden.origin(0).describe());
        assertEquals("(415) 555-0101", golden.value(2), "HubSpot has no phone: the oldest record's");
        assertEquals("salesforce:003A01 (oldest)", golden.origin(2).describe());

        final List<FieldSurvivorship> fields = List.of(new FieldSurvivorship("Id", SurvivorshipRule.SAME_RECORD),
                new FieldSurvivorship("CreatedDate", SurvivorshipRule.MIN));
        final GoldenRecordPlan plan = new GoldenRecordPlan(fields, SourcePriority.NONE, UnionFormat.delimited(";"), TimestampText.ISO_ONLY, 1);
        final List<Member> undated = List.of(new Member(null, "r1", MAY, 0, new Object[] {"r1", null}),
                new Member(null, "r2", MARCH, 1, new Object[] {"r2", " "}), new Member(null, "r3", APRIL, 2, new Object[] {"r3", Member.ABSENT}));
        assertEquals("r2", plan.merge(undated).value(0), "no created date: the oldest record's id");
        final List<Member> dated = List.of(new Member(null, "r1", MAY, 0, new Object[] {"r1", "2019-12-01T08:00:00Z"}),
                new Member(null, "r2", MARCH, 1, new Object[] {"r2", "2021-05-10T08:00:00Z"}), new Member(null, "r3", APRIL, 2, new Object[] {"r3", null}));
        final GoldenRecord first = plan.merge(dated);
        assertEquals(List.of("r1", "2019-12-01T08:00:00Z"), List.of(first.value(0), first.value(1)), "the id and created date of the record created first");
        assertEquals("r2", new GoldenRecordPlan(fields, SourcePriority.NONE, UnionFormat.delimited(";")).merge(dated).value(0),
                "no same-record field: the oldest record's id");
        assertThrows(IllegalArgumentException.class,
                () -> new GoldenRecordPlan(fields, SourcePriority.NONE, UnionFormat.delimited(";"), TimestampText.ISO_ONLY, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new GoldenRecordPlan(fields, SourcePriority.NONE, UnionFormat.delimited(";"), TimestampText.ISO_ONLY, 2));
    }

    @Test
    void sourcePriorityTakesThePreferredSystemsValueEvenWhenEmpty() {
        final GoldenRecord golden = merge(SurvivorshipRule.SOURCE_PRIORITY, SourcePriority.parse("hubspot, salesforce"));
        assertEquals("Rob", golden.value(0));
        assertNull(golden.value(2), "always HubSpot's: its phone is empty");
        assertNull(golden.origin(2));
    }

    @Test
    void mostCompleteTakesTheFirstNonEmptyValueInPriorityOrder() {
        final GoldenRecord golden = merge(SurvivorshipRule.MOST_COMPLETE, SourcePriority.parse("hubspot, salesforce"));
        assertEquals("Rob", golden.value(0));
        assertEquals("(415) 555-0101", golden.value(2), "HubSpot has none: Salesforce, the next listed");
    }

    @Test
    void mostFrequentTakesTheValueMostRecordsShare() {
        final GoldenRecord golden = merge(SurvivorshipRule.MOST_FREQUENT, SourcePriority.NONE);
        assertEquals("1971-06-24", golden.value(4), "the typo 1971-06-42 loses to the two agreeing records");
        assertEquals("hubspot:901, salesforce:003A01 (most_frequent)", golden.origin(4).describe());
        assertEquals("Rob", golden.value(0), "one each: the tie goes to the first record in order, the most recent");
    }

    @Test
    void longestAndShortestCompareLengthsOfNonEmptyValues() {
        assertEquals("Robert", merge(SurvivorshipRule.LONGEST, SourcePriority.NONE).value(0));
        final GoldenRecord shortest = merge(SurvivorshipRule.SHORTEST, SourcePriority.NONE);
        assertEquals("Rob", shortest.value(0), "Rob and Bob tie: the most recent record's");
        assertEquals("415-555-0199", shortest.value(2), "the empty phone is not a candidate");
    }

    @Test
    void maxAndMinCompareNumbersAsNumbersAndDatesAsDates() {
        final GoldenRecord max = merge(SurvivorshipRule.MAX, SourcePriority.NONE);
        assertEquals("110", max.value(3), "110 > 12 > 7 as numbers, not as text");
        assertEquals("Robert", max.value(0), "text: alphabetically last, case-insensitive");
        assertEquals("7", merge(SurvivorshipRule.MIN, SourcePriority.NONE).value(3));
        final GroupResult dates = mergeOne(SurvivorshipRule.MAX, "2024-01-31", "2023-12-01T10:00:00Z", "2024-01-05");
        assertEquals("2024-01-31", dates.value());
        assertEquals(new BigDecimal("3.5"), mergeOne(SurvivorshipRule.MAX, new BigDecimal("3.5"), 2, 3L).value());
    }

    @Test
    void unionGathersDistinctValuesSplittingDelimitedOnes() {
        final GoldenRecord golden = merge(SurvivorshipRule.UNION, SourcePriority.NONE);
        assertEquals("BOB@example.com;rob@work.example", golden.value(1), "bob@example.com differs only in case; rob@work.example once");
        assertEquals("hubspot:901 (union)", golden.origin(1).describe(), "Salesforce's and Zoho's addresses add nothing new");
        assertEquals("415-555-0199;(415) 555-0101", golden.value(2));
        final GoldenRecord array = new GoldenRecordPlan(List.of(new FieldSurvivorship("Email", SurvivorshipRule.UNION)), SourcePriority.NONE,
                UnionFormat.ARRAY).merge(List.of(member("a", 0, "x@y.com"), member("b", 1, new Object[] {"z@y.com", "X@y.com"})));
        assertArrayEquals(new Object[] {"x@y.com", "z@y.com"}, (Object[]) array.value(0));
    }

    /**
     * Floating-point values as readers give them (a float field of Avro or of a schema): a float is its decimal text (1.1,
     * not 1.100000023841858), and NaN or infinity, which a schema's double field can hold, is a value like any other instead
     * of failing the whole FlowFile.
     */
    @Test
    void floatsAreTheirDecimalTextAndNotANumberIsAValue() {
        assertEquals("1.1", mergeOne(SurvivorshipRule.UNION, 1.1f, "1.1").value() instanceof Object[] array && array.length == 1 ? array[0] : null);
        for (final SurvivorshipRule rule : SurvivorshipRule.values()) {
            mergeOne(rule, Double.NaN, 2.5d, Double.POSITIVE_INFINITY);
        }
        assertEquals(2.5d, mergeOne(SurvivorshipRule.MOST_FREQUENT, Double.NaN, 2.5d, 2.5d).value());
        assertEquals(Double.NaN, mergeOne(SurvivorshipRule.LONGEST, Double.NaN, 2.5d).value(), "NaN is three letters");
    }

    /** A tie between different values is broken by the member order, and the lineage says against whom and by what. */
    @Test
    void theLineageOfATieSaysWhatBrokeIt() {
        final List<FieldSurvivorship> fields = List.of(new FieldSurvivorship("Name", SurvivorshipRule.MOST_RECENT),
                new FieldSurvivorship("City", SurvivorshipRule.MOST_RECENT), new FieldSurvivorship("Title", SurvivorshipRule.LONGEST),
                new FieldSurvivorship("Phone", SurvivorshipRule.MOST_FREQUENT));
        final List<Member> sameTime = List.of(
                new Member("hubspot", "901", MARCH, 0, new Object[] {"Acme Inc", "Boston", "CFO", "+1415"}),
                new Member("salesforce", "003A", MARCH, 1, new Object[] {"ACME Inc.", "Boston", "CTO", "+1212"}));
        final GoldenRecord preferred = new GoldenRecordPlan(fields, SourcePriority.parse("salesforce, hubspot"), UnionFormat.ARRAY).merge(sameTime);
        assertEquals("ACME Inc.", preferred.value(0));
        assertEquals("salesforce:003A (most_recent; tie with hubspot:901 broken by source priority)", preferred.origin(0).describe());
        assertEquals("salesforce:003A (most_recent)", preferred.origin(1).describe(), "both say Boston: no tie to break");
        assertEquals("salesforce:003A (longest; tie with hubspot:901 broken by source priority)", preferred.origin(2).describe());
        assertEquals("salesforce:003A (most_frequent; tie with hubspot:901 broken by source priority)", preferred.origin(3).describe());

        final GoldenRecord unranked = new GoldenRecordPlan(fields, SourcePriority.NONE, UnionFormat.ARRAY).merge(sameTime);
        assertEquals("hubspot:901 (most_recent; tie with salesforce:003A broken by system and id)", unranked.origin(0).describe());
        final GoldenRecord newer = new GoldenRecordPlan(fields, SourcePriority.NONE, UnionFormat.ARRAY).merge(List.of(sameTime.get(0),
                new Member("salesforce", "003A", APRIL, 1, new Object[] {"ACME Inc.", "Boston", "CTO", "+1212"})));
        assertEquals("salesforce:003A (longest; tie with hubspot:901 broken by the most recent timestamp)", newer.origin(2).describe());
        final GoldenRecord positions = new GoldenRecordPlan(fields, SourcePriority.NONE, UnionFormat.ARRAY).merge(List.of(
                new Member("legacy", null, Timestamps.NONE, 0, new Object[] {"A", null, null, null}),
                new Member("legacy", null, Timestamps.NONE, 1, new Object[] {"B", null, null, null})));
        assertEquals("legacy:#1 (most_recent; tie with legacy:#2 broken by position in the FlowFile)", positions.origin(0).describe());
    }

    @Test
    void aGroupOfOneIsItsOwnGoldenRecordWithUnionFormatted() {
        final GoldenRecord golden = new GoldenRecordPlan(List.of(new FieldSurvivorship("Email", SurvivorshipRule.UNION),
                new FieldSurvivorship("Name", SurvivorshipRule.MOST_RECENT)), SourcePriority.NONE, UnionFormat.ARRAY)
                .merge(List.of(member("a", 0, "x@y.com", "Ann")));
        assertArrayEquals(new Object[] {"x@y.com"}, (Object[]) golden.value(0));
        assertEquals("Ann", golden.value(1));
        assertEquals(List.of("crm:a"), golden.mergedIds());
    }

    @Test
    void membersAreOrderedByPriorityThenRecencyThenSystemAndIdThenPosition() {
        final GoldenRecordPlan plan = new GoldenRecordPlan(List.of(new FieldSurvivorship("Name", SurvivorshipRule.MOST_COMPLETE)),
                SourcePriority.parse("zoho"), UnionFormat.ARRAY);
        final List<Member> members = List.of(
                new Member("hubspot", "2", Timestamps.NONE, 0, new Object[] {"h2"}),
                new Member("hubspot", "1", Timestamps.NONE, 1, new Object[] {"h1"}),
                new Member("salesforce", "9", MARCH, 2, new Object[] {"s9"}),
                new Member("zoho", "7", Timestamps.NONE, 3, new Object[] {"z7"}),
                new Member(null, null, Timestamps.NONE, 4, new Object[] {"n"}),
                new Member(null, null, Timestamps.NONE, 5, new Object[] {"n again"}));
        assertEquals(List.of("zoho:7", "salesforce:9", "hubspot:1", "hubspot:2", "#5", "#6"), plan.merge(members).mergedIds());
        assertEquals(plan.merge(members).mergedIds(), plan.merge(members.reversed()).mergedIds(), "the input order only decides exact ties");
    }

    @Test
    void withoutTimestampsMostRecentAndOldestFallBackToTheMemberOrder() {
        final GoldenRecordPlan plan = new GoldenRecordPlan(List.of(new FieldSurvivorship("A", SurvivorshipRule.MOST_RECENT),
                new FieldSurvivorship("B", SurvivorshipRule.OLDEST)), SourcePriority.parse("b"), UnionFormat.ARRAY);
        final GoldenRecord golden = plan.merge(List.of(
                new Member("a", "1", Timestamps.NONE, 0, new Object[] {"a", "a"}),
                new Member("b", "2", Timestamps.NONE, 1, new Object[] {"b", "b"})));
        assertEquals("b", golden.value(0));
        assertEquals("b", golden.value(1));
    }

    private static Member member(final String id, final long position, final Object... values) {
        return new Member("crm", id, Timestamps.NONE, position, values);
    }

    private static GroupResult mergeOne(final SurvivorshipRule rule, final Object... values) {
        final List<Member> members = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            members.add(member(String.valueOf(i), i, values[i]));
        }
        return new GroupResult(new GoldenRecordPlan(List.of(new FieldSurvivorship("F", rule)), SourcePriority.NONE, UnionFormat.ARRAY)
                .merge(members).value(0));
    }

    private record GroupResult(Object value) {
    }
}
