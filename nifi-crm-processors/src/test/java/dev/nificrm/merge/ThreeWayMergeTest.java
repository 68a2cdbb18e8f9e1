package dev.nificrm.merge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three-way table through the core alone, and what it keeps as snapshots. */
class ThreeWayMergeTest {

    static List<ThreeWayCases.Case> cases() {
        return ThreeWayCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsTheTableSays(final ThreeWayCases.Case row) {
        final SyncDecision decision = new ThreeWayMerge(row.policy()).decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                row.incoming()), ThreeWayCases.TARGET, row.sourceSnapshot(), row.targetSnapshot(), ThreeWayCases.NOW);
        assertDecision(row, decision);
    }

    /** The decision matches the row: outcome, merged state (fields and deletion), write-back and conflict text. */
    static void assertDecision(final ThreeWayCases.Case row, final SyncDecision decision) {
        assertEquals(row.outcome(), decision.outcome(), row.name());
        assertEquals(row.writesSource(), decision.writesSource(), row.name() + ": write back");
        if (row.merged() == null) {
            assertNull(decision.merged(), row.name());
            assertEquals(row.conflict(), decision.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET), row.name());
        } else {
            assertTrue(sameState(row.merged(), decision.merged()), row.name() + ": merged " + decision.merged() + ", expected " + row.merged());
        }
    }

    static boolean sameState(final SyncState expected, final SyncState actual) {
        final Set<String> fields = new HashSet<>(expected.fields().keySet());
        fields.addAll(actual.fields().keySet());
        return expected.sameAs(actual, fields) && (expected.deleted() || expected.fields().keySet().equals(actual.fields().keySet()));
    }

    /** One value as systems write it back is one canonical text; an id, a phone, a version-like text or a date alone are left as they are. */
    @Test
    void canonicalTextMakesOneValueOfEachSystemsSpelling() {
        final java.time.Instant nineThirty = java.time.Instant.parse("2024-03-01T09:30:00Z");
        for (final Object same : List.of("12.50", " 12.5 ", 12.5d, 12.5f, new java.math.BigDecimal("12.500"))) {
            assertEquals("12.5", SyncState.canonical(same), String.valueOf(same));
        }
        assertEquals("1", SyncState.canonical("1.0"));
        assertEquals(SyncState.canonical(1L), SyncState.canonical("1.00"));
        for (final Object same : List.of("2024-03-01T09:30:00.000+0000", "2024-03-01 10:30:00+01", "2024-03-01T09:30:00Z", nineThirty,
                java.sql.Timestamp.from(nineThirty), java.time.OffsetDateTime.parse("2024-03-01T04:30:00-05:00"))) {
            assertEquals("2024-03-01T09:30:00Z", SyncState.canonical(same), String.valueOf(same));
        }
        final java.sql.Timestamp micros = java.sql.Timestamp.from(nineThirty.plusNanos(123_456_000));
        assertEquals("2024-03-01T09:30:00.123456Z", SyncState.canonical(micros), "a database's microseconds are kept, as ReconcileCRMRecord reads them");
        assertEquals(SyncState.canonical(micros), SyncState.canonical("2024-03-01 10:30:00.123456+01"));
        assertEquals("2024-03-01T09:30:00", SyncState.canonical("2024-03-01 09:30:00"));
        assertEquals("2024-03-01T09:30:00", SyncState.canonical(java.time.LocalDateTime.parse("2024-03-01T09:30")));
        assertEquals("[\"golf\",\"tennis, squash\"]", SyncState.canonical(new Object[] {"golf", " tennis, squash "}));
        assertEquals(SyncState.canonical(new Object[] {"golf", "tennis, squash"}), SyncState.canonical(List.of("golf", "tennis, squash")));
        assertEquals(List.of("golf", "tennis, squash"), List.of(SyncState.listOf(SyncState.canonical(new Object[] {"golf", "tennis, squash"}))));
        for (final String kept : List.of("007", "02134", "+14155550100", "1.2.3", "00.5", "2024-03-01", "Smith", "12,50")) {
            assertEquals(kept, SyncState.canonical(kept));
        }
    }

    /**
     * A time of day (an Avro time-millis or a database TIME column, which NiFi's readers give as a java.sql.Time made from
     * the local time in the JVM's zone) is one value whatever the reader gave: its ISO-8601 text with seconds, as a CSV
     * reader gives it as text. Before, java.sql.Time threw UnsupportedOperationException (it has no instant), and the
     * whole FlowFile went to failure.
     */
    @Test
    void aTimeOfDayIsOneValueWhateverTheReaderGaveAndNoError() {
        final java.time.LocalTime nineThirty = java.time.LocalTime.of(9, 30);
        final java.sql.Time fromNiFi = new java.sql.Time(nineThirty.atDate(java.time.LocalDate.EPOCH).atZone(java.time.ZoneId.systemDefault())
                .toInstant().toEpochMilli());
        for (final Object same : List.of(fromNiFi, java.sql.Time.valueOf(nineThirty), nineThirty, "09:30:00", " 09:30:00 ")) {
            assertEquals("09:30:00", SyncState.canonical(same), same.getClass().getSimpleName() + " " + same);
        }
        final java.sql.Time withMillis = new java.sql.Time(fromNiFi.getTime() + 250);
        assertEquals("09:30:00.250", SyncState.canonical(withMillis));
        assertEquals(SyncState.canonical(withMillis), SyncState.canonical(nineThirty.plusNanos(250_000_000)));
        assertEquals("09:30:00", Values.text(fromNiFi), "the text survivorship rules compare");
    }

    /**
     * A multi-select picklist held as text: the options the sync wrote, returned in another order (HubSpot's Tennis;Golf for
     * Salesforce's Golf;Tennis), are its echo, not an edit that would be written back and forth for ever; options changed in
     * both systems are merged from the base (each side's additions and removals), not a conflict.
     */
    @Test
    void multiSelectOptionsAreASetAndOptionsChangedOnBothSidesAreMerged() {
        final MultiSelectFields interests = MultiSelectFields.of(Set.of("Interests"), ";");
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS), interests);
        final SyncState written = new SyncState(Map.of("Interests", "Golf;Tennis"), false, ThreeWayCases.EARLIER);
        final SyncSnapshot salesforce = SyncSnapshot.read(written);
        final SyncSnapshot hubspot = SyncSnapshot.written(written, ThreeWayCases.EARLIER, null);
        final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(Map.of("Interests", "Tennis; Golf"), false, ThreeWayCases.NOW)), ThreeWayCases.SOURCE, hubspot, salesforce, ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome(), "the same options in hubspot's order");
        assertFalse(echo.writesSource());

        final SyncState base = new SyncState(Map.of("Interests", "Golf;Tennis"), false, ThreeWayCases.EARLIER);
        final SyncSnapshot hubspotChanged = SyncSnapshot.read(new SyncState(Map.of("Interests", "Chess;Golf;Tennis"), false, ThreeWayCases.EARLIER + 1));
        final SyncDecision both = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("Interests", "Golf;Sailing"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET, SyncSnapshot.read(base),
                hubspotChanged, ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.MERGED, both.outcome(), "salesforce dropped Tennis and added Sailing, hubspot added Chess");
        assertEquals("Golf;Sailing;Chess", both.merged().value("Interests"));
        assertTrue(both.writesSource(), "salesforce gets hubspot's Chess");

        assertEquals(SyncDecision.Outcome.CONFLICT, new ThreeWayMerge(merge.getPolicy()).decide(new SyncInput(ThreeWayCases.GOLDEN_ID,
                ThreeWayCases.SOURCE, new SyncState(Map.of("Interests", "Golf;Sailing"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET,
                SyncSnapshot.read(base), hubspotChanged, ThreeWayCases.NOW).outcome(), "a field not declared a multi-select is text");
        // a list's options are the same value as text's: one CRM gives the field as a list, the other as text
        assertEquals("golf;tennis", interests.canonical("Interests", SyncState.canonical(List.of("tennis", "golf", " "))));
        assertEquals(interests.canonical("Interests", "golf; tennis"), interests.canonical("Interests", SyncState.canonical(List.of("tennis", "golf"))));
        // an element holding the delimiter is one option, which text cannot hold: it stays a list
        assertEquals("[\"a;b\",\"golf\"]", interests.canonical("Interests", SyncState.canonical(List.of("golf", "a;b"))));
        assertNull(interests.canonical("Interests", " ; "));
        assertEquals("Tennis;Golf", interests.canonical("Title", "Tennis;Golf"), "only the fields declared");
    }

    /**
     * A multi-select's surviving options are written in the order the system whose value won gave them (HubSpot shows them
     * as entered), not in alphabetical order; options merged from both sides keep the incoming record's order, the other
     * system's additions after them. Order still changes nothing: read back in another order, the value is the sync's echo.
     */
    @Test
    void multiSelectOptionsSurviveInTheOrderTheWinningSystemGaveThem() {
        final MultiSelectFields interests = MultiSelectFields.of(Set.of("Interests"), ";");
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.DELETE_WINS), interests);
        final SyncSnapshot base = SyncSnapshot.read(new SyncState(Map.of("FirstName", "Ann", "Interests", "Golf;Tennis"), false, ThreeWayCases.EARLIER));
        final SyncSnapshot hubspotAddedChess = SyncSnapshot.read(new SyncState(Map.of("FirstName", "Ann", "Interests", "Tennis;Golf;Chess"), false,
                ThreeWayCases.EARLIER + 1));

        // only hubspot changed the options: salesforce gets them in hubspot's order
        final SyncDecision hubspotWon = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("FirstName", "Anne", "Interests", "Golf;Tennis"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET, base,
                hubspotAddedChess, ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.MERGED, hubspotWon.outcome());
        assertTrue(hubspotWon.writesSource());
        assertEquals("Tennis;Golf;Chess", hubspotWon.merged().value("Interests"));
        assertEquals("Tennis;Golf;Chess", hubspotWon.sourceSnapshot().state().value("Interests"), "the snapshot keeps what is written");
        assertEquals("Golf;Tennis", hubspotWon.sourceSnapshot().before().value("Interests"), "and what salesforce had, in its order");

        // salesforce returns them in its picklist's order: its echo, nothing written
        final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("FirstName", "Anne", "Interests", "Chess;Golf;Tennis"), false, ThreeWayCases.NOW + 1)), ThreeWayCases.TARGET,
                hubspotWon.sourceSnapshot(), hubspotWon.targetSnapshot(), ThreeWayCases.NOW + 2);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome());
        assertFalse(echo.writesSource());

        // both changed the options: salesforce's in its order, then hubspot's addition
        final SyncDecision both = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("FirstName", "Ann", "Interests", "Sailing; Golf"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET, base,
                hubspotAddedChess, ThreeWayCases.NOW);
        assertEquals("Sailing;Golf;Chess", both.merged().value("Interests"));

        // a conflict settled by source priority (no base): hubspot's options in hubspot's order
        final SyncDecision settled = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("Interests", "Sailing;Golf"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET, null, hubspotAddedChess,
                ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.UNCHANGED, settled.outcome(), "hubspot keeps its own");
        assertEquals("Tennis;Golf;Chess", settled.merged().value("Interests"));

        // a list (JSON) keeps hubspot's order too
        final SyncSnapshot listBase = SyncSnapshot.read(new SyncState(Map.of("Interests", "[\"golf\",\"tennis\"]"), false, ThreeWayCases.EARLIER));
        final SyncDecision list = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("Interests", "[\"golf\",\"tennis\",\"sailing\"]"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET, listBase,
                SyncSnapshot.read(new SyncState(Map.of("Interests", "[\"tennis\",\"golf\",\"chess\"]"), false, ThreeWayCases.EARLIER + 1)),
                ThreeWayCases.NOW);
        assertEquals("[\"golf\",\"tennis\",\"sailing\",\"chess\"]", list.merged().value("Interests"));
    }

    /**
     * A conflict without a base (the source never synced for the customer): the diff quotes each system's options in the
     * order that system gave them, Salesforce's record as read and HubSpot's as the sync last knew it, not re-sorted.
     */
    @Test
    void aConflictShowsEachSystemsOptionsInTheOrderItGaveThem() {
        final MultiSelectFields interests = MultiSelectFields.of(Set.of("Interests"), ";");
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS), interests);
        final SyncSnapshot hubspot = SyncSnapshot.read(new SyncState(Map.of("FirstName", "Ann", "Interests", "Tennis;Golf;Chess"), false,
                ThreeWayCases.EARLIER));
        final SyncDecision conflict = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("FirstName", "Ann", "Interests", "Sailing; Golf"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET, null,
                hubspot, ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.CONFLICT, conflict.outcome());
        assertEquals("Interests: base (never synced), salesforce \"Sailing;Golf\", hubspot \"Tennis;Golf;Chess\"",
                conflict.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET));

        final SyncDecision lists = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("Interests", "[\"tennis\",\"chess\"]"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET, null,
                SyncSnapshot.read(new SyncState(Map.of("Interests", "[\"sailing\",\"golf\"]"), false, ThreeWayCases.EARLIER)), ThreeWayCases.NOW);
        assertEquals("Interests: base (never synced), salesforce \"[\\\"tennis\\\",\\\"chess\\\"]\", hubspot \"[\\\"sailing\\\",\\\"golf\\\"]\"",
                lists.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET), "a list too");
    }

    /** The conflict example of MergeCRMRecord's documentation: both CRMs change the email in one cycle. */
    @Test
    void aConcurrentEditReadBeforeTheOtherDirectionsWriteIsAConflict() {
        final long tenOClock = java.time.Instant.parse("2024-06-01T10:00:00Z").toEpochMilli();
        final long fivePast = java.time.Instant.parse("2024-06-01T10:05:00Z").toEpochMilli();
        final long eleven = java.time.Instant.parse("2024-06-01T11:00:00Z").toEpochMilli();
        final SyncSnapshot synced = SyncSnapshot.read(ThreeWayCases.state("Robert", "bob@example.com", null));
        final SyncState salesforceEdit = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, tenOClock);
        final SyncState hubspotEdit = new SyncState(ThreeWayCases.state("Robert", "robert@work.example", null).fields(), false, fivePast);
        for (final ConflictPolicy policy : List.of(ConflictPolicy.ROUTE_TO_CONFLICT, ConflictPolicy.SOURCE_PRIORITY, ConflictPolicy.PREFER_SYSTEM)) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(policy, "salesforce", DeletePolicy.ROUTE_TO_CONFLICT));
            final SyncDecision first = merge.decide(new SyncInput("G-robert", "salesforce", salesforceEdit), "hubspot", synced, synced, eleven);
            assertEquals(SyncDecision.Outcome.MERGED, first.outcome());
            final SyncDecision second = merge.decide(new SyncInput("G-robert", "hubspot", hubspotEdit), "salesforce", first.targetSnapshot(),
                    first.sourceSnapshot(), eleven + 1000);
            switch (policy) {
                case ROUTE_TO_CONFLICT -> assertEquals("Email: base \"bob@example.com\", hubspot \"robert@work.example\", salesforce \"rob@new.example\"",
                        second.describeConflict("hubspot", "salesforce"));
                case SOURCE_PRIORITY -> {
                    assertEquals(SyncDecision.Outcome.MERGED, second.outcome());
                    assertEquals("robert@work.example", second.merged().value("Email"));
                    assertTrue(second.writesSource(), "the first write would overwrite HubSpot's email");
                    assertEquals("hubspot: conflict won by source priority", second.lineage().get("Email"));
                }
                default -> {
                    assertEquals(SyncDecision.Outcome.UNCHANGED, second.outcome());
                    assertEquals("rob@new.example", second.merged().value("Email"));
                    assertFalse(second.writesSource(), "HubSpot gets Salesforce's email from the first write");
                }
            }
        }
    }

    /** Snapshots are the record as the sync wrote or read it, so that ReconcileCRMRecord compares them field by field. */
    @Test
    void aSnapshotIsTheRecordItselfWithItsBookkeepingUnderCrmKeys() throws Exception {
        final SyncSnapshot written = SyncSnapshot.written(new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false,
                ThreeWayCases.EARLIER), ThreeWayCases.WRITTEN, ThreeWayCases.state("Robert", "bob@example.com", null));
        final com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(written.toJson());
        assertEquals("rob@new.example", json.get("Email").asText());
        assertTrue(json.get("Phone").isNull());
        assertEquals(ThreeWayCases.WRITTEN, json.get("crm_written").asLong());
        assertEquals("bob@example.com", json.get("crm_before").get("Email").asText());
        assertEquals(written, SyncSnapshot.parse(written.toJson()));

        final SyncSnapshot plain = SyncSnapshot.parse("{\"firstname\":\"Ann\",\"email\":\"ann@lee.org\"}");
        assertFalse(plain.isWritten(), "a snapshot without bookkeeping is a state read from the system");
        assertEquals("ann@lee.org", plain.state().value("email"));
    }

    @Test
    void anEchoOfAWriteConfirmsItAndAnEchoOfARecordReadChangesNothing() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS));
        final SyncState state = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncInput echo = new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, state);
        final SyncDecision ofWrite = merge.decide(echo, ThreeWayCases.TARGET, SyncSnapshot.written(state, ThreeWayCases.WRITTEN, null), null,
                ThreeWayCases.NOW);
        assertTrue(ofWrite.isEcho());
        assertFalse(ofWrite.sourceSnapshot().isWritten(), "the write is confirmed: the state was read back");
        final SyncDecision ofRead = merge.decide(echo, ThreeWayCases.TARGET, SyncSnapshot.read(state), null, ThreeWayCases.NOW);
        assertTrue(ofRead.isEcho());
        assertNull(ofRead.sourceSnapshot(), "nothing to keep");
        assertNull(ofRead.targetSnapshot());
    }

    @Test
    void whatIsWrittenBecomesBothSnapshotsWithTheStateBeforeIt() {
        final ThreeWayCases.Case eachSide = ThreeWayCases.all().stream().filter(row -> row.name().equals("each side changed another field"))
                .findFirst().orElseThrow();
        final SyncDecision decision = new ThreeWayMerge(eachSide.policy()).decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                eachSide.incoming()), ThreeWayCases.TARGET, eachSide.sourceSnapshot(), eachSide.targetSnapshot(), ThreeWayCases.NOW);
        assertEquals(ThreeWayCases.NOW, decision.targetSnapshot().written());
        assertEquals(eachSide.targetSnapshot().state(), decision.targetSnapshot().before());
        assertEquals(ThreeWayCases.NOW, decision.sourceSnapshot().written(), "salesforce is written back the hubspot phone");
        assertEquals(eachSide.incoming(), decision.sourceSnapshot().before());
        assertTrue(sameState(decision.merged(), decision.sourceSnapshot().state()));
        assertEquals("salesforce: changed", decision.lineage().get("FirstName"));
        assertEquals("hubspot: changed there", decision.lineage().get("Phone"));
        assertEquals(SyncSnapshot.parse(decision.sourceSnapshot().toJson()), decision.sourceSnapshot(), "kept as JSON and read back the same");
    }
    /** What the merge decides for a row of Robert read from Salesforce, to be merged into HubSpot. */
    private static SyncDecision fromSalesforce(final ThreeWayMerge merge, final SyncState state, final String row, final SyncSnapshot salesforce,
                                               final SyncSnapshot hubspot) {
        return merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, state, row), ThreeWayCases.TARGET, salesforce, hubspot,
                ThreeWayCases.NOW);
    }

    @Test
    void anOlderVersionOfTheCustomersRowReadAfterANewerOneChangesNothing() {
        final ThreeWayMerge merge = oneRowPerSystem();
        final SyncState newer = new SyncState(ThreeWayCases.state("Robert", "rob@newer.example", null).fields(), false, ThreeWayCases.WRITTEN);
        final SyncState older = new SyncState(ThreeWayCases.state("Robert", "rob@older.example", null).fields(), false, ThreeWayCases.EARLIER);
        final SyncSnapshot salesforce = SyncSnapshot.read(newer).withRow("003A");
        final SyncSnapshot hubspot = SyncSnapshot.read(newer).withRow("77");

        final SyncDecision late = fromSalesforce(merge, older, "003A", salesforce, hubspot);
        assertEquals(SyncDecision.Outcome.UNCHANGED, late.outcome(), "a version older than the one synced is not sent again");
        assertNull(late.sourceSnapshot(), "the snapshot keeps the newer version");
        assertNull(late.targetSnapshot());

        // the same time, or a later one, is a change as before
        final SyncState sameTime = new SyncState(older.fields(), false, ThreeWayCases.WRITTEN);
        assertEquals(SyncDecision.Outcome.MERGED, fromSalesforce(merge, sameTime, "003A", salesforce, hubspot).outcome());
        assertEquals(SyncDecision.Outcome.MERGED, fromSalesforce(merge, new SyncState(older.fields(), false, ThreeWayCases.NOW), "003A",
                salesforce, hubspot).outcome());
        // a snapshot the sync wrote holds the other system's time: not compared with this one's; the state before the
        // write holds the time of the version read last, which is
        final SyncState readBefore = new SyncState(newer.fields(), false, ThreeWayCases.EARLIER - 1);
        final SyncSnapshot written = SyncSnapshot.written(newer, ThreeWayCases.NOW, readBefore).withRow("003A");
        assertEquals(SyncDecision.Outcome.MERGED, fromSalesforce(merge, older, "003A", written, hubspot).outcome());
        final SyncSnapshot writtenAfterNewer = SyncSnapshot.written(newer, ThreeWayCases.NOW, newer).withRow("003A");
        assertEquals(SyncDecision.Outcome.UNCHANGED, fromSalesforce(merge, older, "003A", writtenAfterNewer, hubspot).outcome(),
                "older than the version read before the write");
    }

    private static ThreeWayMerge oneRowPerSystem() {
        return new ThreeWayMerge(new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT, SourcePriority.parse("hubspot, salesforce"), null,
                DeletePolicy.DELETE_WINS, DuplicateRowPolicy.ROUTE_TO_CONFLICT));
    }

    @Test
    void aCustomerSyncsThroughTheFirstRowReadThereAndASecondRowIsAConflictWhoseDeleteDeletesNothing() {
        final ThreeWayMerge merge = oneRowPerSystem();
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncDecision first = fromSalesforce(merge, robert, "003A", null, null);
        assertEquals(SyncDecision.Outcome.MERGED, first.outcome());
        assertEquals("003A", first.sourceSnapshot().row(), "the first row read is the customer's row in salesforce");
        assertNull(first.targetSnapshot().row(), "hubspot's row is known once the sync's insert is read back");
        assertEquals("003A", SyncSnapshot.parse(first.sourceSnapshot().toJson()).row(), "kept with the snapshot");

        final SyncState edited = ThreeWayCases.state("Robert", "rob@new.example", null);
        final SyncDecision second = fromSalesforce(merge, edited, "003Z", first.sourceSnapshot(), first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.CONFLICT, second.outcome());
        assertFalse(second.writesSource());
        assertEquals(first.sourceSnapshot().state(), second.sourceSnapshot().state(), "a second row changes no synced state");
        assertEquals(Map.of("003Z", SyncSnapshot.fingerprint(edited)), second.sourceSnapshot().secondRows(), "only what was routed");
        assertEquals(second.sourceSnapshot(), SyncSnapshot.parse(second.sourceSnapshot().toJson()));
        assertFalse(second.sourceSnapshot().toJson().contains("ann.lee") || second.sourceSnapshot().toJson().contains("rob@new"),
                "a fingerprint, not the second row's values");
        assertNull(second.targetSnapshot());
        final SyncDecision readAgain = fromSalesforce(merge, edited, "003Z", second.sourceSnapshot(), first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.UNCHANGED, readAgain.outcome(), "read again as it was routed: not a second conflict");
        assertNull(readAgain.sourceSnapshot());
        final SyncDecision editedAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                ThreeWayCases.state("Bob", "rob@new.example", null), "003Z"), ThreeWayCases.TARGET, second.sourceSnapshot(), first.targetSnapshot(),
                ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.CONFLICT, editedAgain.outcome(), "edited again: a person sees the change that is not synced");
        assertEquals("(record): row 003Z is a second row of this customer in salesforce, which syncs through row 003A there; merge the two "
                + "rows in salesforce (this row's changes are not synced to hubspot)", second.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET));

        final SyncState gone = new SyncState(Map.of(), true, ThreeWayCases.NOW);
        final SyncDecision mergedAway = fromSalesforce(merge, gone, "003Z", first.sourceSnapshot(), first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.CONFLICT, mergedAway.outcome(), "deleting a second row (merged away in salesforce) deletes nothing");
        assertTrue(mergedAway.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET).endsWith(
                "(this row is deleted: nothing is deleted in hubspot, the customer lives on in row 003A)"));

        final SyncSnapshot customerDeleted = SyncSnapshot.read(gone).withRow("003A");
        assertEquals(SyncDecision.Outcome.UNCHANGED, fromSalesforce(merge, gone, "003Z", customerDeleted, first.targetSnapshot()).outcome(),
                "a second row deleted after the customer's own row: nothing left to merge");

        final SyncDecision ownRow = fromSalesforce(merge, edited, "003A", second.sourceSnapshot(), first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, ownRow.outcome(), "the customer's own row syncs");
        assertEquals("003A", ownRow.sourceSnapshot().row());
        assertEquals(Set.of("003Z"), ownRow.sourceSnapshot().secondRows().keySet(), "the second rows routed are kept");

        final SyncDecision everyRow = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS))
                .decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, edited, "003Z"), ThreeWayCases.TARGET, first.sourceSnapshot(),
                        first.targetSnapshot(), ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.MERGED, everyRow.outcome(), "Sync Every Row: the second row's change syncs");
        assertEquals("003A", everyRow.sourceSnapshot().row(), "the customer's row stays the first one");
    }

    @Test
    void theCustomersOwnRowDeletedWhileASecondRowLivesOnHandsTheCustomerOverAndDeletesNothing() {
        final ThreeWayMerge merge = oneRowPerSystem();
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncDecision first = fromSalesforce(merge, robert, "003A", null, null);
        final SyncState kept = ThreeWayCases.state("Robert", "rob@new.example", null);
        final SyncDecision second = fromSalesforce(merge, kept, "003Z", first.sourceSnapshot(), first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.CONFLICT, second.outcome());

        // a person merges the two rows in salesforce, keeping 003Z: 003A is deleted
        final SyncState gone = new SyncState(Map.of(), true, ThreeWayCases.NOW);
        final SyncDecision ownRowDeleted = fromSalesforce(merge, gone, "003A", second.sourceSnapshot(), first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.CONFLICT, ownRowDeleted.outcome(), "a person sees the hand-over");
        assertNull(ownRowDeleted.merged(), "nothing is deleted in hubspot");
        assertFalse(ownRowDeleted.writesSource());
        assertNull(ownRowDeleted.targetSnapshot());
        assertEquals("(record): row 003A, the row this customer syncs through in salesforce, is deleted, but the customer lives on in row 003Z "
                + "there: nothing is deleted in hubspot; the customer syncs through row 003Z from now on, and that row's values reach hubspot as "
                + "salesforce's changes", ownRowDeleted.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET));
        assertEquals("003Z", ownRowDeleted.handedOverTo());
        assertNull(second.handedOverTo());
        final SyncSnapshot handedOver = ownRowDeleted.sourceSnapshot();
        assertEquals("003Z", handedOver.row());
        assertEquals(Map.of("003A", SyncSnapshot.DELETED_ROW + "@" + ThreeWayCases.NOW), handedOver.secondRows(),
                "the deleted row is remembered with the time of its tombstone, not its values");
        assertTrue(sameState(robert, handedOver.state()), "the customer's last state stays the base");
        assertEquals(handedOver, SyncSnapshot.parse(handedOver.toJson()));

        // the deleted row read again, also while it still keeps the golden id: nothing to do
        assertEquals(SyncDecision.Outcome.UNCHANGED, fromSalesforce(merge, gone, "003A", handedOver, first.targetSnapshot()).outcome());
        assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("FirstName", "Robert"), true, ThreeWayCases.NOW), "003A", true), ThreeWayCases.TARGET, handedOver,
                first.targetSnapshot(), ThreeWayCases.NOW).outcome());

        // the row kept, read again: its values are salesforce's changes
        final SyncDecision keptRead = fromSalesforce(merge, kept, "003Z", handedOver, first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, keptRead.outcome());
        assertEquals("rob@new.example", keptRead.merged().value("Email"));
        assertEquals("salesforce: changed", keptRead.lineage().get("Email"));
        assertEquals("003Z", keptRead.sourceSnapshot().row());
        assertEquals(Map.of("003A", SyncSnapshot.DELETED_ROW + "@" + ThreeWayCases.NOW), keptRead.sourceSnapshot().secondRows());
    }

    @Test
    void aWriteOfTheSyncToTheDeletedRowIsWrittenBackToTheRowKept() {
        final ThreeWayMerge merge = oneRowPerSystem();
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncState fromHubSpot = ThreeWayCases.state("Robert", "rob@new.example", null);
        // the sync wrote HubSpot's new email to 003A, which a person deleted at that moment, keeping 003Z
        final SyncSnapshot written = SyncSnapshot.written(fromHubSpot, ThreeWayCases.WRITTEN, robert).withRow("003A").withSecondRow("003Z", robert);
        final SyncSnapshot hubspot = SyncSnapshot.read(fromHubSpot).withRow("77");
        final SyncDecision handOver = fromSalesforce(merge, new SyncState(Map.of(), true, ThreeWayCases.NOW), "003A", written, hubspot);
        assertEquals("003Z", handOver.handedOverTo());
        assertTrue(handOver.sourceSnapshot().isWritten(), "the write not read back stays with the state before it");

        final SyncDecision kept = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                ThreeWayCases.state("Rob", "bob@example.com", null), "003Z"), ThreeWayCases.TARGET, handOver.sourceSnapshot(), hubspot,
                ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.MERGED, kept.outcome());
        assertEquals("Rob", kept.merged().value("FirstName"), "the kept row's change");
        assertEquals("rob@new.example", kept.merged().value("Email"), "HubSpot's change, which never reached 003Z, is not undone");
        assertTrue(kept.writesSource(), "it is written to 003Z");
        assertEquals("003Z", kept.sourceSnapshot().row());
    }

    /**
     * Hubspot's row 901 is remembered as deleted (Robert came back there in row 902, read back). The sync writes
     * salesforce's new email to 902; 902 read after that write without it, and with another field changed, is the write
     * that never reached hubspot: a conflict, as for any customer (before, the check was skipped for good while 901 was
     * remembered, and the old email overwrote salesforce's in both CRMs). Skipped still for the write that went to a row
     * the customer was handed over from: the row kept lacks it by design, also when read with a time after the write
     * (before, that time took it for a read showing the write, and the row's old email undid hubspot's in both CRMs).
     */
    @Test
    void aWriteThatNeverReachedTheRowIsCaughtAlsoWhileADeletedRowIsRemembered() {
        final ThreeWayMerge merge = oneRowPerSystem();
        final Map<String, String> robert = ThreeWayCases.state("Robert", "bob@example.com", "555-0100").fields();
        final SyncSnapshot hubspot = SyncSnapshot.read(new SyncState(robert, false, ThreeWayCases.EARLIER)).standingFor("902",
                Map.of("901", SyncSnapshot.DELETED_ROW + "@" + (ThreeWayCases.EARLIER - 1000)));
        final SyncSnapshot salesforce = SyncSnapshot.read(new SyncState(robert, false, ThreeWayCases.EARLIER)).withRow("003A");
        final SyncDecision email = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false,
                ThreeWayCases.EARLIER + 1000), "003A", salesforce, hubspot);
        assertEquals(SyncDecision.Outcome.MERGED, email.outcome());
        final SyncState withoutTheWrite = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "555-0199").fields(), false,
                ThreeWayCases.NOW + 5000);
        final SyncDecision notShown = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, withoutTheWrite, "902"),
                ThreeWayCases.SOURCE, email.targetSnapshot(), email.sourceSnapshot(), ThreeWayCases.NOW + 6000);
        assertEquals(SyncDecision.Outcome.CONFLICT, notShown.outcome(), "the write may not have reached hubspot: " + notShown.merged());
        assertTrue(notShown.recordConflict().contains("the write may not have reached hubspot"), notShown.recordConflict());

        // a hand-over: the write went to 003A as a person deleted it, keeping 003Z, which lacks it
        final SyncSnapshot written = SyncSnapshot.written(new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false,
                ThreeWayCases.EARLIER + 1000), ThreeWayCases.WRITTEN, new SyncState(robert, false, ThreeWayCases.EARLIER)).withRow("003A")
                .withSecondRow("003Z", new SyncState(robert, false, ThreeWayCases.EARLIER));
        final SyncSnapshot hubspotRead = SyncSnapshot.read(new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false,
                ThreeWayCases.EARLIER + 1000)).withRow("77");
        final SyncDecision handOver = fromSalesforce(merge, new SyncState(Map.of(), true, ThreeWayCases.NOW), "003A", written, hubspotRead);
        assertEquals("003Z", handOver.handedOverTo());
        final SyncDecision kept = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "555-0199").fields(), false, ThreeWayCases.NOW + 1000), "003Z"),
                ThreeWayCases.TARGET, handOver.sourceSnapshot(), hubspotRead, ThreeWayCases.NOW + 2000);
        assertEquals(SyncDecision.Outcome.MERGED, kept.outcome(), "the row kept lacks the write by design: " + kept.recordConflict());
        assertEquals("rob@new.example", kept.merged().value("Email"));
        assertEquals("555-0199", kept.merged().value("Phone"));
        assertTrue(kept.writesSource(), "the email written to 003Z");
    }

    @Test
    void onlyALivingSecondRowTakesTheCustomerOverAndTheFirstOfSeveralDoes() {
        final ThreeWayMerge merge = oneRowPerSystem();
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncState gone = new SyncState(Map.of("FirstName", "Robert"), true, ThreeWayCases.NOW);
        final SyncSnapshot hubspot = SyncSnapshot.read(robert).withRow("77");
        final SyncSnapshot secondDeleted = SyncSnapshot.read(robert).withRow("003A").withSecondRow("003Z", gone);
        final SyncDecision deleted = fromSalesforce(merge, gone, "003A", secondDeleted, hubspot);
        assertEquals(SyncDecision.Outcome.MERGED, deleted.outcome(), "no row lives on: the customer is deleted");
        assertTrue(deleted.merged().deleted());

        assertEquals(List.of("9", "812", "1000", "003Y"), SyncSnapshot.read(robert).withRow("1").withSecondRow("1000", robert)
                .withSecondRow("003Y", robert).withSecondRow("812", robert).withSecondRow("9", robert).withSecondRow("77", gone).livingSecondRows(),
                "numeric ids as numbers, deleted rows left out");
        final SyncSnapshot twoLiving = SyncSnapshot.read(robert).withRow("003A").withSecondRow("003Z", robert)
                .withSecondRow("003Y", ThreeWayCases.state("Bob", "bob@example.com", null));
        final SyncDecision handOver = fromSalesforce(merge, gone, "003A", twoLiving, hubspot);
        assertEquals(SyncDecision.Outcome.CONFLICT, handOver.outcome());
        assertEquals("003Y", handOver.sourceSnapshot().row());
        assertTrue(handOver.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET).endsWith("; row 003Z stays a second row"));
        assertEquals(SyncDecision.Outcome.CONFLICT, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                ThreeWayCases.state("Robert", "robert@home.example", null), "003Z"), ThreeWayCases.TARGET, handOver.sourceSnapshot(), hubspot,
                ThreeWayCases.NOW).outcome(), "the other one edited is a second row of the customer's new row");

        final SyncDecision everyRow = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS))
                .decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, gone, "003A"), ThreeWayCases.TARGET, twoLiving, hubspot,
                        ThreeWayCases.NOW);
        assertEquals("003Y", everyRow.handedOverTo(), "Sync Every Row hands over too");
    }

    /**
     * Sync Every Row: a second row's changes sync, and it is remembered as living on, so merging the two rows in the
     * source (deleting either) never deletes the customer in the target.
     */
    @Test
    void withSyncEveryRowASecondRowSyncsAndMergingTheTwoRowsDeletesNothing() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncDecision first = fromSalesforce(merge, robert, "003A", null, null);
        final SyncState second = ThreeWayCases.state("Robert", "rob@new.example", null);
        final SyncDecision synced = fromSalesforce(merge, second, "003Z", first.sourceSnapshot(), first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, synced.outcome(), "the second row's change syncs");
        assertEquals("003A", synced.sourceSnapshot().row());
        assertEquals(List.of("003Z"), synced.sourceSnapshot().livingSecondRows(), "remembered as living on");
        assertEquals(SyncDecision.Outcome.UNCHANGED, fromSalesforce(merge, second, "003Z", synced.sourceSnapshot(), synced.targetSnapshot()).outcome(),
                "read again: nothing new");

        final SyncState gone = new SyncState(Map.of(), true, ThreeWayCases.NOW);
        final SyncDecision secondGone = fromSalesforce(merge, gone, "003Z", synced.sourceSnapshot(), synced.targetSnapshot());
        assertEquals(SyncDecision.Outcome.CONFLICT, secondGone.outcome(), "the second row merged away deletes nothing");
        assertNull(secondGone.merged());
        assertTrue(secondGone.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET).endsWith(
                "(this row is deleted: nothing is deleted in hubspot, the customer lives on in row 003A)"));

        final SyncDecision ownGone = fromSalesforce(merge, gone, "003A", synced.sourceSnapshot(), synced.targetSnapshot());
        assertEquals("003Z", ownGone.handedOverTo(), "the customer's own row merged away: handed over to the row kept");
        assertNull(ownGone.merged());
        final SyncDecision bothGone = fromSalesforce(merge, gone, "003A", secondGone.sourceSnapshot(), synced.targetSnapshot());
        assertTrue(bothGone.merged().deleted(), "every row deleted: the customer is");
    }

    /**
     * Sync Every Row: after a second row's change synced, the customer's own row read again unchanged (a poll's overlap, a
     * touch without an edit) is not an edit back to its old values: it changes nothing in the target.
     */
    @Test
    void withSyncEveryRowTheCustomersOwnRowReadAgainUnchangedAfterASecondRowSyncedChangesNothing() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS));
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncDecision first = fromSalesforce(merge, robert, "003A", null, null);
        final SyncDecision synced = fromSalesforce(merge, ThreeWayCases.state("Robert", "rob@new.example", null), "003Z", first.sourceSnapshot(),
                first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, synced.outcome(), "the second row's change syncs");

        final SyncDecision reread = fromSalesforce(merge, robert, "003A", synced.sourceSnapshot(), synced.targetSnapshot());
        assertEquals(SyncDecision.Outcome.UNCHANGED, reread.outcome(), "the customer's own row as last read: nothing new from it");
        assertFalse(reread.writesSource());
        final SyncSnapshot kept = SyncSnapshot.parse(synced.sourceSnapshot().toJson());
        assertEquals(SyncDecision.Outcome.UNCHANGED, fromSalesforce(merge, robert, "003A", kept, synced.targetSnapshot()).outcome(),
                "kept in the stored snapshot");
        assertFalse(synced.sourceSnapshot().toJson().contains("bob@example"), "a fingerprint of the row, not its values");

        final SyncDecision edited = fromSalesforce(merge, ThreeWayCases.state("Bob", "bob@example.com", null), "003A", kept, synced.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, edited.outcome(), "an edit of the customer's own row still syncs");
        assertEquals("Bob", edited.merged().value("FirstName"));
        assertEquals("rob@new.example", edited.merged().value("Email"), "the field the own row did not edit keeps the second row's value");
        final SyncDecision same = fromSalesforce(merge, ThreeWayCases.state("Bob", "rob@new.example", null), "003A", edited.sourceSnapshot(),
                edited.targetSnapshot());
        assertEquals(SyncDecision.Outcome.UNCHANGED, same.outcome());
        assertNull(same.sourceSnapshot().rowSeen(), "once the customer's own row holds the state, the state is its own again");
    }

    /**
     * Sync Every Row: after a second row's change synced, an edit of the customer's own row syncs the fields it edited (by
     * the three-way rules: a field the target changed too is a conflict) and leaves the fields it did not edit as the
     * second row synced them; the own row is remembered field by field (fingerprints, not values) until it holds the
     * state again.
     */
    @Test
    void withSyncEveryRowAnEditOfTheCustomersOwnRowSyncsOnlyTheFieldsItEdited() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision first = fromSalesforce(merge, ThreeWayCases.state("Robert", "bob@example.com", "111"), "003A", null, null);
        final SyncDecision synced = fromSalesforce(merge, ThreeWayCases.state("Robert", "rob@new.example", "111"), "003Z", first.sourceSnapshot(),
                first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, synced.outcome(), "the second row's change syncs");
        final SyncSnapshot kept = SyncSnapshot.parse(synced.sourceSnapshot().toJson());
        assertFalse(kept.toJson().contains("bob@example"), "fingerprints of the own row's fields, not its values");

        final SyncState ownEdited = ThreeWayCases.state("Bob", "bob@example.com", "111");
        final SyncDecision edited = fromSalesforce(merge, ownEdited, "003A", kept, synced.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, edited.outcome(), "an edit of the customer's own row syncs");
        assertEquals("Bob", edited.merged().value("FirstName"), "the field the own row edited");
        assertEquals("rob@new.example", edited.merged().value("Email"), "a field it did not edit keeps what the second row synced");
        assertFalse(edited.writesSource(), "nothing is written back over the own row's other fields");
        assertEquals("rob@new.example", edited.sourceSnapshot().state().value("Email"));
        final SyncSnapshot afterEdit = SyncSnapshot.parse(edited.sourceSnapshot().toJson());
        assertEquals(SyncDecision.Outcome.UNCHANGED, fromSalesforce(merge, ownEdited, "003A", afterEdit, edited.targetSnapshot()).outcome(),
                "the own row read again as edited: nothing new");
        final SyncDecision emailEdited = fromSalesforce(merge, ThreeWayCases.state("Bob", "bob@work.example", "111"), "003A", afterEdit,
                edited.targetSnapshot());
        assertEquals("bob@work.example", emailEdited.merged().value("Email"), "its next edit of another field syncs that field");
        assertNull(emailEdited.sourceSnapshot().rowSeen(), "the own row holds the state again");

        // the target changed the field the own row edited: a conflict, by the three-way rules
        final SyncSnapshot hubspotEdited = SyncSnapshot.read(ThreeWayCases.state("Robbie", "rob@new.example", "111")).withRow("77");
        final SyncDecision both = fromSalesforce(merge, ownEdited, "003A", kept, hubspotEdited);
        assertEquals(SyncDecision.Outcome.CONFLICT, both.outcome());
        assertEquals(List.of("FirstName"), both.conflicts().stream().map(FieldConflict::field).toList());

    }

    /**
     * Sync Every Row, a snapshot as kept before field fingerprints were (5361a9a): {@code crm_row_seen} alone. The own row's
     * reading is recovered from that fingerprint when the row edited only fields the second row had not changed, so the
     * fields it did not edit keep what the second row synced; when it edited a field the second row changed too, nothing
     * can be recovered and every field where the rows differ counts as edited, as the page says.
     */
    @Test
    void withSyncEveryRowASnapshotKeptBeforeFieldFingerprintsStillSyncsOnlyTheFieldsTheOwnRowEdited() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS));
        final SyncState ownRowRead = ThreeWayCases.state("Robert", "bob@example.com", "111");
        final SyncState second = ThreeWayCases.state("Robert", "rob@new.example", "222");
        // what the code before 5361a9a kept after row 003Z's change synced: the state, the rows, and the own row's fingerprint
        final SyncSnapshot kept = SyncSnapshot.parse("{\"FirstName\":\"Robert\",\"Email\":\"rob@new.example\",\"Phone\":\"222\","
                + "\"crm_row\":\"003A\",\"crm_second_rows\":{\"003Z\":\"" + SyncSnapshot.secondRowSeen(second) + "\"},"
                + "\"crm_row_seen\":\"" + SyncSnapshot.fingerprint(ownRowRead) + "\"}");
        assertTrue(kept.rowSeenFields().isEmpty());
        final SyncSnapshot hubspot = SyncSnapshot.read(second).withRow("77");

        final SyncDecision edited = fromSalesforce(merge, ThreeWayCases.state("Bob", "bob@example.com", "111"), "003A", kept, hubspot);
        assertEquals(SyncDecision.Outcome.MERGED, edited.outcome());
        assertEquals("Bob", edited.merged().value("FirstName"), "the field the own row edited");
        assertEquals("rob@new.example", edited.merged().value("Email"), "a field it did not edit keeps what the second row synced");
        assertEquals("222", edited.merged().value("Phone"), "a field it did not edit keeps what the second row synced");
        assertFalse(edited.writesSource());
        assertFalse(edited.sourceSnapshot().rowSeenFields().isEmpty(), "the snapshot now keeps the own row's field fingerprints");
        final SyncDecision phoneEdited = fromSalesforce(merge, ThreeWayCases.state("Bob", "bob@example.com", "333"), "003A",
                SyncSnapshot.parse(edited.sourceSnapshot().toJson()), edited.targetSnapshot());
        assertEquals("333", phoneEdited.merged().value("Phone"), "its next edit syncs");
        assertEquals("rob@new.example", phoneEdited.merged().value("Email"));

        // the own row edited the email the second row changed too: no reading has the fingerprint, every differing field counts as edited
        final SyncDecision emailEdited = fromSalesforce(merge, ThreeWayCases.state("Robert", "carol@example.com", "111"), "003A", kept, hubspot);
        assertEquals("carol@example.com", emailEdited.merged().value("Email"));
        assertEquals("111", emailEdited.merged().value("Phone"), "not recoverable: the own row's phone counts as edited");
    }

    /**
     * Sync Every Row: the customer's own row read with some fields only (a partial export) keeps the fingerprints of the
     * fields it did not hold as read before, so the next full read does not take those fields for edits.
     */
    @Test
    void withSyncEveryRowAPartialReadOfTheOwnRowKeepsTheFingerprintsOfTheFieldsItLacks() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision first = fromSalesforce(merge, ThreeWayCases.state("Robert", "bob@example.com", "111"), "003A", null, null);
        final SyncDecision synced = fromSalesforce(merge, ThreeWayCases.state("Robert", "rob@new.example", "222"), "003Z", first.sourceSnapshot(),
                first.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, synced.outcome());

        final Map<String, String> partialFields = new LinkedHashMap<>();
        partialFields.put("FirstName", "Bob");
        partialFields.put("Email", "bob@example.com");
        final SyncDecision partial = fromSalesforce(merge, new SyncState(partialFields, false, Timestamps.NONE), "003A",
                SyncSnapshot.parse(synced.sourceSnapshot().toJson()), synced.targetSnapshot());
        assertEquals(SyncDecision.Outcome.MERGED, partial.outcome());
        assertEquals("Bob", partial.merged().value("FirstName"));
        assertEquals("rob@new.example", partial.merged().value("Email"));

        final SyncDecision full = fromSalesforce(merge, ThreeWayCases.state("Bob", "bob@example.com", "111"), "003A",
                SyncSnapshot.parse(partial.sourceSnapshot().toJson()), partial.targetSnapshot());
        assertEquals(SyncDecision.Outcome.UNCHANGED, full.outcome(), "the phone the partial read lacked is as read before, not an edit");
        assertFalse(full.writesSource());
        final SyncState hubspotNow = full.targetSnapshot() == null ? partial.targetSnapshot().state() : full.targetSnapshot().state();
        assertEquals("222", hubspotNow.value("Phone"));
    }

    /**
     * A second row routed before a list multi-select's canonical value became its options as text (it was their JSON array)
     * was fingerprinted with the array: read again unchanged, it is the same state, not a second conflict.
     */
    @Test
    void aSecondRowRoutedWithAListBeforeTheCanonicalFormChangedIsNotRoutedAgain() {
        final MultiSelectFields interests = MultiSelectFields.of(Set.of("Interests"), ";");
        final ThreeWayMerge merge = new ThreeWayMerge(new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT, SourcePriority.parse("hubspot, salesforce"),
                null, DeletePolicy.DELETE_WINS, DuplicateRowPolicy.ROUTE_TO_CONFLICT), interests);
        final SyncState robert = new SyncState(Map.of("FirstName", "Robert", "Interests", "Golf"), false, Timestamps.NONE);
        final SyncState second = new SyncState(Map.of("FirstName", "Rob", "Interests", "[\"Tennis\",\"Golf\"]"), false, Timestamps.NONE);
        // the previous version kept the fingerprint of the options' sorted JSON array
        final SyncState routedBefore = new SyncState(Map.of("FirstName", "Rob", "Interests", "[\"Golf\",\"Tennis\"]"), false, Timestamps.NONE);
        final SyncSnapshot salesforce = SyncSnapshot.read(robert).withRow("003A").withSecondRow("003Z", routedBefore);
        final SyncDecision reread = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, second, "003Z"), ThreeWayCases.TARGET,
                salesforce, SyncSnapshot.read(robert).withRow("77"), ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.UNCHANGED, reread.outcome(), "routed already, in the previous snapshot form");
        // and routed before the field was named a multi-select: the list as read
        final SyncSnapshot unnamed = SyncSnapshot.read(robert).withRow("003A").withSecondRow("003Z", second);
        assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, second, "003Z"),
                ThreeWayCases.TARGET, unnamed, SyncSnapshot.read(robert).withRow("77"), ThreeWayCases.NOW).outcome());
        final SyncState edited = new SyncState(Map.of("FirstName", "Rob", "Interests", "[\"Tennis\",\"Golf\",\"Chess\"]"), false, Timestamps.NONE);
        assertEquals(SyncDecision.Outcome.CONFLICT, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, edited, "003Z"),
                ThreeWayCases.TARGET, salesforce, SyncSnapshot.read(robert).withRow("77"), ThreeWayCases.NOW).outcome(), "a new edit is routed");
    }

    /**
     * An option holding the delimiter (HubSpot's list option {@code "R;D"}) written into a CRM holding the field as text comes
     * back as {@code Golf;R;D}, which text cannot tell from three options: read against what the sync knows of the field
     * (what it wrote there, the other CRM's value), it is those options, the sync's echo, and nothing crosses back.
     */
    @Test
    void anOptionHoldingTheDelimiterReadBackAsTextIsTheSyncsEcho() {
        final MultiSelectFields interests = MultiSelectFields.of(Set.of("Interests"), ";");
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS), interests);
        final SyncState golf = new SyncState(Map.of("FirstName", "Ann", "Interests", "Golf"), false, ThreeWayCases.EARLIER);
        final SyncState hubspotAdded = new SyncState(Map.of("FirstName", "Ann", "Interests", "[\"Golf\",\"R;D\"]"), false, ThreeWayCases.EARLIER + 1);
        final SyncDecision toSalesforce = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, hubspotAdded), ThreeWayCases.SOURCE,
                SyncSnapshot.read(golf), SyncSnapshot.read(golf), ThreeWayCases.WRITTEN);
        assertEquals(SyncDecision.Outcome.MERGED, toSalesforce.outcome());

        final SyncState readBack = new SyncState(Map.of("FirstName", "Ann", "Interests", "Golf;R;D"), false, ThreeWayCases.NOW);
        final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, readBack), ThreeWayCases.TARGET,
                toSalesforce.targetSnapshot(), toSalesforce.sourceSnapshot(), ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome(), "the options written, read back as text: the sync's echo");
        assertFalse(echo.writesSource());
        final SyncDecision again = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, readBack), ThreeWayCases.TARGET,
                echo.sourceSnapshot(), toSalesforce.sourceSnapshot(), ThreeWayCases.NOW + 1);
        assertEquals(SyncDecision.Outcome.UNCHANGED, again.outcome(), "and read again");
        assertFalse(again.writesSource());

        final SyncDecision neverSynced = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("FirstName", "Ann", "Interests", "R;D;Golf"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET, null,
                SyncSnapshot.read(hubspotAdded), ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.UNCHANGED, neverSynced.outcome(), "text spelling hubspot's options is hubspot's value, no conflict");

        final SyncDecision edited = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(Map.of("FirstName", "Ann", "Interests", "Golf;R"), false, ThreeWayCases.NOW)), ThreeWayCases.TARGET,
                echo.sourceSnapshot(), toSalesforce.sourceSnapshot(), ThreeWayCases.NOW + 1);
        assertEquals(SyncDecision.Outcome.MERGED, edited.outcome(), "other options are an edit");
        assertEquals("Golf;R", edited.merged().value("Interests"));
    }

    @Test
    void theSyncsOwnInsertReadBackBecomesTheCustomersRowAndAWriteKeepsIt() {
        final ThreeWayMerge merge = oneRowPerSystem();
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        // the sync inserted Robert into hubspot (a written snapshot, no row yet); its insert comes back as row 77
        final SyncDecision echoOfWrite = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, robert, "77"),
                ThreeWayCases.SOURCE, SyncSnapshot.written(robert, ThreeWayCases.WRITTEN, null), null, ThreeWayCases.NOW);
        assertTrue(echoOfWrite.isEcho());
        assertEquals("77", echoOfWrite.sourceSnapshot().row());
        // a snapshot read before rows were kept (an older version's) is claimed by the first echo read: one write
        final SyncDecision echoOfRead = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, robert, "77"),
                ThreeWayCases.SOURCE, SyncSnapshot.read(robert), null, ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echoOfRead.outcome());
        assertEquals("77", echoOfRead.sourceSnapshot().row());
        assertNull(merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, robert, "77"), ThreeWayCases.SOURCE,
                echoOfRead.sourceSnapshot(), null, ThreeWayCases.NOW).sourceSnapshot(), "once claimed, an echo writes nothing");
        // a change from salesforce written into hubspot keeps hubspot's row
        final SyncDecision write = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                ThreeWayCases.state("Robert", "rob@new.example", null), "003A"), ThreeWayCases.TARGET, SyncSnapshot.read(robert).withRow("003A"),
                echoOfRead.sourceSnapshot(), ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.MERGED, write.outcome());
        assertEquals("77", write.targetSnapshot().row());
        assertEquals("77", SyncSnapshot.parse(write.targetSnapshot().toJson()).row());
    }
    /**
     * A customer whose row in the target is deleted, changed (or brought back) in the source: the target's row cannot be
     * written (Salesforce refuses an update of a deleted record, HubSpot an archived one), so the write names no row there
     * and the loader inserts a new one; the deleted row is remembered as such (its tombstone read again changes nothing),
     * and the new row, read back, is the customer's row from then on.
     */
    @Test
    void aCustomerBroughtBackWhereItsRowIsDeletedIsInsertedThereAndTheNewRowTakesOver() {
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final long deletedAt = ThreeWayCases.EARLIER;
        final SyncSnapshot salesforce = SyncSnapshot.read(robert).withRow("003A");
        final SyncSnapshot hubspotDeleted = SyncSnapshot.read(new SyncState(robert.fields(), true, deletedAt)).withRow("901");
        final SyncState edited = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, ThreeWayCases.WRITTEN);
        for (final DeletePolicy deletePolicy : List.of(DeletePolicy.UPDATE_REVIVES, DeletePolicy.ROUTE_TO_CONFLICT, DeletePolicy.DELETE_WINS)) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, deletePolicy));
            final SyncDecision changed = fromSalesforce(merge, edited, "003A", salesforce, hubspotDeleted);
            if (deletePolicy == DeletePolicy.UPDATE_REVIVES) {
                assertEquals(SyncDecision.Outcome.MERGED, changed.outcome());
                assertFalse(changed.merged().deleted());
                assertNull(changed.targetSnapshot().row(), "no row named in hubspot: the loader inserts one, not writing the deleted row 901");
                assertEquals("deleted@" + deletedAt, changed.targetSnapshot().secondRows().get("901"), "the deleted row is remembered as such");
            } else if (deletePolicy == DeletePolicy.DELETE_WINS) {
                assertEquals(SyncDecision.Outcome.UNCHANGED, changed.outcome(), "the deletion wins: nothing is written to hubspot");
                assertTrue(changed.writesSource() && changed.merged().deleted(), "salesforce gets the deletion");
            } else {
                assertEquals("(record): hubspot deleted it, salesforce changed Email", changed.recordConflict());
            }
        }
        // deleted in both, then restored in salesforce (its recycle bin keeps the id): back in hubspot, whatever the policy
        for (final DeletePolicy deletePolicy : DeletePolicy.values()) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, deletePolicy));
            final SyncSnapshot salesforceDeleted = SyncSnapshot.read(new SyncState(Map.of(), true, deletedAt)).withRow("003A");
            final SyncDecision restored = fromSalesforce(merge, edited, "003A", salesforceDeleted, hubspotDeleted);
            assertEquals(SyncDecision.Outcome.MERGED, restored.outcome(), deletePolicy.name());
            assertNull(restored.targetSnapshot().row(), deletePolicy + ": inserted in hubspot");
            assertEquals("003A", restored.sourceSnapshot().row(), "the restored row is salesforce's row still");

            // hubspot's deleted row read again (a poll's overlap, a deletion log read late) changes nothing
            final SyncDecision tombstoneAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                    new SyncState(robert.fields(), true, deletedAt), "901"), ThreeWayCases.SOURCE, restored.targetSnapshot(), restored.sourceSnapshot(),
                    ThreeWayCases.NOW + 1);
            assertEquals(SyncDecision.Outcome.UNCHANGED, tombstoneAgain.outcome(), deletePolicy + ": " + tombstoneAgain.recordConflict());
            assertNull(tombstoneAgain.sourceSnapshot());
            // the insert read back as row 902: the sync's echo, and hubspot's row from now on
            final SyncDecision insertReadBack = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                    new SyncState(edited.fields(), false, ThreeWayCases.NOW + 5), "902"), ThreeWayCases.SOURCE, restored.targetSnapshot(),
                    restored.sourceSnapshot(), ThreeWayCases.NOW + 10);
            assertTrue(insertReadBack.isEcho(), deletePolicy.name());
            assertEquals("902", insertReadBack.sourceSnapshot().row());
            assertEquals("deleted@" + deletedAt, insertReadBack.sourceSnapshot().secondRows().get("901"));
            final SyncDecision next = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Bob", "rob@new.example", null).fields(), false,
                    ThreeWayCases.NOW + 20), "003A", restored.sourceSnapshot(), insertReadBack.sourceSnapshot());
            assertEquals(SyncDecision.Outcome.MERGED, next.outcome());
            assertEquals("902", next.targetSnapshot().row(), "the next write goes to the new row");
        }
        // salesforce's own row deleted while hubspot changed the email: the update revives it in salesforce, by an insert
        final ThreeWayMerge revives = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.UPDATE_REVIVES));
        final SyncDecision deletion = fromSalesforce(revives, new SyncState(Map.of(), true, ThreeWayCases.WRITTEN), "003A", salesforce,
                SyncSnapshot.read(ThreeWayCases.state("Robert", "robert@work.example", null)).withRow("901"));
        assertEquals(SyncDecision.Outcome.UNCHANGED, deletion.outcome());
        assertTrue(deletion.writesSource(), "salesforce gets the customer back");
        assertNull(deletion.sourceSnapshot().row(), "inserted in salesforce, not written into the deleted row 003A");
        assertEquals("deleted@" + ThreeWayCases.WRITTEN, deletion.sourceSnapshot().secondRows().get("003A"));
    }

    /**
     * A deletion and a change a cycle apart: a person deletes Robert's salesforce row 003A; the sync reads it and, hubspot
     * unchanged as far as it knows, sends hubspot's row 901 a delete; before that delete lands, a person changes 901's email
     * (after the sync read hubspot). The delete lands on the change, and the next cycle reads 901's tombstone holding the
     * new email: the change was never seen by salesforce. Per Delete Policy, as when both are read in one cycle: Route to
     * Conflict sends it to a person naming the deletion (read again, the tombstone raises no second conflict; the row
     * restored from hubspot's recycle bin brings Robert back in salesforce); Update Revives keeps the change, inserted in
     * both CRMs (both rows are deleted); Delete Wins keeps the deletion: the tombstone is the delete's echo. A tombstone
     * holding what the sync knew, or no values (an id-only delete event), or older than the delete's decision (a person's
     * own deletion before it), is the echo whatever the policy. (Before, the tombstone was always taken for the echo: the
     * change was deleted in both CRMs without a person deciding, or reviving it.)
     */
    @Test
    void aChangeTheSyncsDeleteLandedOnIsTheChangeCrossingTheDeletionWhenReadACycleLater() {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final long deletedAt = ThreeWayCases.WRITTEN;
        final long decidedAt = ThreeWayCases.WRITTEN + 1000;
        final long landedAt = ThreeWayCases.WRITTEN + 5000;
        final SyncState changedThenDeleted = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), true, landedAt);
        final SyncState salesforceTombstone = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "555-0199").fields(), true, deletedAt);
        for (final DeletePolicy deletePolicy : DeletePolicy.values()) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, deletePolicy));
            // (salesforce's tombstone carries the phone a person gave 003A just before deleting it)
            final SyncDecision deletion = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, salesforceTombstone, "003A"),
                    ThreeWayCases.TARGET, SyncSnapshot.read(robert).withRow("003A"), SyncSnapshot.read(robert).withRow("901"), decidedAt);
            assertEquals(SyncDecision.Outcome.MERGED, deletion.outcome(), deletePolicy + ": hubspot unchanged, it gets the delete");
            assertTrue(deletion.merged().deleted());
            final SyncSnapshot hubspotDeleting = deletion.targetSnapshot();
            final SyncSnapshot salesforceDeleted = deletion.sourceSnapshot();

            final SyncDecision landed = fromHubSpot(merge, changedThenDeleted, hubspotDeleting, salesforceDeleted);
            switch (deletePolicy) {
                case ROUTE_TO_CONFLICT -> {
                    assertEquals(SyncDecision.Outcome.CONFLICT, landed.outcome());
                    assertEquals("(record): salesforce deleted it, hubspot changed Email; the sync's delete of the customer reached row 901 in"
                            + " hubspot after that change, which it had not read: the row is deleted there with it. To keep the customer,"
                            + " restore the row in hubspot (the sync brings it back in salesforce); else nothing is to be done", landed.recordConflict());
                    assertFalse(landed.writesSource());
                    final SyncSnapshot known = landed.sourceSnapshot();
                    assertTrue(known.state().deleted() && !known.isWritten(), "the tombstone is known: " + known);
                    final SyncDecision again = fromHubSpot(merge, changedThenDeleted, known, salesforceDeleted);
                    assertEquals(SyncDecision.Outcome.UNCHANGED, again.outcome(), "read again, no second conflict: " + again.recordConflict());
                    final SyncDecision restored = fromHubSpot(merge, new SyncState(changedThenDeleted.fields(), false, landedAt + 60_000), known,
                            salesforceDeleted);
                    assertEquals(SyncDecision.Outcome.MERGED, restored.outcome(), "the person restores 901: Robert comes back in salesforce");
                    assertEquals("rob@new.example", restored.merged().value("Email"));
                    assertNull(restored.targetSnapshot().row(), "inserted in salesforce, its row 003A deleted");
                }
                case UPDATE_REVIVES -> {
                    assertEquals(SyncDecision.Outcome.MERGED, landed.outcome(), "salesforce gets the change back");
                    assertFalse(landed.merged().deleted());
                    assertEquals("rob@new.example", landed.merged().value("Email"));
                    assertTrue(landed.writesSource(), "and so does hubspot, whose row the delete took");
                    assertNull(landed.sourceSnapshot().row(), "inserted in hubspot, not written into the deleted row 901");
                    assertEquals("deleted@" + landedAt, landed.sourceSnapshot().secondRows().get("901"));
                    assertNull(landed.targetSnapshot().row(), "inserted in salesforce, not written into the deleted row 003A");
                }
                case DELETE_WINS -> {
                    assertEquals(SyncDecision.Outcome.UNCHANGED, landed.outcome(), "the deletion wins: the delete's echo");
                    assertTrue(landed.isEcho() && !landed.writesSource());
                }
            }
            // the echo, whatever the policy: the tombstone holding what the sync knew, or the values the deletion carried (a
            // loader writing them with the delete, an upsert of the whole record setting the tombstone flag), one without values, one
            // older than the delete's decision (a person deleted 901 before the delete came)
            for (final SyncState echo : List.of(new SyncState(robert.fields(), true, landedAt), new SyncState(salesforceTombstone.fields(), true, landedAt),
                    new SyncState(Map.of(), true, landedAt),
                    new SyncState(ThreeWayCases.state(null, null, null).fields(), true, landedAt),
                    new SyncState(changedThenDeleted.fields(), true, decidedAt - 500))) {
                final SyncDecision read = fromHubSpot(merge, echo, hubspotDeleting, salesforceDeleted);
                assertEquals(SyncDecision.Outcome.UNCHANGED, read.outcome(), deletePolicy + ", " + echo + ": " + read.recordConflict());
                assertFalse(read.writesSource(), deletePolicy + ", " + echo);
            }
        }
    }

    /**
     * Route to Conflict, one cycle: salesforce deletes Robert and hubspot changes his email, both read before either is
     * decided; salesforce → hubspot goes first, so the delete is on its way to 901 when hubspot's change is decided: a
     * conflict naming the deletion. The sync remembers 901 holds the change when the delete lands, so 901's tombstone read
     * next, holding it, is the delete's echo, not the change crossing the deletion a second time.
     */
    @Test
    void aChangeReadWhileTheSyncsDeleteIsOnItsWayGoesToAPersonOnce() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.ROUTE_TO_CONFLICT));
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final SyncDecision deletion = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(robert.fields(), true, ThreeWayCases.WRITTEN), "003A"), ThreeWayCases.TARGET, SyncSnapshot.read(robert).withRow("003A"),
                SyncSnapshot.read(robert).withRow("901"), ThreeWayCases.WRITTEN + 2000);
        final SyncState change = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, ThreeWayCases.WRITTEN + 1000);
        final SyncDecision held = fromHubSpot(merge, change, deletion.targetSnapshot(), deletion.sourceSnapshot());
        assertEquals("(record): salesforce deleted it, hubspot changed Email", held.recordConflict());
        final SyncSnapshot hubspot = held.sourceSnapshot() == null ? deletion.targetSnapshot() : held.sourceSnapshot();
        final SyncDecision landed = fromHubSpot(merge, new SyncState(change.fields(), true, ThreeWayCases.WRITTEN + 5000), hubspot,
                deletion.sourceSnapshot());
        assertEquals(SyncDecision.Outcome.UNCHANGED, landed.outcome(), "the delete's echo: " + landed.recordConflict());
    }

    /**
     * The other order a cycle apart: hubspot changes Robert's email, read and written to salesforce's 003A; after the sync
     * read salesforce and before the write came, a person deletes 003A, and salesforce refuses the write (a deleted row).
     * The next cycle reads 003A's tombstone, newer than the write's decision but holding the email from before it: the
     * deletion never saw hubspot's change, so Delete Policy settles it (before, the time alone took the tombstone for a
     * deletion made after the write landed, and the change was deleted in hubspot without a person deciding). A tombstone
     * holding the write, or carrying no values, is a deletion after the write: applied.
     */
    @Test
    void aDeletionReadACycleAfterTheWriteItRefusedCrossesTheChangeTheWriteCarried() {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final long decidedAt = ThreeWayCases.WRITTEN;
        final long deletedAt = ThreeWayCases.WRITTEN + 3000;
        for (final DeletePolicy deletePolicy : DeletePolicy.values()) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, deletePolicy));
            final SyncDecision change = emailOnItsWayTo003A(merge, robert, decidedAt);
            final SyncSnapshot salesforce = change.targetSnapshot();
            final SyncSnapshot hubspot = change.sourceSnapshot();

            final SyncDecision refused = fromSalesforce(merge, new SyncState(robert.fields(), true, deletedAt), "003A", salesforce, hubspot);
            switch (deletePolicy) {
                case ROUTE_TO_CONFLICT -> assertEquals("(record): salesforce deleted it, hubspot changed Email", refused.recordConflict());
                case UPDATE_REVIVES -> {
                    assertEquals(SyncDecision.Outcome.UNCHANGED, refused.outcome(), "hubspot keeps the change");
                    assertTrue(refused.writesSource() && !refused.merged().deleted(), "salesforce gets it back");
                    assertEquals("rob@new.example", refused.merged().value("Email"));
                }
                case DELETE_WINS -> {
                    assertEquals(SyncDecision.Outcome.MERGED, refused.outcome());
                    assertTrue(refused.merged().deleted(), "the deletion wins over the change");
                }
            }
            for (final SyncState afterTheWrite : List.of(new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), true, deletedAt),
                    new SyncState(Map.of(), true, deletedAt))) {
                final SyncDecision applied = fromSalesforce(merge, afterTheWrite, "003A", salesforce, hubspot);
                assertEquals(SyncDecision.Outcome.MERGED, applied.outcome(), deletePolicy + ", " + afterTheWrite + ": " + applied.recordConflict());
                assertTrue(applied.merged().deleted(), deletePolicy + ": hubspot gets the deletion");
            }
        }
    }

    /**
     * An id-only tombstone without a time (a deleted-records API's id and deleted flag) read while the sync's write to the
     * row is not read back says nothing of that write: like any record without a time that does not show the write, it
     * is taken as read before the write landed, and Delete Policy settles the deletion against the change the write
     * carried. Both forms of it decide alike: the fields absent (a JSON tombstone of the id alone) and the fields present
     * but empty (a CSV row with the id and the flag). Before, the form without fields showed the write on no field, so it
     * was taken for a deletion after the write and applied under every policy, while the empty CSV form went to the
     * Delete Policy.
     */
    @Test
    void anUntimedIdOnlyTombstoneAfterAWriteNotReadBackIsSettledByDeletePolicyWhateverItsForm() {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final long decidedAt = ThreeWayCases.WRITTEN;
        final Map<String, String> empty = new LinkedHashMap<>();
        for (final String field : robert.fields().keySet()) {
            empty.put(field, null);
        }
        for (final DeletePolicy deletePolicy : DeletePolicy.values()) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, deletePolicy));
            final SyncDecision change = emailOnItsWayTo003A(merge, robert, decidedAt);
            for (final SyncState idOnly : List.of(new SyncState(Map.of(), true, Timestamps.NONE), new SyncState(empty, true, Timestamps.NONE))) {
                final String form = deletePolicy + ", fields " + (idOnly.fields().isEmpty() ? "absent" : "empty");
                final SyncDecision decision = fromSalesforce(merge, idOnly, "003A", change.targetSnapshot(), change.sourceSnapshot());
                switch (deletePolicy) {
                    case ROUTE_TO_CONFLICT -> assertEquals("(record): salesforce deleted it, hubspot changed Email", decision.recordConflict(), form);
                    case UPDATE_REVIVES -> {
                        assertEquals(SyncDecision.Outcome.UNCHANGED, decision.outcome(), form + ": hubspot keeps the change; " + decision.recordConflict());
                        assertTrue(decision.writesSource() && !decision.merged().deleted(), form + ": salesforce gets it back");
                        assertEquals("rob@new.example", decision.merged().value("Email"), form);
                    }
                    case DELETE_WINS -> {
                        assertEquals(SyncDecision.Outcome.MERGED, decision.outcome(), form + ": " + decision.recordConflict());
                        assertTrue(decision.merged().deleted(), form + ": the deletion wins over the change");
                    }
                }
            }
        }
    }

    /**
     * The write overran the deletion, read in the other order: hubspot changes Robert's email, decided for salesforce's 003A;
     * a person deletes 003A before the write lands, and a loader reviving deleted rows (an upsert clearing is_deleted) lands
     * the write in it all the same. Salesforce delivers the revived row first (webhooks out of order; or a poll that reads
     * the row's latest version, and a deleted-records feed giving the deletion after): the write's echo, confirmed. The
     * tombstone comes after it, older than the echo and newer than the write's decision, holding the email from before
     * the write: the deletion the write overran, settled by Delete Policy as if read in order (Delete Wins: deleted in
     * hubspot and again in salesforce's revived row; Update Revives: both keep the change; Route to Conflict: a person is
     * told, the row lives). An id-only tombstone in that window cannot tell the deletion came before the write landed: a
     * person decides, whatever the policy. Before, the tombstone was an older version than the echo, unchanged: the
     * deletion lost without anyone deciding. Read again, the tombstone changes nothing; one older than the decision, or
     * holding the write's email (deleted after it landed), is an older version as before.
     */
    @Test
    void aDeletionTheSyncsWriteOverranReadAfterTheWritesEchoIsSettledByDeletePolicy() {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final long decidedAt = ThreeWayCases.WRITTEN;
        final long deletedAt = decidedAt + 3000;
        final long echoedAt = decidedAt + 5000;
        final SyncState revived = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, echoedAt);
        for (final DeletePolicy deletePolicy : DeletePolicy.values()) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, deletePolicy));
            final SyncDecision change = emailOnItsWayTo003A(merge, robert, decidedAt);
            final SyncSnapshot hubspot = change.sourceSnapshot();
            final SyncDecision echo = fromSalesforce(merge, revived, "003A", change.targetSnapshot(), hubspot);
            assertTrue(echo.isEcho() && echo.outcome() == SyncDecision.Outcome.UNCHANGED, deletePolicy + ": the write's echo");
            final SyncSnapshot salesforce = SyncSnapshot.parse(echo.sourceSnapshot().toJson());
            assertEquals(echo.sourceSnapshot(), salesforce, deletePolicy + ": the echoed write is kept in the store");

            final SyncDecision overran = fromSalesforce(merge, new SyncState(robert.fields(), true, deletedAt), "003A", salesforce, hubspot);
            switch (deletePolicy) {
                case DELETE_WINS -> {
                    assertEquals(SyncDecision.Outcome.MERGED, overran.outcome(), "hubspot gets the deletion; " + overran.recordConflict());
                    assertTrue(overran.merged().deleted());
                    assertTrue(overran.writesSource(), "the deletion is asserted again in the revived row");
                    assertTrue(overran.sourceSnapshot().isWritten() && overran.sourceSnapshot().state().deleted());
                    assertEquals("003A", overran.sourceSnapshot().row());
                    assertTrue(overran.targetSnapshot().state().deleted());
                }
                case UPDATE_REVIVES -> {
                    assertEquals(SyncDecision.Outcome.UNCHANGED, overran.outcome(), "both keep the change; " + overran.recordConflict());
                    assertFalse(overran.writesSource(), "the row lives, holding the change");
                }
                case ROUTE_TO_CONFLICT -> {
                    assertEquals(SyncDecision.Outcome.CONFLICT, overran.outcome());
                    assertEquals("(record): row 003A of this customer in salesforce was deleted after the sync decided to write hubspot's change"
                            + " of Email there and before that write landed; the write came after the deletion and brought the row back (a"
                            + " loader reviving deleted rows), so the customer lives in both: to delete it, delete row 003A in salesforce again"
                            + " (the sync deletes it in hubspot too); to keep it, nothing is to be done", overran.recordConflict());
                    assertFalse(overran.writesSource());
                }
            }
            if (overran.sourceSnapshot() != null && deletePolicy != DeletePolicy.DELETE_WINS) {
                final SyncDecision again = fromSalesforce(merge, new SyncState(robert.fields(), true, deletedAt), "003A",
                        SyncSnapshot.parse(overran.sourceSnapshot().toJson()), hubspot);
                assertEquals(SyncDecision.Outcome.UNCHANGED, again.outcome(), deletePolicy + ": read again; " + again.recordConflict());
                assertFalse(again.writesSource());
            }

            final SyncDecision idOnly = fromSalesforce(merge, new SyncState(Map.of(), true, deletedAt), "003A", salesforce, hubspot);
            assertEquals(SyncDecision.Outcome.CONFLICT, idOnly.outcome(), deletePolicy + ": an id-only tombstone in the window");
            assertTrue(idOnly.recordConflict().startsWith("(record): row 003A of this customer in salesforce was deleted after the sync decided"
                    + " to write hubspot's change of Email there, and its tombstone carries no values"), idOnly.recordConflict());
            assertFalse(idOnly.writesSource());

            for (final SyncState olderVersion : List.of(new SyncState(robert.fields(), true, decidedAt - 1000),
                    new SyncState(revived.fields(), true, deletedAt))) {
                final SyncDecision older = fromSalesforce(merge, olderVersion, "003A", salesforce, hubspot);
                assertEquals(SyncDecision.Outcome.UNCHANGED, older.outcome(), deletePolicy + ", " + olderVersion + ": " + older.recordConflict());
                assertFalse(older.writesSource());
            }
        }
    }

    /**
     * The deletion the sync's write overran, read after the write's echo as a tombstone without a time (a deleted-records
     * API's or a webhook's row with its values and no last-modified time): its values tell it, holding on the field the
     * write changed the value from before it, as the timed one, and Delete Policy settles it the same way (before, it was
     * taken for a deletion after the write landed: hubspot got the deletion under every policy, and with Delete Wins the
     * revived row lived on in salesforce). Read again after it was settled, also without a time, it changes nothing. An
     * untimed tombstone holding the write's values is a deletion after the write landed; an untimed id-only one tells
     * nothing of when it came, and is taken for that too (the common case: a person deleting the row after the sync's
     * write), as before.
     */
    @Test
    void anUntimedDeletionTheSyncsWriteOverranIsSettledByDeletePolicyAndOnce() {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final long decidedAt = ThreeWayCases.WRITTEN;
        final SyncState revived = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, decidedAt + 5000);
        final SyncState untimed = new SyncState(robert.fields(), true, Timestamps.NONE);
        for (final DeletePolicy deletePolicy : DeletePolicy.values()) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, deletePolicy));
            final SyncDecision change = emailOnItsWayTo003A(merge, robert, decidedAt);
            final SyncSnapshot hubspot = change.sourceSnapshot();
            final SyncSnapshot salesforce = fromSalesforce(merge, revived, "003A", change.targetSnapshot(), hubspot).sourceSnapshot();

            final SyncDecision overran = fromSalesforce(merge, untimed, "003A", salesforce, hubspot);
            switch (deletePolicy) {
                case DELETE_WINS -> {
                    assertEquals(SyncDecision.Outcome.MERGED, overran.outcome(), "hubspot gets the deletion; " + overran.recordConflict());
                    assertTrue(overran.merged().deleted());
                    assertTrue(overran.writesSource(), "the deletion is asserted again in the revived row");
                    assertTrue(overran.sourceSnapshot().state().deleted());
                }
                case UPDATE_REVIVES -> {
                    assertEquals(SyncDecision.Outcome.UNCHANGED, overran.outcome(), "both keep the change; " + overran.recordConflict() + " "
                            + overran.merged());
                    assertFalse(overran.writesSource(), "the row lives, holding the change");
                }
                case ROUTE_TO_CONFLICT -> {
                    assertEquals(SyncDecision.Outcome.CONFLICT, overran.outcome(), "a person decides; " + overran.merged());
                    assertTrue(overran.recordConflict().startsWith("(record): row 003A of this customer in salesforce was deleted after the sync"
                            + " decided to write hubspot's change of Email there and before that write landed"), overran.recordConflict());
                    assertFalse(overran.writesSource());
                }
            }
            final SyncSnapshot settled = SyncSnapshot.parse(overran.sourceSnapshot().toJson());
            assertEquals(overran.sourceSnapshot(), settled, deletePolicy + ": kept in the store");
            for (final SyncState again : List.of(untimed, new SyncState(robert.fields(), true, decidedAt + 3000))) {
                final SyncDecision read = fromSalesforce(merge, again, "003A", settled, overran.targetSnapshot() == null ? hubspot
                        : overran.targetSnapshot());
                assertEquals(SyncDecision.Outcome.UNCHANGED, read.outcome(), deletePolicy + ", " + again + " read again: " + read.recordConflict());
                assertFalse(read.writesSource(), deletePolicy + ": read again");
                assertNull(read.targetSnapshot(), deletePolicy + ": read again, nothing written to hubspot");
            }

            for (final SyncState afterTheWrite : List.of(new SyncState(revived.fields(), true, Timestamps.NONE),
                    new SyncState(Map.of(), true, Timestamps.NONE))) {
                final SyncDecision deletion = fromSalesforce(merge, afterTheWrite, "003A", salesforce, hubspot);
                assertEquals(SyncDecision.Outcome.MERGED, deletion.outcome(), deletePolicy + ", " + afterTheWrite + ": a deletion after the write landed");
                assertTrue(deletion.merged().deleted());
                assertFalse(deletion.writesSource());
            }
        }
    }

    /** Hubspot's new email of Robert decided for salesforce's 003A at the given time: on its way there, not read back. */
    private static SyncDecision emailOnItsWayTo003A(final ThreeWayMerge merge, final SyncState robert, final long decidedAt) {
        final SyncDecision change = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, decidedAt - 1000), "901"),
                ThreeWayCases.SOURCE, SyncSnapshot.read(robert).withRow("901"), SyncSnapshot.read(robert).withRow("003A"), decidedAt);
        assertEquals(SyncDecision.Outcome.MERGED, change.outcome(), "the email on its way to 003A");
        return change;
    }

    /** Decides a record of hubspot's row 901 against salesforce. */
    private static SyncDecision fromHubSpot(final ThreeWayMerge merge, final SyncState state, final SyncSnapshot hubspot, final SyncSnapshot salesforce) {
        return merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, state, "901"), ThreeWayCases.SOURCE, hubspot, salesforce,
                ThreeWayCases.NOW);
    }

    /**
     * Delete Wins: salesforce changes Robert's phone while hubspot deletes his row 901 in the same cycle. Salesforce's
     * change goes to 901 first (the sync does not know of the deletion yet); hubspot's tombstone, read before that write,
     * wins: salesforce gets the deletion, and hubspot nothing: its row is deleted already (a delete sent to it is a wasted
     * call at best, Salesforce's ENTITY_IS_DELETED or HubSpot's 404 at worst). Hubspot's snapshot is the tombstone read,
     * so the tombstone read again and salesforce's deletion read back change nothing.
     */
    @Test
    void aDeletionThatWinsIsNotWrittenBackToTheRowItWasReadDeletedFrom() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.DELETE_WINS));
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final SyncSnapshot salesforce = SyncSnapshot.read(robert).withRow("003A");
        final SyncSnapshot hubspot = SyncSnapshot.read(robert).withRow("901");
        final SyncDecision phone = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "555-0100").fields(), false,
                ThreeWayCases.EARLIER + 1000), "003A", salesforce, hubspot);
        assertEquals(SyncDecision.Outcome.MERGED, phone.outcome(), "the phone on its way to 901");
        final SyncState tombstone = new SyncState(Map.of(), true, ThreeWayCases.EARLIER + 2000);
        final SyncDecision deleted = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, tombstone, "901"), ThreeWayCases.SOURCE,
                phone.targetSnapshot(), phone.sourceSnapshot(), ThreeWayCases.NOW + 1000);
        assertEquals(SyncDecision.Outcome.MERGED, deleted.outcome());
        assertTrue(deleted.merged().deleted(), "salesforce gets the deletion");
        assertFalse(deleted.writesSource(), "hubspot's row 901 is deleted already: no deletion is written back to it");
        assertTrue(deleted.sourceSnapshot().state().deleted());
        assertFalse(deleted.sourceSnapshot().isWritten(), "hubspot's snapshot is its tombstone, read");
        assertEquals("901", deleted.sourceSnapshot().row());

        final SyncDecision again = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, tombstone, "901"), ThreeWayCases.SOURCE,
                deleted.sourceSnapshot(), deleted.targetSnapshot(), ThreeWayCases.NOW + 2000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, again.outcome(), "the tombstone read again");
        assertFalse(again.writesSource());
        final SyncDecision readBack = fromSalesforce(merge, new SyncState(Map.of(), true, ThreeWayCases.NOW + 3000), "003A", deleted.targetSnapshot(),
                deleted.sourceSnapshot());
        assertTrue(readBack.isEcho(), "salesforce's deletion read back");
        assertFalse(readBack.writesSource());
    }

    /**
     * Delete Policy Route to Conflict: hubspot deletes Robert's row 901 while salesforce changed his email, and the
     * deletion goes to a person. While it waits, hubspot's snapshot knows the row is deleted: salesforce's next change is
     * held for the person too (a conflict naming it, so the person sees the latest state), never written into 901, which
     * hubspot refuses (before, it went to merged, naming 901). Hubspot's tombstone read again raises no second conflict;
     * the person deleting Robert in salesforce deletes nothing more in hubspot.
     */
    @Test
    void whileADeletionWaitsForAPersonTheOtherSystemsChangesAreHeldForThePersonToo() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final SyncSnapshot salesforce = SyncSnapshot.read(new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false,
                ThreeWayCases.EARLIER + 1000)).withRow("003A");
        final SyncSnapshot hubspot = SyncSnapshot.read(robert).withRow("901");
        final SyncState tombstone = new SyncState(Map.of(), true, ThreeWayCases.EARLIER + 2000);
        final SyncDecision deletion = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, tombstone, "901"), ThreeWayCases.SOURCE,
                hubspot, salesforce, ThreeWayCases.NOW);
        assertEquals("(record): hubspot deleted it, salesforce changed Email", deletion.recordConflict());
        assertNull(deletion.targetSnapshot(), "nothing changes in salesforce until the person decides");
        assertNotNull(deletion.sourceSnapshot(), "the sync knows hubspot's row is deleted");
        assertTrue(deletion.sourceSnapshot().state().deleted());
        assertEquals("901", deletion.sourceSnapshot().row());

        final SyncDecision change = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false,
                ThreeWayCases.NOW + 1000), "003A", salesforce, deletion.sourceSnapshot());
        assertEquals(SyncDecision.Outcome.CONFLICT, change.outcome(), "held for the person, not written into the deleted row 901");
        assertEquals("(record): hubspot deleted it, salesforce changed Email, Phone", change.recordConflict());
        assertFalse(change.writesSource());

        final SyncDecision again = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, tombstone, "901"), ThreeWayCases.SOURCE,
                deletion.sourceSnapshot(), salesforce, ThreeWayCases.NOW + 2000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, again.outcome(), "the tombstone read again: the person has it already");

        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(robert.fields(), false,
                ThreeWayCases.NOW + 2500), "901"), ThreeWayCases.SOURCE, deletion.sourceSnapshot(), salesforce, ThreeWayCases.NOW + 2500);
        assertEquals(List.of(), restored.conflicts(), "the person undoes the deletion: 901 restored, merged against 901 before the deletion");
        assertEquals("rob@new.example", restored.merged().value("Email"), "salesforce's change, which hubspot never had, reaches 901");
        assertTrue(restored.writesSource());

        final SyncDecision approved = fromSalesforce(merge, new SyncState(Map.of(), true, ThreeWayCases.NOW + 3000), "003A", salesforce,
                deletion.sourceSnapshot());
        assertEquals(SyncDecision.Outcome.UNCHANGED, approved.outcome(), "the person deletes Robert in salesforce: hubspot has no row to delete");
        assertTrue(approved.sourceSnapshot().state().deleted());
        assertFalse(approved.writesSource());
    }

    /**
     * Delete Policy Route to Conflict: salesforce changes Robert's email while a person deletes hubspot's row 901 in the
     * same cycle. The email is merged on its way to 901 (refused: 901 is deleted); 901's tombstone, read before that write
     * landed, goes to a person, and so does salesforce's next change (its phone) while the deletion waits. The person
     * restores 901 (its values from before the refused write) and corrects the first name: merged three-way against 901
     * as the sync knew it before the deletion, salesforce keeps its email (a write-back brings it to 901) and gets the
     * first name, no conflict; salesforce's phone, held for the person, crosses when salesforce's row is read again. Only
     * a field changed on both sides is a conflict, with that base. (Before, every field differing from salesforce was a
     * conflict without a base: the email and the first name here.) A tombstone snapshot kept before the row was
     * remembered still merges without a base, as then.
     */
    @Test
    void aRowRestoredWhileItsDeletionWaitedForAPersonIsMergedAgainstTheRowBeforeTheDeletion() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final SyncSnapshot salesforce = deleted.salesforce();
        final SyncSnapshot waiting = deleted.waiting();
        final SyncState phone = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false, ThreeWayCases.NOW + 2000);
        assertEquals(SyncDecision.Outcome.CONFLICT, fromSalesforce(merge, phone, "003A", salesforce, waiting).outcome(), "held");

        final SyncState restoredAndCorrected = new SyncState(ThreeWayCases.state("Bob", "bob@example.com", null).fields(), false,
                ThreeWayCases.NOW + 3000);
        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, restoredAndCorrected, "901"),
                ThreeWayCases.SOURCE, waiting, salesforce, ThreeWayCases.NOW + 4000);
        assertEquals(SyncDecision.Outcome.MERGED, restored.outcome(), restored.describeConflict(ThreeWayCases.TARGET, ThreeWayCases.SOURCE));
        assertEquals(ThreeWayCases.state("Bob", "rob@new.example", null).fields(), restored.merged().fields());
        assertTrue(restored.writesSource(), "salesforce's email to 901, alive again");
        assertEquals("901", restored.sourceSnapshot().row());
        assertFalse(restored.sourceSnapshot().state().deleted());
        final SyncDecision phoneAgain = fromSalesforce(merge, phone, "003A", restored.targetSnapshot(), restored.sourceSnapshot());
        assertEquals(ThreeWayCases.state("Bob", "rob@new.example", "555-0100").fields(), phoneAgain.merged().fields(), "the phone crosses");
        assertEquals(SyncDecision.Outcome.MERGED, phoneAgain.outcome());

        final SyncDecision bothChanged = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Robert", "robert@home.example", null).fields(), false, ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE,
                waiting, salesforce, ThreeWayCases.NOW + 4000);
        assertEquals("Email: base \"bob@example.com\", hubspot \"robert@home.example\", salesforce \"rob@new.example\"",
                bothChanged.describeConflict(ThreeWayCases.TARGET, ThreeWayCases.SOURCE), "a real conflict, with its base");

        final String keptBefore = waiting.toJson().replaceAll(",\"crm_before\":\\{[^}]*}", "");
        final SyncDecision old = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, restoredAndCorrected, "901"),
                ThreeWayCases.SOURCE, SyncSnapshot.parse(keptBefore), salesforce, ThreeWayCases.NOW + 4000);
        assertEquals(2, old.conflicts().size(), "a snapshot kept before the row was remembered: no base, as then: " + keptBefore);
    }

    /**
     * Delete Policy Route to Conflict: hubspot's row 901 deleted while salesforce's email was on its way there; the deletion
     * waits for a person, and salesforce's next changes of Robert (his phone, then his first name) are held for the person
     * too. Salesforce holds them all the same, and the sync now knows so: each held conflict names every change the
     * deleted row lacks (the latest shows all three), salesforce's row read again unchanged raises no second conflict, and
     * the person's decision applies salesforce's latest values: restoring 901 writes the email, the phone and the first
     * name back to it, no conflict; approving the deletion (Robert deleted in salesforce) deletes nothing more in hubspot.
     * (Before, the held changes were in no snapshot: the restore got the email alone, and the phone and the first name
     * reached 901 only if salesforce's row was read again, which a change feed does only when it changes again.)
     */
    @Test
    void changesHeldWhileADeletionWaitsForAPersonAreAppliedByThePersonsDecision() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final SyncSnapshot waiting = deleted.waiting();
        final SyncDecision phone = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false,
                ThreeWayCases.NOW + 2000), "003A", deleted.salesforce(), waiting);
        assertEquals("(record): hubspot deleted it, salesforce changed Email, Phone", phone.recordConflict());
        assertNotNull(phone.sourceSnapshot(), "the sync knows salesforce holds the phone");
        assertNull(phone.targetSnapshot(), "hubspot's row stays deleted");
        final SyncSnapshot heldPhone = SyncSnapshot.parse(phone.sourceSnapshot().toJson());
        final SyncState renamed = new SyncState(ThreeWayCases.state("Rob", "rob@new.example", "555-0100").fields(), false, ThreeWayCases.NOW + 3000);
        final SyncDecision firstName = fromSalesforce(merge, renamed, "003A", heldPhone, waiting);
        assertEquals("(record): hubspot deleted it, salesforce changed FirstName, Email, Phone", firstName.recordConflict(),
                "the latest conflict names every change the deleted row lacks");
        final SyncSnapshot salesforce = SyncSnapshot.parse(firstName.sourceSnapshot().toJson());
        assertEquals("003A", salesforce.row());
        assertEquals(SyncDecision.Outcome.UNCHANGED, fromSalesforce(merge, renamed, "003A", salesforce, waiting).outcome(),
                "salesforce's row read again: the person has it already");

        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.NOW + 4000), "901"), ThreeWayCases.SOURCE,
                waiting, salesforce, ThreeWayCases.NOW + 5000);
        assertEquals(List.of(), restored.conflicts());
        assertEquals(SyncDecision.Outcome.UNCHANGED, restored.outcome(), "salesforce has it all");
        assertTrue(restored.writesSource(), "the person restores 901: salesforce's held changes go to it");
        assertEquals(renamed.fields(), restored.merged().fields());

        final SyncDecision approved = fromSalesforce(merge, new SyncState(Map.of(), true, ThreeWayCases.NOW + 4000), "003A", salesforce, waiting);
        assertEquals(SyncDecision.Outcome.UNCHANGED, approved.outcome(), "the person deletes Robert in salesforce: hubspot has no row to delete");
        assertFalse(approved.writesSource());
        assertTrue(approved.sourceSnapshot().state().deleted());
    }

    /**
     * Delete Policy Route to Conflict with a loader that revives a deleted row when it writes into it: salesforce's email is
     * merged on its way to hubspot's row 901 while a person deletes 901; 901's tombstone, read before that write landed,
     * goes to a person. The loader lands the email and brings 901 back. Read back, 901 holds merely the sync's write (the
     * email on the field it carried, the values the sync knew elsewhere): the sync's echo, not a person's restore, also
     * with a time older than the deletion. The deletion keeps waiting for the person: nothing is written to either system,
     * and salesforce's next change is still held for the person. (Before, 901 read alive was merged as a restore: the
     * sync took it for alive, the pending conflict went stale, and salesforce's phone was written into 901.) The person's
     * decision applies as without the revival: approving the deletion (deleting Robert in salesforce) deletes 901 too, now
     * alive, whether the echo is read before the approval or after it (before, read after it, 901 was taken for a
     * restore and brought Robert back in salesforce); a person's edit of 901 newer than the deletion is a restore, merged
     * against 901 before the deletion.
     */
    @Test
    void aRowRevivedByTheSyncsOwnWriteWhileItsDeletionWaitsForAPersonIsTheEchoAndTheDeletionKeepsWaiting() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final SyncSnapshot salesforce = deleted.salesforce();
        final SyncSnapshot waiting = deleted.waiting();
        final Map<String, String> echoed = ThreeWayCases.state("Robert", "rob@new.example", null).fields();
        for (final long time : new long[] {ThreeWayCases.NOW + 3000, ThreeWayCases.EARLIER + 1500}) {
            final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(echoed, false, time),
                    "901"), ThreeWayCases.SOURCE, waiting, salesforce, ThreeWayCases.NOW + 4000);
            assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome(), "the echo at " + time);
            assertEquals(List.of(), echo.conflicts());
            assertNull(echo.targetSnapshot(), "nothing to salesforce");
            assertFalse(echo.writesSource(), "nothing to 901");
            assertTrue(echo.sourceSnapshot().state().deleted(), "the deletion still waits for the person");
            assertTrue(echo.sourceSnapshot().revived());
        }
        final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(echoed, false, ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE, waiting, salesforce, ThreeWayCases.NOW + 4000);
        final SyncSnapshot revived = SyncSnapshot.parse(echo.sourceSnapshot().toJson());
        assertEquals(echo.sourceSnapshot(), revived, "kept in the store");
        final SyncDecision readAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(echoed, false, ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE, revived, salesforce, ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, readAgain.outcome(), "read again: the same echo");
        assertFalse(readAgain.writesSource());
        assertNull(readAgain.targetSnapshot());

        final SyncState phone = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false, ThreeWayCases.NOW + 6000);
        final SyncDecision held = fromSalesforce(merge, phone, "003A", salesforce, revived);
        assertEquals(SyncDecision.Outcome.CONFLICT, held.outcome(), "salesforce's phone held for the person, not written into 901");
        assertEquals("(record): hubspot deleted it, salesforce changed Phone", held.recordConflict());
        assertNull(held.targetSnapshot());

        final SyncDecision approved = fromSalesforce(merge, new SyncState(Map.of(), true, ThreeWayCases.NOW + 7000), "003A", salesforce,
                revived);
        assertEquals(SyncDecision.Outcome.MERGED, approved.outcome(), "the person approves the deletion: 901, alive with the echo, is deleted");
        assertTrue(approved.merged().deleted());
        assertEquals("901", approved.targetSnapshot().row());
        assertTrue(approved.targetSnapshot().state().deleted());
        final SyncDecision approvedUnrevived = fromSalesforce(merge, new SyncState(Map.of(), true, ThreeWayCases.NOW + 7000), "003A",
                salesforce, waiting);
        assertEquals(SyncDecision.Outcome.UNCHANGED, approvedUnrevived.outcome(), "without the revival: 901 is deleted already, as before");
        assertNull(approvedUnrevived.targetSnapshot());
        final SyncDecision echoAfterApproval = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(echoed, false, ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE, waiting, approvedUnrevived.sourceSnapshot(),
                ThreeWayCases.NOW + 8000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echoAfterApproval.outcome(), "the echo read after the approval: Robert not back in salesforce");
        assertTrue(echoAfterApproval.writesSource() && echoAfterApproval.merged().deleted(), "the approved deletion asserted again to 901");

        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Bob", "rob@new.example", null).fields(), false, ThreeWayCases.NOW + 8000), "901"), ThreeWayCases.SOURCE, revived,
                salesforce, ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.MERGED, restored.outcome(), "a person's edit of 901 after the deletion: a restore");
        assertEquals(List.of(), restored.conflicts());
        assertEquals(ThreeWayCases.state("Bob", "rob@new.example", null).fields(), restored.merged().fields());
        assertFalse(restored.sourceSnapshot().state().deleted());
    }

    /**
     * Delete Policy Route to Conflict, a reviving loader: salesforce's email (rob@new.example) lands in hubspot's row 901,
     * which a person deleted meanwhile, and brings it back; read back, the echo, and the deletion keeps waiting.
     * Salesforce changes the email again (rob@work.example), held for the person, who then undoes the deletion by editing
     * 901's first name. 901 is merged against the row the sync knew: before the deletion, with its own write landed
     * since; so salesforce's newer email goes to 901, 901's first name to salesforce, no conflict. (Before, the base was
     * 901 before the deletion alone: the email the sync itself wrote there was taken for the person's edit, and crossed
     * salesforce's newer one, a conflict.)
     */
    @Test
    void aRestoreOfARowRevivedByTheSyncsOwnWriteIsMergedAgainstThatWrite() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE,
                deleted.waiting(), deleted.salesforce(), ThreeWayCases.NOW + 4000);
        final SyncSnapshot revived = SyncSnapshot.parse(echo.sourceSnapshot().toJson());
        assertTrue(revived.revived());
        final SyncDecision held = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@work.example", null).fields(), false,
                ThreeWayCases.NOW + 5000), "003A", deleted.salesforce(), revived);
        assertEquals("(record): hubspot deleted it, salesforce changed Email", held.recordConflict());

        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Bob", "rob@new.example", null).fields(), false, ThreeWayCases.NOW + 6000), "901"), ThreeWayCases.SOURCE, revived,
                held.sourceSnapshot(), ThreeWayCases.NOW + 7000);
        assertEquals(List.of(), restored.conflicts(), restored.describeConflict(ThreeWayCases.TARGET, ThreeWayCases.SOURCE));
        assertEquals(SyncDecision.Outcome.MERGED, restored.outcome(), "901's first name to salesforce");
        assertEquals(ThreeWayCases.state("Bob", "rob@work.example", null).fields(), restored.merged().fields());
        assertTrue(restored.writesSource(), "salesforce's newer email to 901");
    }

    /**
     * Delete Policy Route to Conflict: hubspot's row 901, deleted while salesforce's email was on its way, revived by its
     * loader landing that email (the echo: the deletion waits). A person approves the deletion by deleting Robert in
     * salesforce, and in the same cycle someone edits 901's first name, before or after that deletion: both since the
     * last sync, which the operator said a person decides, so the edit goes to a person, as it does when 901 was never
     * deleted (salesforce deletes, hubspot edits, one cycle). The approval on its way to 901 went to a live row, so the edit
     * is merged against that row, not the tombstone. (Before, the edit was taken for Robert deleted on both sides and back
     * in hubspot, a restore: Robert came back in both CRMs, the approval lost.) The echo read again after the approval
     * brings nothing back either.
     */
    @Test
    void anEditOfTheRevivedRowCrossingThePersonsApprovalOfItsDeletionGoesToAPersonAsAnyEditCrossingADeletion() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final Map<String, String> echoed = ThreeWayCases.state("Robert", "rob@new.example", null).fields();
        final SyncSnapshot revived = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(echoed, false,
                ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE, deleted.waiting(), deleted.salesforce(), ThreeWayCases.NOW + 4000)
                .sourceSnapshot();
        final SyncDecision approved = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, new SyncState(Map.of(), true,
                ThreeWayCases.NOW + 7000), "003A"), ThreeWayCases.TARGET, deleted.salesforce(), revived, ThreeWayCases.NOW + 8000);
        assertTrue(approved.merged().deleted(), "the approval goes to 901");
        final SyncSnapshot approving = SyncSnapshot.parse(approved.targetSnapshot().toJson());
        final SyncSnapshot salesforceDeleted = approved.sourceSnapshot();
        for (final long editedAt : new long[] {ThreeWayCases.NOW + 6500, ThreeWayCases.NOW + 7500}) {
            final SyncDecision edit = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                    ThreeWayCases.state("Bob", "rob@new.example", null).fields(), false, editedAt), "901"), ThreeWayCases.SOURCE, approving,
                    salesforceDeleted, ThreeWayCases.NOW + 8000);
            assertEquals(SyncDecision.Outcome.CONFLICT, edit.outcome(), "edited at " + editedAt);
            assertEquals("(record): salesforce deleted it, hubspot changed FirstName", edit.recordConflict());
            assertFalse(edit.writesSource(), "the approval stays on its way to 901");
            assertNull(edit.targetSnapshot(), "Robert stays deleted in salesforce");
        }

        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final SyncDecision plainDeletion = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, new SyncState(Map.of(), true,
                ThreeWayCases.NOW + 7000), "003A"), ThreeWayCases.TARGET, SyncSnapshot.read(robert).withRow("003A"),
                SyncSnapshot.read(robert).withRow("901"), ThreeWayCases.NOW + 8000);
        final SyncDecision plainEdit = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Bob", "bob@example.com", null).fields(), false, ThreeWayCases.NOW + 6500), "901"), ThreeWayCases.SOURCE,
                plainDeletion.targetSnapshot(), plainDeletion.sourceSnapshot(), ThreeWayCases.NOW + 8000);
        assertEquals("(record): salesforce deleted it, hubspot changed FirstName", plainEdit.recordConflict(), "the same as for a row never deleted");

        final SyncDecision echoAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(echoed, false,
                ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE, approving, salesforceDeleted, ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echoAgain.outcome(), "the echo replayed: Robert not back in salesforce");
        assertTrue(echoAgain.merged().deleted());
        assertFalse(echoAgain.writesSource(), "the approval is on its way to 901 already");
    }

    /** Salesforce's snapshot of Robert and hubspot's of his row 901, deleted, while the deletion waits for a person. */
    /**
     * Delete Policy Route to Conflict, a reviving loader: salesforce's email (rob@new.example) lands in hubspot's row 901,
     * which a person deleted meanwhile (the deletion waits for a person), and brings it back. Before the sync reads 901
     * alive, salesforce changes the phone (held for the person) and a person deletes 901 again: its tombstone, newer than
     * the first, carries the email the sync wrote, so that write has landed and is gone with the row. The person then
     * undoes the deletion by restoring 901 from the recycle bin: it comes back holding the email the sync wrote, which is
     * no echo of that write any more but the person's restore, merged against 901 as the sync knew it: salesforce's held
     * phone goes to 901. (Before, 901 holding merely the overruled write was taken for the loader landing it, whatever
     * its time: unchanged, nothing written, the phone never reached hubspot; seed 10 of TwoWaySyncSimulationTest.)
     */
    @Test
    void aRowRevivedByTheSyncsOwnWriteDeletedAgainThenRestoredByAPersonIsARestore() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final Map<String, String> echoed = ThreeWayCases.state("Robert", "rob@new.example", null).fields();
        final SyncDecision held = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false,
                ThreeWayCases.NOW + 2000), "003A", deleted.salesforce(), deleted.waiting());
        assertEquals("(record): hubspot deleted it, salesforce changed Email, Phone", held.recordConflict());
        final SyncDecision deletedAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(echoed, true,
                ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE, deleted.waiting(), held.sourceSnapshot(), ThreeWayCases.NOW + 4000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, deletedAgain.outcome(), "901 deleted again: nothing to salesforce");
        assertFalse(deletedAgain.writesSource());
        assertNull(deletedAgain.targetSnapshot());
        assertNotNull(deletedAgain.sourceSnapshot(), "the sync learns 901 was deleted again");
        final SyncSnapshot waiting = SyncSnapshot.parse(deletedAgain.sourceSnapshot().toJson());
        assertEquals(deletedAgain.sourceSnapshot(), waiting, "kept in the store");
        assertTrue(waiting.state().deleted(), "the deletion still waits for the person");
        assertNull(waiting.overruled(), "the write it overruled is gone with the row");
        final SyncDecision readAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(echoed, true,
                ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE, waiting, held.sourceSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, readAgain.outcome(), "the tombstone read again");
        assertNull(readAgain.sourceSnapshot());
        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(echoed, false,
                ThreeWayCases.NOW + 5000), "901"), ThreeWayCases.SOURCE, waiting, held.sourceSnapshot(), ThreeWayCases.NOW + 6000);
        assertEquals(List.of(), restored.conflicts(), restored.describeConflict(ThreeWayCases.TARGET, ThreeWayCases.SOURCE));
        assertEquals(SyncDecision.Outcome.UNCHANGED, restored.outcome(), "salesforce has it all");
        assertTrue(restored.writesSource(), "salesforce's held phone to 901");
        assertEquals(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), restored.merged().fields());
        assertFalse(restored.sourceSnapshot().state().deleted(), "901 lives");
    }

    /**
     * Delete Policy Route to Conflict, a reviving loader (TwoWaySyncSimulationTest seed 39, Route to Conflict, cycles 57-59):
     * salesforce's email lands in hubspot's row 901, which a person deleted meanwhile; read back holding merely that
     * write, the echo, and the deletion waits. A person then undoes the deletion by editing 901 (the first name), and
     * before the sync reads 901 again someone deletes it: its tombstone, newer than the first, carries the edited first
     * name, not merely the sync's write. That is a new deletion of the customer after an undo, and goes to a person again
     * (before, it was taken for the revived row deleted again: nothing was raised, and the person, who had undone the first
     * deletion, was never asked about the second; the customer lived on in salesforce). The tombstone read again raises
     * nothing; a tombstone carrying merely the sync's write is still the revived row deleted again, as before.
     */
    @Test
    void aRevivedRowEditedThenDeletedAgainWhileItsDeletionWaitsIsANewDeletionForAPerson() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final Map<String, String> echoed = ThreeWayCases.state("Robert", "rob@new.example", null).fields();
        final SyncSnapshot revived = SyncSnapshot.parse(merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(echoed, false, ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE, deleted.waiting(), deleted.salesforce(),
                ThreeWayCases.NOW + 4000).sourceSnapshot().toJson());
        assertTrue(revived.revived());
        final SyncDecision deletedAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Bob", "rob@new.example", null).fields(), true, ThreeWayCases.NOW + 5000), "901"), ThreeWayCases.SOURCE,
                revived, deleted.salesforce(), ThreeWayCases.NOW + 6000);
        assertEquals(SyncDecision.Outcome.CONFLICT, deletedAgain.outcome(), "a new deletion, after the person's undo");
        assertTrue(deletedAgain.recordConflict().startsWith("(record): hubspot deleted it, again: its row 901 came back"),
                deletedAgain.recordConflict());
        assertFalse(deletedAgain.writesSource());
        assertNull(deletedAgain.targetSnapshot(), "salesforce keeps Robert until the person decides");
        final SyncSnapshot waiting = SyncSnapshot.parse(deletedAgain.sourceSnapshot().toJson());
        assertTrue(waiting.state().deleted(), "the deletion waits for the person");
        assertNull(waiting.overruled(), "the write it overruled is gone with the row");
        final SyncDecision readAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Bob", "rob@new.example", null).fields(), true, ThreeWayCases.NOW + 5000), "901"), ThreeWayCases.SOURCE,
                waiting, deleted.salesforce(), ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, readAgain.outcome(), "the tombstone read again: no second conflict");
        assertNull(readAgain.recordConflict());

        final SyncDecision echoDeleted = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(echoed, true,
                ThreeWayCases.NOW + 5000), "901"), ThreeWayCases.SOURCE, revived, deleted.salesforce(), ThreeWayCases.NOW + 6000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echoDeleted.outcome(), "the revived row deleted again, unedited: the deletion waits as before");
        assertNull(echoDeleted.recordConflict());
        assertTrue(echoDeleted.sourceSnapshot().state().deleted());
    }

    /**
     * Delete Policy Route to Conflict, a reviving loader (TwoWaySyncSimulationTest seed 17, Route to Conflict, cycles 41-45):
     * salesforce's email (rob@new.example) lands in hubspot's row 901, which a person deleted meanwhile; read back, the
     * echo, and the deletion waits. In one cycle salesforce changes the email again (rob@work.example), held for the
     * person, and the person undoes the deletion by editing 901's email (robert@home.example): both changed the email
     * since 901 as the sync knew it, a field conflict for the person. The deletion is undone all the same: hubspot's row
     * lives, kept as read (its own email), the email open with its base. Salesforce's next change (the phone) reaches 901 as
     * for any live customer, carrying neither system's email into the other; the person's settling edit of the email in
     * either CRM reaches the other and closes it. (Before, hubspot's snapshot stayed the tombstone waiting for the person:
     * every later change of salesforce went to conflict as crossing hubspot's deletion, for good, and the CRMs ended
     * different.)
     */
    @Test
    void aRestoreChangingAFieldTheOtherSystemChangedTooUndoesTheDeletionAndLeavesOnlyThatFieldOpen() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final RestoredOpen restored = restoredWhileSalesforceChangedTheEmail(merge);
        final SyncSnapshot hubspot = restored.hubspot();
        assertFalse(hubspot.state().deleted(), "the deletion waits no more");
        assertNull(hubspot.before(), "nothing left of the deletion");
        assertNull(hubspot.overruled());
        assertFalse(hubspot.revived());
        assertEquals("901", hubspot.row());
        assertEquals("robert@home.example", hubspot.state().value("Email"), "the row as read");
        assertEquals(Collections.singletonMap("Email", "rob@new.example"), hubspot.open(), "the email open, with its base");

        final SyncDecision phone = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@work.example", "555-0100").fields(), false,
                ThreeWayCases.NOW + 8000), "003A", restored.salesforce(), hubspot);
        assertEquals(SyncDecision.Outcome.MERGED, phone.outcome(), "salesforce's phone to 901, as for any live customer: " + phone.recordConflict());
        assertEquals(List.of(), phone.conflicts());
        assertFalse(phone.writesSource(), "hubspot's email is not written to salesforce");
        assertEquals(Map.of("FirstName", "Robert", "Phone", "555-0100"), phone.merged().fields(), "the email is written to neither");
        assertEquals("robert@home.example", phone.targetSnapshot().state().value("Email"), "901 keeps its own email");
        assertEquals("555-0100", phone.targetSnapshot().state().value("Phone"));
        assertEquals("901", phone.targetSnapshot().row());
        assertEquals(hubspot.open(), phone.targetSnapshot().open(), "still open");

        final SyncDecision settledInHubSpot = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Robert", "robert@work.example", null).fields(), false, ThreeWayCases.NOW + 8000), "901"), ThreeWayCases.SOURCE,
                hubspot, restored.salesforce(), ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.MERGED, settledInHubSpot.outcome(), "the person's email typed into 901 reaches salesforce");
        assertEquals("robert@work.example", settledInHubSpot.merged().value("Email"));
        assertEquals(Map.of(), settledInHubSpot.sourceSnapshot().open(), "settled");
        final SyncDecision settledInSalesforce = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "robert@work.example", null)
                .fields(), false, ThreeWayCases.NOW + 8000), "003A", restored.salesforce(), hubspot);
        assertEquals(SyncDecision.Outcome.MERGED, settledInSalesforce.outcome(), "the person's email typed into salesforce reaches 901");
        assertEquals("robert@work.example", settledInSalesforce.merged().value("Email"));
        assertEquals(Map.of(), settledInSalesforce.targetSnapshot().open(), "settled");
    }

    /**
     * The flows' Poll Overlap reads hubspot's restored row 901 again, unchanged, before and after salesforce's phone
     * reached it: nothing changes, nothing is written (the open email is the value known). Salesforce's row read again
     * likewise. An edit of 901's name then reaches salesforce without 901's email: salesforce keeps its own, the change the
     * person has to weigh. (With the restored row kept at salesforce's email, as a fix not taken had it, the re-read
     * was a change of the email and sent 901's older one to salesforce, losing salesforce's change silently.)
     */
    @Test
    void theRestoredRowReadAgainChangesNothingAndLosesNothing() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final RestoredOpen restored = restoredWhileSalesforceChangedTheEmail(merge);
        final SyncState restoredRow = new SyncState(ThreeWayCases.state("Robert", "robert@home.example", null).fields(), false,
                ThreeWayCases.NOW + 6000);
        final SyncDecision overlap = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, restoredRow, "901"),
                ThreeWayCases.SOURCE, restored.hubspot(), restored.salesforce(), ThreeWayCases.NOW + 7500);
        assertEquals(SyncDecision.Outcome.UNCHANGED, overlap.outcome(), overlap.describeConflict(ThreeWayCases.TARGET, ThreeWayCases.SOURCE));
        assertFalse(overlap.writesSource());
        assertNull(overlap.sourceSnapshot());
        assertNull(overlap.targetSnapshot());
        final SyncDecision salesforceAgain = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@work.example", null).fields(),
                false, ThreeWayCases.NOW + 5000), "003A", restored.salesforce(), restored.hubspot());
        assertEquals(SyncDecision.Outcome.UNCHANGED, salesforceAgain.outcome());
        assertFalse(salesforceAgain.writesSource());

        final SyncDecision phone = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@work.example", "555-0100").fields(), false,
                ThreeWayCases.NOW + 8000), "003A", restored.salesforce(), restored.hubspot());
        final SyncDecision landed = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(ThreeWayCases.state(
                "Robert", "robert@home.example", "555-0100").fields(), false, ThreeWayCases.NOW + 9000), "901"), ThreeWayCases.SOURCE,
                phone.targetSnapshot(), phone.sourceSnapshot(), ThreeWayCases.NOW + 9500);
        assertEquals(SyncDecision.Outcome.UNCHANGED, landed.outcome(), "the phone read back in 901");
        assertFalse(landed.writesSource());
        final SyncSnapshot hubspot = SyncSnapshot.parse(landed.sourceSnapshot().toJson());
        assertEquals(landed.sourceSnapshot(), hubspot, "kept in the store");
        assertFalse(hubspot.isWritten());
        assertEquals(restored.hubspot().open(), hubspot.open(), "the email still open");
        final SyncDecision overlapAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(ThreeWayCases
                .state("Robert", "robert@home.example", "555-0100").fields(), false, ThreeWayCases.NOW + 9000), "901"), ThreeWayCases.SOURCE,
                hubspot, phone.sourceSnapshot(), ThreeWayCases.NOW + 10_000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, overlapAgain.outcome());
        assertFalse(overlapAgain.writesSource());

        final SyncDecision name = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(ThreeWayCases.state(
                "Rob", "robert@home.example", "555-0100").fields(), false, ThreeWayCases.NOW + 11_000), "901"), ThreeWayCases.SOURCE, hubspot,
                phone.sourceSnapshot(), ThreeWayCases.NOW + 12_000);
        assertEquals(SyncDecision.Outcome.MERGED, name.outcome(), "901's name to salesforce");
        assertEquals(Map.of("FirstName", "Rob", "Phone", "555-0100"), name.merged().fields(), "without 901's email");
        assertFalse(name.writesSource());
        assertEquals("rob@work.example", name.targetSnapshot().state().value("Email"), "salesforce keeps its email");
        assertEquals("robert@home.example", name.sourceSnapshot().state().value("Email"));
        assertEquals(restored.hubspot().open(), name.sourceSnapshot().open());
    }

    /**
     * A restore leaving the email to a person, while salesforce had also changed the phone (held for the person) and the
     * restored row brings 901's title back edited: the phone and the title differ between the CRMs too, each changed on one
     * side only since 901 as the sync knew it. They flow at the next read of either CRM, as a live customer's changes do:
     * salesforce's phone to 901 and 901's title to salesforce; the email stays open.
     */
    @Test
    void aFieldARestoreLeftOpenButChangedOnOneSideOnlyFlowsAtTheNextRead() {
        final ThreeWayMerge merge = oneRowPerSystemRoutingDeletions();
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final SyncSnapshot revived = SyncSnapshot.parse(merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE,
                deleted.waiting(), deleted.salesforce(), ThreeWayCases.NOW + 4000).sourceSnapshot().toJson());
        final SyncDecision held = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@work.example", "555-0100").fields(), false,
                ThreeWayCases.NOW + 5000), "003A", deleted.salesforce(), revived);
        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Bob", "robert@home.example", null).fields(), false, ThreeWayCases.NOW + 6000), "901"), ThreeWayCases.SOURCE,
                revived, held.sourceSnapshot(), ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.CONFLICT, restored.outcome());
        assertEquals("Email: base \"rob@new.example\", hubspot \"robert@home.example\", salesforce \"rob@work.example\"",
                restored.describeConflict(ThreeWayCases.TARGET, ThreeWayCases.SOURCE));
        final SyncSnapshot hubspot = SyncSnapshot.parse(restored.sourceSnapshot().toJson());
        final Map<String, String> open = new TreeMap<>();
        open.put("Email", "rob@new.example");
        open.put("FirstName", "Robert");
        open.put("Phone", null);
        assertEquals(open, hubspot.open());

        final SyncDecision fromHubSpot = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Bob", "robert@home.example", null).fields(), false, ThreeWayCases.NOW + 8000), "901"), ThreeWayCases.SOURCE,
                hubspot, held.sourceSnapshot(), ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.MERGED, fromHubSpot.outcome(), "901 touched: its name to salesforce");
        assertEquals(Map.of("FirstName", "Bob", "Phone", "555-0100"), fromHubSpot.merged().fields());
        assertTrue(fromHubSpot.writesSource(), "salesforce's phone to 901");
        assertEquals(Collections.singletonMap("Email", "rob@new.example"), fromHubSpot.sourceSnapshot().open());
        assertEquals("rob@work.example", fromHubSpot.targetSnapshot().state().value("Email"), "salesforce keeps its email");

        final SyncDecision fromSalesforce = fromSalesforce(merge, held.sourceSnapshot().state(), "003A", held.sourceSnapshot(), hubspot);
        assertEquals(SyncDecision.Outcome.MERGED, fromSalesforce.outcome(), "salesforce read again: its phone to 901");
        assertEquals(Map.of("FirstName", "Bob", "Phone", "555-0100"), fromSalesforce.merged().fields());
        assertTrue(fromSalesforce.writesSource(), "901's name to salesforce");
        assertEquals(Collections.singletonMap("Email", "rob@new.example"), fromSalesforce.targetSnapshot().open());
        assertEquals("robert@home.example", fromSalesforce.targetSnapshot().state().value("Email"), "901 keeps its email");
        assertEquals("rob@work.example", fromSalesforce.sourceSnapshot().state().value("Email"), "salesforce keeps its email");
    }

    private record RestoredOpen(SyncSnapshot salesforce, SyncSnapshot hubspot) {
    }

    /**
     * Cycles 41-45 of seed 17: 901 revived by salesforce's email, a later email of salesforce held for the person, and the
     * person's edit of 901's email undoing the deletion: a field conflict. The snapshots after it, as the store keeps them.
     */
    private static RestoredOpen restoredWhileSalesforceChangedTheEmail(final ThreeWayMerge merge) {
        final DeletionWaiting deleted = deletedWhileTheEmailWasOnItsWayTo901(merge);
        final SyncSnapshot revived = SyncSnapshot.parse(merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, ThreeWayCases.NOW + 3000), "901"), ThreeWayCases.SOURCE,
                deleted.waiting(), deleted.salesforce(), ThreeWayCases.NOW + 4000).sourceSnapshot().toJson());
        assertTrue(revived.revived(), "the echo: the deletion waits");
        final SyncDecision held = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@work.example", null).fields(), false,
                ThreeWayCases.NOW + 5000), "003A", deleted.salesforce(), revived);
        assertEquals("(record): hubspot deleted it, salesforce changed Email", held.recordConflict());
        final SyncSnapshot salesforce = SyncSnapshot.parse(held.sourceSnapshot().toJson());

        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(
                ThreeWayCases.state("Robert", "robert@home.example", null).fields(), false, ThreeWayCases.NOW + 6000), "901"), ThreeWayCases.SOURCE,
                revived, salesforce, ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.CONFLICT, restored.outcome());
        assertEquals("Email: base \"rob@new.example\", hubspot \"robert@home.example\", salesforce \"rob@work.example\"",
                restored.describeConflict(ThreeWayCases.TARGET, ThreeWayCases.SOURCE));
        assertFalse(restored.writesSource());
        assertNull(restored.targetSnapshot(), "salesforce's snapshot stays");
        assertNotNull(restored.sourceSnapshot(), "the person undid the deletion: the sync knows 901 lives");
        final SyncSnapshot hubspot = SyncSnapshot.parse(restored.sourceSnapshot().toJson());
        assertEquals(restored.sourceSnapshot(), hubspot, "kept in the store");
        return new RestoredOpen(salesforce, hubspot);
    }

    private record DeletionWaiting(SyncSnapshot salesforce, SyncSnapshot waiting) {
    }

    /**
     * Robert synced in both; salesforce changes his email, merged on its way to hubspot's row 901, while a person deletes
     * 901: its tombstone, read before the email landed, goes to a person. The snapshots, as the store keeps them.
     */
    private static DeletionWaiting deletedWhileTheEmailWasOnItsWayTo901(final ThreeWayMerge merge) {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final SyncDecision email = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false,
                ThreeWayCases.EARLIER + 1000), "003A", SyncSnapshot.read(robert).withRow("003A"), SyncSnapshot.read(robert).withRow("901"));
        assertEquals("901", email.targetSnapshot().row(), "the email on its way to 901");
        final SyncDecision deletion = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(Map.of(), true, ThreeWayCases.EARLIER + 2000), "901"), ThreeWayCases.SOURCE, email.targetSnapshot(), email.sourceSnapshot(),
                ThreeWayCases.NOW + 1000);
        assertEquals("(record): hubspot deleted it, salesforce changed Email", deletion.recordConflict());
        final SyncSnapshot waiting = SyncSnapshot.parse(deletion.sourceSnapshot().toJson());
        assertEquals(deletion.sourceSnapshot(), waiting, "kept in the store, with what the write on its way carried");
        return new DeletionWaiting(email.sourceSnapshot(), waiting);
    }

    private static ThreeWayMerge oneRowPerSystemRoutingDeletions() {
        return new ThreeWayMerge(new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT, SourcePriority.parse("salesforce, hubspot"), null,
                DeletePolicy.ROUTE_TO_CONFLICT, DuplicateRowPolicy.ROUTE_TO_CONFLICT));
    }

    /**
     * A partial read of salesforce (its FlowFile lacks City) changes Robert's phone: the write to hubspot carries no City.
     * Hubspot's record, read before that write landed, changed City: salesforce gets it, and hubspot nothing back: the
     * write on its way brings the phone and leaves hubspot's own City (before, the write was taken to overwrite City
     * with the value the sync knew, and a write-back resent hubspot's City and the phone, an echo). With City in the
     * FlowFile's schema (a key one record lacks), the write carries City as the sync knew it, over hubspot's edit: that
     * write-back is needed and stays.
     */
    @Test
    void aWriteBackAfterAPartialWriteRestoresNoFieldTheWriteDidNotCarry() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.ROUTE_TO_CONFLICT));
        final Map<String, String> robert = Map.of("FirstName", "Robert", "Phone", "555-0100", "City", "Boston");
        final SyncSnapshot salesforce = SyncSnapshot.read(new SyncState(robert, false, ThreeWayCases.EARLIER)).withRow("003A");
        final SyncSnapshot hubspot = SyncSnapshot.read(new SyncState(robert, false, ThreeWayCases.EARLIER)).withRow("901");
        final SyncState partial = new SyncState(Map.of("FirstName", "Robert", "Phone", "555-0199"), false, ThreeWayCases.EARLIER + 1000);
        final SyncState cityEdited = new SyncState(Map.of("FirstName", "Robert", "Phone", "555-0100", "City", "Cambridge"), false,
                ThreeWayCases.EARLIER + 2000);
        for (final Set<String> schema : List.of(Set.of("FirstName", "Phone"), Set.of("FirstName", "Phone", "City"))) {
            final SyncDecision phone = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, partial, "003A", false, schema),
                    ThreeWayCases.TARGET, salesforce, hubspot, ThreeWayCases.NOW);
            assertEquals(SyncDecision.Outcome.MERGED, phone.outcome());
            final SyncDecision city = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, cityEdited, "901"), ThreeWayCases.SOURCE,
                    phone.targetSnapshot(), phone.sourceSnapshot(), ThreeWayCases.NOW + 1000);
            assertEquals(SyncDecision.Outcome.MERGED, city.outcome(), schema.toString());
            assertEquals("Cambridge", city.merged().value("City"));
            assertEquals("555-0199", city.merged().value("Phone"));
            assertEquals(schema.contains("City"), city.writesSource(), schema + ": a write-back to hubspot only when the write on its way carries City");
            if (!schema.contains("City")) {
                // read back once both landed: the sync's echo in both systems
                final SyncState landed = new SyncState(Map.of("FirstName", "Robert", "Phone", "555-0199", "City", "Cambridge"), false,
                        ThreeWayCases.NOW + 5000);
                assertTrue(merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, landed, "901"), ThreeWayCases.SOURCE,
                        city.sourceSnapshot(), city.targetSnapshot(), ThreeWayCases.NOW + 6000).isEcho(), "hubspot read back");
                assertEquals(city.sourceSnapshot(), SyncSnapshot.parse(city.sourceSnapshot().toJson()), "kept as JSON and read back the same");
                assertEquals(Set.of("City"), SyncSnapshot.parse(phone.targetSnapshot().toJson()).unwritten());
            }
        }
    }

    /**
     * Delete Wins, with a loader that brings a deleted row back when it writes into it (the sample SQL CRMs' upsert by
     * golden id sets is_deleted from the record): salesforce's phone, on its way to hubspot's row 901 when a person deleted
     * 901, lands there after the deletion won and revives 901. Read back alive holding exactly what that write carried, it
     * is the sync's own echo, not a customer restored: the deletion is asserted again (a delete to 901, now alive, which
     * hubspot accepts), nothing reaches salesforce, where Robert is deleted; that delete read back, and salesforce's own
     * read back, change nothing. (Before, 901 read alive was a restore: Robert came back in salesforce.)
     */
    @Test
    void aWriteTheDeletionOverruledLandedByARevivingLoaderIsAnEchoAndTheDeletionIsAssertedAgain() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.DELETE_WINS));
        final SyncDecision deleted = deletionWonOverThePhoneOnItsWayTo901(merge);
        final SyncSnapshot hubspotTombstone = SyncSnapshot.parse(deleted.sourceSnapshot().toJson());
        assertEquals(deleted.sourceSnapshot(), hubspotTombstone, "what the overruled write carried is kept in the store");

        final SyncState revived = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "555-0100").fields(), false, ThreeWayCases.NOW + 4000);
        final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, revived, "901"), ThreeWayCases.SOURCE,
                hubspotTombstone, deleted.targetSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome(), "salesforce keeps Robert deleted");
        assertTrue(echo.writesSource(), "the deletion is asserted again in hubspot");
        assertTrue(echo.merged().deleted());
        assertEquals("901", echo.sourceSnapshot().row(), "to the row the write revived");
        assertTrue(echo.sourceSnapshot().isWritten() && echo.sourceSnapshot().state().deleted());

        final SyncDecision deleteReadBack = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(Map.of(), true, ThreeWayCases.NOW + 6000), "901"), ThreeWayCases.SOURCE, echo.sourceSnapshot(), deleted.targetSnapshot(),
                ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, deleteReadBack.outcome(), "the delete read back");
        assertFalse(deleteReadBack.writesSource());
        final SyncDecision echoReplayed = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, revived, "901"),
                ThreeWayCases.SOURCE, echo.sourceSnapshot(), deleted.targetSnapshot(), ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echoReplayed.outcome(), "the revived row's FlowFile replayed");
        assertFalse(echoReplayed.writesSource(), "the delete is on its way already");
    }

    /**
     * Delete Wins, the deletion overruling salesforce's phone on its way to hubspot's row 901 as above; a person restores
     * 901 from the recycle bin instead (the write refused: the row holds its values from before it, no phone): that is a
     * restore, and Robert comes back in salesforce. So does a restore after the deletion was asserted again over the
     * write a reviving loader landed, although the row then holds the write's values: the echo is read once.
     */
    @Test
    void aRowRestoredByAPersonAfterADeletionOverruledAWriteIsStillARestore() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.DELETE_WINS));
        final SyncDecision deleted = deletionWonOverThePhoneOnItsWayTo901(merge);
        final SyncState restored = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.NOW + 4000);
        final SyncDecision restore = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, restored, "901"), ThreeWayCases.SOURCE,
                deleted.sourceSnapshot(), deleted.targetSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.MERGED, restore.outcome(), "Robert back in salesforce");
        assertFalse(restore.merged().deleted());
        assertFalse(restore.writesSource());

        final SyncState revived = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "555-0100").fields(), false, ThreeWayCases.NOW + 4000);
        final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, revived, "901"), ThreeWayCases.SOURCE,
                deleted.sourceSnapshot(), deleted.targetSnapshot(), ThreeWayCases.NOW + 5000);
        final SyncDecision deleteReadBack = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(Map.of(), true, ThreeWayCases.NOW + 6000), "901"), ThreeWayCases.SOURCE, echo.sourceSnapshot(), deleted.targetSnapshot(),
                ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, deleteReadBack.outcome(), "the delete asserted again, read back");
        final SyncState restoredLater = new SyncState(revived.fields(), false, ThreeWayCases.NOW + 8000);
        final SyncDecision restoreLater = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, restoredLater, "901"),
                ThreeWayCases.SOURCE, deleteReadBack.sourceSnapshot(),
                deleted.targetSnapshot(), ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.MERGED, restoreLater.outcome(), "restored after the deletion was asserted again: Robert back in salesforce");
        assertFalse(restoreLater.merged().deleted());
        assertFalse(restoreLater.writesSource());
    }

    /**
     * Delete Wins, the deletion (at EARLIER + 2000) overruling salesforce's phone on its way to hubspot's row 901, which a
     * reviving loader lands. How 901 read alive is taken is decided by its values against the overruled write and its
     * time against the deletion: holding merely that write it is the sync's echo, the deletion asserted again, also with
     * a time older than the deletion (a loader keeping the record's own last-modified time; before, taken for an older
     * version, it changed nothing and 901 lived on alone); edited by a person after the deletion, on any field, it is a
     * restore and brings Robert back in salesforce (before, an edit of a field the partial write did not carry was taken
     * for the echo, and lost); other values older than the deletion are an older version, which changes nothing.
     */
    @Test
    void aRevivedRowIsTheEchoWhenItHoldsMerelyTheOverruledWriteAndARestoreWhenAPersonEditedItAfterTheDeletion() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.DELETE_WINS));
        final SyncDecision deleted = deletionWonOverThePhoneOnItsWayTo901(merge);
        final Map<String, String> echoed = ThreeWayCases.state("Robert", "bob@example.com", "555-0100").fields();
        final SyncDecision olderEcho = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(echoed, false, ThreeWayCases.EARLIER + 1500), "901"), ThreeWayCases.SOURCE, deleted.sourceSnapshot(),
                deleted.targetSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, olderEcho.outcome());
        assertTrue(olderEcho.writesSource(), "the deletion asserted again to 901, alive with the sync's write");
        assertTrue(olderEcho.merged().deleted());

        final SyncState edited = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", "555-0100").fields(), false, ThreeWayCases.NOW + 4000);
        final SyncDecision restore = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, edited, "901"), ThreeWayCases.SOURCE,
                deleted.sourceSnapshot(), deleted.targetSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.MERGED, restore.outcome(), "a person's edit after the deletion: Robert back in salesforce");
        assertEquals("rob@new.example", restore.merged().value("Email"));
        final SyncDecision older = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(edited.fields(), false, ThreeWayCases.EARLIER + 1500), "901"), ThreeWayCases.SOURCE, deleted.sourceSnapshot(),
                deleted.targetSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, older.outcome(), "other values older than the deletion: an older version");
        assertFalse(older.writesSource());

        // a partial read of salesforce (no City): the overruled write carries FirstName and Phone only
        final Map<String, String> robert = Map.of("FirstName", "Robert", "Phone", "555-0100", "City", "Boston");
        final SyncDecision phone = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, new SyncState(Map.of("FirstName", "Robert",
                "Phone", "555-0199"), false, ThreeWayCases.EARLIER + 1000), "003A", false, Set.of("FirstName", "Phone")), ThreeWayCases.TARGET,
                SyncSnapshot.read(new SyncState(robert, false, ThreeWayCases.EARLIER)).withRow("003A"),
                SyncSnapshot.read(new SyncState(robert, false, ThreeWayCases.EARLIER)).withRow("901"), ThreeWayCases.NOW);
        final SyncDecision partlyOverruled = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(Map.of(), true, ThreeWayCases.EARLIER + 2000), "901"), ThreeWayCases.SOURCE, phone.targetSnapshot(), phone.sourceSnapshot(),
                ThreeWayCases.NOW + 1000);
        assertTrue(partlyOverruled.merged().deleted());
        final SyncDecision partialEcho = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(Map.of("FirstName",
                "Robert", "Phone", "555-0199", "City", "Boston"), false, ThreeWayCases.NOW + 4000), "901"), ThreeWayCases.SOURCE,
                partlyOverruled.sourceSnapshot(), partlyOverruled.targetSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, partialEcho.outcome(), "the partial write landed, 901's own City kept");
        assertTrue(partialEcho.writesSource() && partialEcho.merged().deleted());
        final SyncDecision phoneEdited = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(Map.of("FirstName",
                "Robert", "Phone", "555-0123", "City", "Boston"), false, ThreeWayCases.NOW + 4000), "901"), ThreeWayCases.SOURCE,
                partlyOverruled.sourceSnapshot(), partlyOverruled.targetSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.MERGED, phoneEdited.outcome(), "a person edited the revived row's Phone, which the write carried: a restore");
        assertEquals("555-0123", phoneEdited.merged().value("Phone"));
    }

    /**
     * Delete Wins, salesforce's partial write (FirstName and Phone, no City) on its way to hubspot's row 901 when a person
     * edits 901's City and deletes 901, both before the sync reads it; the tombstone the sync reads carries no values (a
     * change feed's delete event). The reviving loader lands the write: 901 read back holds the write's values and the
     * City the person gave it before deleting it, which the sync could not see. That is the sync's echo, not a restore:
     * the deletion is asserted again and salesforce keeps Robert deleted (before, the City the sync never saw was taken for
     * a person's edit after the deletion: Robert came back in salesforce, inserted in a new row, although the person had
     * deleted him). After an id-only tombstone the sync does not know what the row held on the fields the write did not
     * carry, so only those it carried tell the echo from a restore. A tombstone carrying the row's values still tells a
     * City edited after the deletion, and a restore from the recycle bin (the write's fields as before it) is still one.
     */
    @Test
    void aRevivedRowAfterAnIdOnlyTombstoneIsTheEchoWhateverItHoldsOnFieldsTheWriteDidNotCarry() {
        for (final DeletePolicy policy : List.of(DeletePolicy.DELETE_WINS, DeletePolicy.ROUTE_TO_CONFLICT)) {
            final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, policy));
            final Map<String, String> robert = Map.of("FirstName", "Robert", "Phone", "555-0100", "City", "Boston");
            final SyncDecision phone = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, new SyncState(Map.of("FirstName",
                    "Robert", "Phone", "555-0199"), false, ThreeWayCases.EARLIER + 1000), "003A", false, Set.of("FirstName", "Phone")),
                    ThreeWayCases.TARGET, SyncSnapshot.read(new SyncState(robert, false, ThreeWayCases.EARLIER)).withRow("003A"),
                    SyncSnapshot.read(new SyncState(robert, false, ThreeWayCases.EARLIER)).withRow("901"), ThreeWayCases.NOW);
            final SyncDecision deleted = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                    new SyncState(Map.of(), true, ThreeWayCases.EARLIER + 2000), "901"), ThreeWayCases.SOURCE, phone.targetSnapshot(),
                    phone.sourceSnapshot(), ThreeWayCases.NOW + 1000);
            final SyncSnapshot tombstone = SyncSnapshot.parse(deleted.sourceSnapshot().toJson());
            assertEquals(deleted.sourceSnapshot(), tombstone, policy + ": kept as JSON and read back the same");
            final SyncSnapshot salesforce = deleted.targetSnapshot() == null ? phone.sourceSnapshot() : deleted.targetSnapshot();

            final SyncDecision revived = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(Map.of("FirstName",
                    "Robert", "Phone", "555-0199", "City", "Cambridge"), false, ThreeWayCases.NOW + 4000), "901"), ThreeWayCases.SOURCE,
                    tombstone, salesforce, ThreeWayCases.NOW + 5000);
            assertEquals(SyncDecision.Outcome.UNCHANGED, revived.outcome(), policy + ": the write landed, the City unseen before the deletion");
            assertTrue(revived.merged() == null || revived.merged().deleted(), policy + ": Robert not back in salesforce");
            if (policy == DeletePolicy.DELETE_WINS) {
                assertTrue(revived.writesSource() && revived.merged().deleted(), "the deletion asserted again to 901");
            } else {
                assertTrue(revived.sourceSnapshot().revived(), "the deletion keeps waiting for the person, 901 known alive");
            }

            final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(robert, false,
                    ThreeWayCases.NOW + 4000), "901"), ThreeWayCases.SOURCE, tombstone, salesforce, ThreeWayCases.NOW + 5000);
            assertFalse(restored.merged().deleted(), policy + ": restored from the recycle bin (the phone from before the write): Robert lives");

            // the tombstone carrying the row's values (its City, Boston): a City edited on the revived row is a restore
            final SyncDecision deletedWithValues = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                    new SyncState(robert, true, ThreeWayCases.EARLIER + 2000), "901"), ThreeWayCases.SOURCE, phone.targetSnapshot(),
                    phone.sourceSnapshot(), ThreeWayCases.NOW + 1000);
            final SyncDecision edited = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, new SyncState(Map.of("FirstName",
                    "Robert", "Phone", "555-0199", "City", "Cambridge"), false, ThreeWayCases.NOW + 4000), "901"), ThreeWayCases.SOURCE,
                    deletedWithValues.sourceSnapshot(), salesforce, ThreeWayCases.NOW + 5000);
            assertFalse(edited.merged().deleted(), policy + ": the City edited after the deletion: a restore");
            assertEquals("Cambridge", edited.merged().value("City"));
        }
    }

    /**
     * Salesforce's phone merged on its way to hubspot's row 901, then 901's tombstone, read before that write landed, wins
     * (Delete Wins): salesforce gets the deletion, hubspot nothing.
     */
    private static SyncDecision deletionWonOverThePhoneOnItsWayTo901(final ThreeWayMerge merge) {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final SyncDecision phone = fromSalesforce(merge, new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "555-0100").fields(), false,
                ThreeWayCases.EARLIER + 1000), "003A", SyncSnapshot.read(robert).withRow("003A"), SyncSnapshot.read(robert).withRow("901"));
        final SyncDecision deleted = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(Map.of(), true, ThreeWayCases.EARLIER + 2000), "901"), ThreeWayCases.SOURCE, phone.targetSnapshot(),
                phone.sourceSnapshot(), ThreeWayCases.NOW + 1000);
        assertTrue(deleted.merged().deleted(), "salesforce gets the deletion");
        assertFalse(deleted.writesSource());
        return deleted;
    }

    /**
     * Update Revives: the sync's deletion of hubspot's row 901 is on its way (salesforce deleted Robert) when hubspot's
     * change of 901, read before it landed, revives him: written back to hubspot in a new row, 901 remembered as deleted.
     * That record read again (a replay) restores nothing: 901 stays deleted, and its tombstone, the sync's own delete
     * landing later, read back, is no deletion of the customer (before, the replay made 901 hubspot's row again and the
     * tombstone deleted Robert in salesforce, revived there a moment before).
     */
    @Test
    void aRecordThatRevivedTheCustomerFromARowTheSyncDeletedReadAgainRestoresNothing() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.UPDATE_REVIVES));
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncState readBefore = new SyncState(robert.fields(), false, ThreeWayCases.EARLIER - 1000);
        final SyncSnapshot hubspotDeleting = SyncSnapshot.written(new SyncState(robert.fields(), true, Timestamps.NONE), ThreeWayCases.WRITTEN,
                readBefore).withRow("901");
        final SyncSnapshot salesforceDeleted = SyncSnapshot.read(new SyncState(Map.of(), true, ThreeWayCases.EARLIER)).withRow("003A");
        final SyncInput changed = new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, ThreeWayCases.EARLIER + 1000), "901");
        final SyncDecision revived = merge.decide(changed, ThreeWayCases.SOURCE, hubspotDeleting, salesforceDeleted, ThreeWayCases.NOW);
        assertTrue(revived.writesSource(), "hubspot gets Robert back");
        assertNull(revived.sourceSnapshot().row(), "in a new row");
        assertTrue(revived.sourceSnapshot().secondRows().get("901").startsWith("deleted@"));

        final SyncDecision replayed = merge.decide(changed, ThreeWayCases.SOURCE, revived.sourceSnapshot(), revived.targetSnapshot(),
                ThreeWayCases.NOW + 1000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, replayed.outcome());
        assertFalse(replayed.writesSource());
        assertNull(replayed.sourceSnapshot(), "nothing changes: 901 is not restored by a version read before its deletion");

        final SyncDecision tombstone = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(robert.fields(), true, ThreeWayCases.NOW + 2000), "901"), ThreeWayCases.SOURCE, revived.sourceSnapshot(),
                revived.targetSnapshot(), ThreeWayCases.NOW + 3000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, tombstone.outcome(), "the sync's own delete read back: " + tombstone.recordConflict());
        assertFalse(tombstone.writesSource());
    }

    @Test
    void theRowKeepingTheGoldenIdIsTheCustomersRowEvenWhenAnotherWasReadFirst() {
        final ThreeWayMerge merge = oneRowPerSystem();
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        // a duplicate entered by hand was read before the sync's own insert came back: it was taken for the customer's row
        final SyncSnapshot claimedByDuplicate = SyncSnapshot.read(robert).withRow("812");
        final SyncDecision own = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, robert, "77", true), ThreeWayCases.SOURCE,
                claimedByDuplicate, null, ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.UNCHANGED, own.outcome(), "the row the sync writes into is no second row");
        assertEquals("77", own.sourceSnapshot().row(), "it becomes the customer's row");
        final SyncDecision duplicate = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                ThreeWayCases.state("Robert", "robert@home.example", null), "812"), ThreeWayCases.SOURCE, own.sourceSnapshot(), null, ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.CONFLICT, duplicate.outcome());
        final SyncDecision edit = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                ThreeWayCases.state("Robert", "rob@new.example", null), "77", true), ThreeWayCases.SOURCE, own.sourceSnapshot(), null, ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.MERGED, edit.outcome());
        assertEquals("77", edit.sourceSnapshot().row());
    }

    /**
     * Robert's row 901 deleted in hubspot: salesforce's 003A gets the deletion, read back. A person enters Robert again in
     * hubspot (row 902): the sync inserts him in salesforce (no row named), and the loader, upserting by the golden id
     * into a table of tombstones, lands the insert in the deleted 003A. A person deletes 003A again before the sync reads
     * it: its tombstone, newer than the deletion remembered and than the insert, holds the insert's values. That is
     * Robert deleted in salesforce: hubspot, unchanged since, gets the deletion (before, it was taken for 003A's old
     * tombstone read again: nothing happened, hubspot kept Robert and salesforce did not, until hubspot's next edit of
     * him brought 003A back; the two-way simulation found it). With hubspot's change since, the deletion goes to a person.
     */
    @Test
    void aRowTheSyncsInsertRevivedThenDeletedByAPersonIsTheCustomersDeletion() {
        final ThreeWayMerge merge = routeToConflict();
        final SyncDecision entered = robertEnteredAgainInHubSpot(merge);
        final SyncState again = entered.merged();
        final SyncSnapshot inserting = SyncSnapshot.parse(entered.targetSnapshot().toJson());
        final SyncState robert = new SyncState(again.fields(), false, ThreeWayCases.EARLIER);
        final SyncState tombstone = new SyncState(again.fields(), true, ThreeWayCases.NOW + 5000);

        final SyncDecision deleted = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, tombstone, "003A"), ThreeWayCases.TARGET,
                inserting, entered.sourceSnapshot(), ThreeWayCases.NOW + 6000);
        assertEquals(SyncDecision.Outcome.MERGED, deleted.outcome(), "hubspot gets the deletion: " + deleted.recordConflict());
        assertTrue(deleted.merged().deleted());
        assertEquals("902", deleted.targetSnapshot().row(), "the deletion goes to hubspot's row 902");
        assertEquals("003A", deleted.sourceSnapshot().row(), "003A was robert's row again");
        assertTrue(deleted.sourceSnapshot().state().deleted());
        final SyncDecision tombstoneAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, tombstone, "003A"),
                ThreeWayCases.TARGET, deleted.sourceSnapshot(), deleted.targetSnapshot(), ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, tombstoneAgain.outcome(), "read again, it changes nothing");

        // hubspot changed robert's email since: the deletion goes to a person
        final SyncSnapshot hubspotChanged = SyncSnapshot.read(new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false,
                ThreeWayCases.NOW + 4000)).standingFor("902", entered.sourceSnapshot().secondRows());
        assertEquals("(record): salesforce deleted it, hubspot changed Email", merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID,
                ThreeWayCases.SOURCE, tombstone, "003A"), ThreeWayCases.TARGET, inserting, hubspotChanged, ThreeWayCases.NOW + 6000).recordConflict());
        // 003A's old tombstone read late changes nothing
        final SyncState old = new SyncState(robert.fields(), true, ThreeWayCases.NOW + 1000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, old, "003A"),
                ThreeWayCases.TARGET, inserting, entered.sourceSnapshot(), ThreeWayCases.NOW + 6000).outcome());
    }

    /**
     * As above, with a second write of the sync after the insert, neither read back (TwoWaySyncSimulationTest seed 14,
     * Most Recent and Prefer System with Delete Wins): hubspot's 902 changes Robert's email, and the sync writes it to
     * salesforce, naming no row still. A person deleted 003A, the row the insert landed in, after the insert and before the
     * second write: its tombstone holds the insert's values and is older than the second write. That is Robert deleted in
     * salesforce; hubspot's change crossing it, the deletion wins: hubspot's 902 is deleted (before, the tombstone was
     * compared with the second write's time and taken for 003A's old one read again: nothing happened, and the second
     * write, landed by the reviving loader, brought Robert back in salesforce). The second write read back alive after it
     * is the sync's own echo: the deletion is asserted again.
     */
    @Test
    void aRowTheSyncsInsertRevivedDeletedBeforeASecondWriteIsTheCustomersDeletion() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision entered = robertEnteredAgainInHubSpot(merge);
        final SyncState inserted = entered.merged();
        final SyncState edited = new SyncState(ThreeWayCases.state("Robert", "rob@new.example", null).fields(), false, ThreeWayCases.NOW + 3500);
        final SyncDecision second = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, edited, "902"), ThreeWayCases.SOURCE,
                entered.sourceSnapshot(), SyncSnapshot.parse(entered.targetSnapshot().toJson()), ThreeWayCases.NOW + 4000);
        assertEquals(SyncDecision.Outcome.MERGED, second.outcome());
        final SyncSnapshot writing = SyncSnapshot.parse(second.targetSnapshot().toJson());
        assertNull(writing.row(), "the second write names no row either");
        assertEquals(ThreeWayCases.NOW + 3000, writing.insertedIntoADeletedRow(), "the insert's time is kept through the second write");
        final SyncState tombstone = new SyncState(inserted.fields(), true, ThreeWayCases.NOW + 3800);

        final SyncDecision deleted = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, tombstone, "003A"), ThreeWayCases.TARGET,
                writing, second.sourceSnapshot(), ThreeWayCases.NOW + 6000);
        assertEquals(SyncDecision.Outcome.MERGED, deleted.outcome(), "hubspot gets the deletion: " + deleted.recordConflict());
        assertTrue(deleted.merged().deleted());
        assertEquals("902", deleted.targetSnapshot().row(), "the deletion goes to hubspot's row 902");
        assertEquals("003A", deleted.sourceSnapshot().row(), "003A was robert's row again");
        assertEquals(Timestamps.NONE, deleted.sourceSnapshot().insertedIntoADeletedRow(), "the row is read back");
        // the tombstone read again (a Poll Overlap) changes nothing
        final SyncDecision reread = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, tombstone, "003A"), ThreeWayCases.TARGET,
                SyncSnapshot.parse(deleted.sourceSnapshot().toJson()), deleted.targetSnapshot(), ThreeWayCases.NOW + 6500);
        assertEquals(SyncDecision.Outcome.UNCHANGED, reread.outcome(), "read again, it changes nothing");
        assertFalse(reread.merged() != null && !reread.merged().deleted(), "nothing comes back: " + reread);

        // the second write, landed by the reviving loader, read back: the sync's echo, the deletion asserted again
        final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(edited.fields(), false, ThreeWayCases.NOW + 5000), "003A"), ThreeWayCases.TARGET,
                SyncSnapshot.parse(deleted.sourceSnapshot().toJson()), deleted.targetSnapshot(), ThreeWayCases.NOW + 7000);
        assertTrue(echo.merged() != null && echo.merged().deleted(), "the deletion is asserted again to the revived row: " + echo);
        // 003A's old tombstone read late changes nothing, after the second write too
        assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(inserted.fields(), true, ThreeWayCases.NOW + 1000), "003A"), ThreeWayCases.TARGET, writing, second.sourceSnapshot(),
                ThreeWayCases.NOW + 6000).outcome());
    }

    private static ThreeWayMerge routeToConflict() {
        return new ThreeWayMerge(new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT, SourcePriority.parse("hubspot, salesforce"), null,
                DeletePolicy.ROUTE_TO_CONFLICT, DuplicateRowPolicy.SYNC_EVERY_ROW));
    }

    /**
     * Robert's row 901 deleted in hubspot at EARLIER + 1s, salesforce's 003A deleted by the sync and read back (NOW + 1s),
     * Robert entered again in hubspot as 902: the decision (at NOW + 3s) inserting him in salesforce, naming no row.
     */
    /**
     * As above, with three writes of the sync after the insert (hubspot changed Robert twice more), none read back: a
     * person deleted 003A, the row the insert landed in, before the later writes landed, so its tombstone holds the
     * insert's values, neither the last write's nor the one's before it. That is Robert deleted in salesforce all the same:
     * the snapshot remembers the values of every write since the insert not read back ({@code crm_pending}, the last
     * {@value SyncSnapshot#MOST_PENDING_WRITES}), so the deletion reaches hubspot (before, only the last two writes' values
     * were compared: the tombstone was taken for 003A's old one read again, and the later writes, landed by the reviving
     * loader, brought Robert back where the person had deleted him). A write older than the last
     * {@value SyncSnapshot#MOST_PENDING_WRITES} is forgotten: its values in a tombstone are taken as before, the old
     * tombstone read again.
     */
    @Test
    void aRowTheSyncsInsertRevivedDeletedBeforeTwoLaterWritesIsTheCustomersDeletion() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision entered = robertEnteredAgainInHubSpot(merge);
        final SyncState inserted = entered.merged();
        SyncDecision last = entered;
        final List<SyncSnapshot> writing = new ArrayList<>();
        for (int i = 1; i <= SyncSnapshot.MOST_PENDING_WRITES + 1; i++) {
            final SyncState edited = new SyncState(ThreeWayCases.state("Robert", "rob" + i + "@new.example", null).fields(), false,
                    ThreeWayCases.NOW + 3000 + 1000L * i - 500);
            last = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, edited, "902"), ThreeWayCases.SOURCE,
                    last.sourceSnapshot(), SyncSnapshot.parse(last.targetSnapshot().toJson()), ThreeWayCases.NOW + 3000 + 1000L * i);
            assertEquals(SyncDecision.Outcome.MERGED, last.outcome());
            writing.add(SyncSnapshot.parse(last.targetSnapshot().toJson()));
        }
        final SyncSnapshot third = writing.get(1);
        assertNull(third.row(), "the third write names no row either");
        assertEquals(ThreeWayCases.NOW + 3000, third.insertedIntoADeletedRow(), "the insert's time is kept through the later writes");
        final SyncState tombstone = new SyncState(inserted.fields(), true, ThreeWayCases.NOW + 3800);
        final SyncSnapshot hubspot = SyncSnapshot.read(new SyncState(third.state().fields(), false, ThreeWayCases.NOW + 5500)).withRow("902");

        final SyncDecision deleted = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, tombstone, "003A"), ThreeWayCases.TARGET,
                third, hubspot, ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.MERGED, deleted.outcome(), "hubspot gets the deletion: " + deleted.recordConflict());
        assertTrue(deleted.merged().deleted());
        assertEquals("003A", deleted.sourceSnapshot().row(), "003A was robert's row again");
        // a snapshot kept before the earlier writes' values were remembered reads as before: the last two writes' values told
        final String kept = third.toJson();
        assertTrue(kept.contains("\"crm_pending\":[{"), kept);
        final SyncSnapshot older = SyncSnapshot.parse(kept.replaceFirst(",\"crm_pending\":\\[.*?\\]", ""));
        assertEquals(List.of(), older.pending());
        assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, tombstone, "003A"),
                ThreeWayCases.TARGET, older, hubspot, ThreeWayCases.NOW + 9000).outcome(), "the insert's values: not told, as before");
        assertEquals(SyncDecision.Outcome.MERGED, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(writing.getFirst().state().fields(), true, ThreeWayCases.NOW + 4800), "003A"), ThreeWayCases.TARGET, older, hubspot,
                ThreeWayCases.NOW + 9000).outcome(), "the write before the last: told, as before");

        // the insert's values after more writes than remembered: forgotten, the tombstone taken for 003A's old one read again
        final SyncSnapshot overflowed = writing.getLast();
        assertEquals(SyncSnapshot.MOST_PENDING_WRITES, overflowed.pending().size(), "the last writes before the current one are remembered");
        assertFalse(overflowed.pending().contains(new SyncState(inserted.fields(), false, Timestamps.NONE)), "the insert's values are forgotten");
        final SyncDecision forgotten = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, tombstone, "003A"),
                ThreeWayCases.TARGET, overflowed, hubspot, ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, forgotten.outcome(), "taken for the old tombstone read again: " + forgotten);
        // the second write's values, remembered then
        final SyncState secondWrite = new SyncState(writing.getFirst().state().fields(), true, ThreeWayCases.NOW + 4800);
        assertEquals(SyncDecision.Outcome.MERGED, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, secondWrite, "003A"),
                ThreeWayCases.TARGET, overflowed, hubspot, ThreeWayCases.NOW + 9000).outcome());
    }

    private static SyncDecision robertEnteredAgainInHubSpot(final ThreeWayMerge merge) {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", null).fields(), false, ThreeWayCases.EARLIER);
        final SyncDecision deletion = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                new SyncState(robert.fields(), true, ThreeWayCases.EARLIER + 1000), "901"), ThreeWayCases.SOURCE,
                SyncSnapshot.read(robert).withRow("901"), SyncSnapshot.read(robert).withRow("003A"), ThreeWayCases.NOW);
        assertTrue(deletion.merged().deleted());
        final SyncDecision readBack = fromSalesforce(merge, new SyncState(robert.fields(), true, ThreeWayCases.NOW + 1000), "003A",
                deletion.targetSnapshot(), deletion.sourceSnapshot());
        final SyncState again = new SyncState(robert.fields(), false, ThreeWayCases.NOW + 2000);
        final SyncDecision entered = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, again, "902"), ThreeWayCases.SOURCE,
                deletion.sourceSnapshot(), readBack.sourceSnapshot(), ThreeWayCases.NOW + 3000);
        assertEquals(SyncDecision.Outcome.MERGED, entered.outcome());
        assertNull(entered.targetSnapshot().row(), "inserted in salesforce");
        return entered;
    }

    /**
     * As above, but 003A's tombstone carries no values (a change feed's delete event: the id and a time). Newer than the
     * sync's insert, it may be Robert's row the insert revived, deleted by a person, or 003A restored from the recycle bin
     * and deleted again by a person while the insert landed in a new row 003B, which lives: nothing tells the two apart, so
     * a person decides (before, it changed nothing: with the first, Robert lived on in hubspot alone, and hubspot's next
     * change of him, upserted by the golden id, brought 003A back). Read again, it raises no second conflict. Older than
     * the insert was decided, the insert cannot have landed in it before it was deleted: it changes nothing. The person
     * deleting Robert in hubspot deletes him in salesforce, by the golden id; the insert read back from 003B is its echo.
     */
    @Test
    void anIdOnlyTombstoneOfTheRowTheSyncsInsertMayHaveRevivedGoesToAPerson() {
        for (final DeletePolicy policy : DeletePolicy.values()) {
            final ThreeWayMerge merge = new ThreeWayMerge(new SyncPolicy(ConflictPolicy.SOURCE_PRIORITY, SourcePriority.parse("hubspot, salesforce"), null,
                    policy, DuplicateRowPolicy.SYNC_EVERY_ROW));
            final SyncDecision entered = robertEnteredAgainInHubSpot(merge);
            final SyncSnapshot inserting = SyncSnapshot.parse(entered.targetSnapshot().toJson());
            final SyncInput idOnly = new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, new SyncState(Map.of(), true, ThreeWayCases.NOW + 5000),
                    "003A");

            final SyncDecision deleted = merge.decide(idOnly, ThreeWayCases.TARGET, inserting, entered.sourceSnapshot(), ThreeWayCases.NOW + 6000);
            assertEquals(SyncDecision.Outcome.CONFLICT, deleted.outcome(), policy.toString());
            assertEquals("(record): row 003A of this customer in salesforce, deleted before, was deleted again after the sync's insert of the customer"
                    + " there, and its tombstone carries no values: the insert may have landed in it (a loader upserting by the golden id into a"
                    + " deleted row) or in a new row; if the customer is no longer in salesforce, delete it in hubspot too, else nothing is to be done",
                    deleted.recordConflict());
            assertNull(deleted.targetSnapshot(), "nothing changes in hubspot");
            final SyncSnapshot remembered = SyncSnapshot.parse(deleted.sourceSnapshot().toJson());
            assertNull(remembered.row(), "the insert is still on its way");
            assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(idOnly, ThreeWayCases.TARGET, remembered, entered.sourceSnapshot(),
                    ThreeWayCases.NOW + 7000).outcome(), "read again");

            // deleted before the insert was decided (a person's restore and deletion of 003A): the insert did not land in it
            assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                    new SyncState(Map.of(), true, ThreeWayCases.NOW + 2500), "003A"), ThreeWayCases.TARGET, inserting, entered.sourceSnapshot(),
                    ThreeWayCases.NOW + 6000).outcome(), policy.toString());

            // the person finds Robert gone from salesforce and deletes him in hubspot: the deletion goes to salesforce by
            // the golden id (no row named), where the row is deleted already
            final SyncDecision approved = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET,
                    new SyncState(entered.merged().fields(), true, ThreeWayCases.NOW + 8000), "902"), ThreeWayCases.SOURCE, entered.sourceSnapshot(),
                    remembered, ThreeWayCases.NOW + 9000);
            assertEquals(SyncDecision.Outcome.MERGED, approved.outcome(), policy + ": " + approved.recordConflict());
            assertTrue(approved.merged().deleted());
            assertNull(approved.targetSnapshot().row());
            // or finds him in salesforce's 003B, the insert: read back, it is the sync's echo, and Robert's row there
            final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                    new SyncState(entered.merged().fields(), false, ThreeWayCases.NOW + 4000), "003B"), ThreeWayCases.TARGET, remembered,
                    entered.sourceSnapshot(), ThreeWayCases.NOW + 9000);
            assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome(), policy.toString());
            assertEquals("003B", echo.sourceSnapshot().row());
        }
    }

    /**
     * As above, but 003A's tombstone carries neither values nor a time (what a deleted-records API or delete webhook may
     * give: the id and the deleted flag). It may be Robert's row the insert revived, deleted by a person, or 003A's old
     * tombstone read again (the sync's own delete, a retry, a poll's overlap): nothing tells the two apart, so a person
     * decides, as for a timed one (before, it was taken for the old tombstone read again: with the first, Robert lived on
     * in hubspot alone, and nobody was told). Read again it raises no second conflict. Once the insert is read back in 003A,
     * 003A is Robert's row again, and its untimed tombstone is Robert deleted, as before.
     */
    @Test
    void anIdOnlyTombstoneWithoutATimeOfTheRowTheSyncsInsertMayHaveRevivedGoesToAPerson() {
        for (final DeletePolicy policy : DeletePolicy.values()) {
            final ThreeWayMerge merge = new ThreeWayMerge(new SyncPolicy(ConflictPolicy.SOURCE_PRIORITY, SourcePriority.parse("hubspot, salesforce"), null,
                    policy, DuplicateRowPolicy.SYNC_EVERY_ROW));
            final SyncDecision entered = robertEnteredAgainInHubSpot(merge);
            final SyncSnapshot inserting = SyncSnapshot.parse(entered.targetSnapshot().toJson());
            for (final SyncState untimed : List.of(new SyncState(Map.of(), true, Timestamps.NONE),
                    new SyncState(ThreeWayCases.state(null, null, null).fields(), true, Timestamps.NONE))) {
                final SyncInput idOnly = new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, untimed, "003A");
                final SyncDecision deleted = merge.decide(idOnly, ThreeWayCases.TARGET, inserting, entered.sourceSnapshot(), ThreeWayCases.NOW + 6000);
                assertEquals(SyncDecision.Outcome.CONFLICT, deleted.outcome(), policy + ", " + untimed);
                assertEquals("(record): row 003A of this customer in salesforce, deleted before, was deleted again or its old tombstone is read"
                        + " again, and its tombstone carries neither values nor a time: the sync's insert of the customer there may have landed in"
                        + " it (a loader upserting by the golden id into a deleted row), and a person deleted it; if the customer is no longer in"
                        + " salesforce, delete it in hubspot too, else nothing is to be done", deleted.recordConflict());
                assertNull(deleted.targetSnapshot(), "nothing changes in hubspot");
                final SyncSnapshot remembered = SyncSnapshot.parse(deleted.sourceSnapshot().toJson());
                assertNull(remembered.row(), "the insert is still on its way");
                assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(idOnly, ThreeWayCases.TARGET, remembered, entered.sourceSnapshot(),
                        ThreeWayCases.NOW + 7000).outcome(), "read again");
                // once the insert is read back in 003A, 003A is robert's row: its untimed tombstone is robert deleted
                final SyncDecision readBack = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                        new SyncState(entered.merged().fields(), false, ThreeWayCases.NOW + 4000), "003A"), ThreeWayCases.TARGET, inserting,
                        entered.sourceSnapshot(), ThreeWayCases.NOW + 8000);
                assertEquals(SyncDecision.Outcome.UNCHANGED, readBack.outcome(), policy + ": the insert's echo");
                final SyncDecision afterTheEcho = merge.decide(idOnly, ThreeWayCases.TARGET, readBack.sourceSnapshot(), entered.sourceSnapshot(),
                        ThreeWayCases.NOW + 9000);
                assertEquals(SyncDecision.Outcome.MERGED, afterTheEcho.outcome(), policy + ": " + afterTheEcho.recordConflict());
                assertTrue(afterTheEcho.merged().deleted());
            }
        }
    }

    /**
     * Robert's salesforce row 003A deleted by the sync (hubspot deleted him), Robert entered again in hubspot (902, the
     * phone changed): the sync inserts him into salesforce, naming no row. Before it reads the insert back, a person
     * restores 003A from the recycle bin with the phone it was deleted with; the phone changed on both sides, the most
     * recent (the restore) wins, and 003A is the customer's row again (written back). The insert, by the golden id, lands
     * as a new row 003B: a duplicate the sync created itself. Read holding merely the insert's values, it is deleted
     * through the write-back (by its own id, 003B), and Robert keeps syncing through the restored 003A: nothing reaches
     * hubspot (before, 003B was taken for Robert's row, as it keeps the golden id: its old phone overwrote the restore's
     * in both CRMs and 003A lived on as a second row; seed 29 of the two-way simulation, Most Recent and Prefer System).
     * The sync's delete read back changes nothing.
     */
    @Test
    void theSyncsInsertLandedAsASecondRowWhileAPersonRestoredTheCustomersRowIsDeleted() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision restored = ThreeWayCases.restoredWhileTheInsertWasOnItsWay(merge);
        final SyncSnapshot salesforce = SyncSnapshot.parse(restored.sourceSnapshot().toJson());
        final SyncState inserted = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "(212) 555-0199").fields(), false,
                ThreeWayCases.NOW + 6000);

        final SyncDecision duplicate = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, inserted, "003B", true),
                ThreeWayCases.TARGET, salesforce, restored.targetSnapshot(), ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, duplicate.outcome(), "nothing reaches hubspot: " + duplicate.recordConflict());
        assertTrue(duplicate.isEcho(), "the sync's own insert");
        assertTrue(duplicate.writesSource() && duplicate.merged().deleted(), "the write-back deletes it");
        assertEquals("003B", duplicate.duplicateDeleted(), "by its own id");
        assertEquals("003A", duplicate.sourceSnapshot().row(), "the restored row stays the customer's row");
        assertEquals("(415) 555-0132", duplicate.sourceSnapshot().state().value("Phone"), "with the restore's phone");
        assertEquals(List.of(), duplicate.sourceSnapshot().crossed(), "the insert is read back");

        final SyncDecision deleteReadBack = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(inserted.fields(), true, ThreeWayCases.NOW + 8000), "003B", true), ThreeWayCases.TARGET,
                SyncSnapshot.parse(duplicate.sourceSnapshot().toJson()), restored.targetSnapshot(), ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, deleteReadBack.outcome(), "the sync's delete read back: " + deleteReadBack.recordConflict());
        assertFalse(deleteReadBack.writesSource());
    }

    /**
     * As above, but a person edited the new row 003B (its email) before the sync read it: it holds a person's value, so it
     * is not deleted; it goes to conflict naming both rows, and Robert keeps syncing through the restored 003A. Read again
     * unchanged, it raises no second conflict; deleted by the person who merges the two rows, it deletes nothing in hubspot.
     */
    @Test
    void aSecondRowTheSyncsInsertCreatedEditedByAPersonGoesToConflict() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision restored = ThreeWayCases.restoredWhileTheInsertWasOnItsWay(merge);
        final SyncSnapshot salesforce = SyncSnapshot.parse(restored.sourceSnapshot().toJson());
        final SyncState edited = new SyncState(ThreeWayCases.state("Robert", "robert@edited.example", "(212) 555-0199").fields(), false,
                ThreeWayCases.NOW + 6000);
        final SyncInput duplicate = new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, edited, "003B", true);

        final SyncDecision routed = merge.decide(duplicate, ThreeWayCases.TARGET, salesforce, restored.targetSnapshot(), ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.CONFLICT, routed.outcome());
        assertFalse(routed.writesSource(), "a person's edit is never deleted");
        assertNull(routed.duplicateDeleted());
        assertEquals("(record): row 003B holds this customer's golden id in salesforce: the sync's insert of the customer there, decided while"
                + " row 003A was deleted, crossed a person's restore of row 003A and landed as a second row, and a person edited it since, so the"
                + " sync does not delete it; the customer syncs through row 003A there, this row's changes are not synced to hubspot; merge the"
                + " two rows in salesforce", routed.recordConflict());
        final SyncSnapshot routedSnapshot = SyncSnapshot.parse(routed.sourceSnapshot().toJson());
        assertEquals("003A", routedSnapshot.row());
        assertEquals(SyncDecision.Outcome.UNCHANGED, merge.decide(duplicate, ThreeWayCases.TARGET, routedSnapshot, restored.targetSnapshot(),
                ThreeWayCases.NOW + 8000).outcome(), "read again");
        final SyncDecision merged = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(edited.fields(), true, ThreeWayCases.NOW + 8500), "003B", true), ThreeWayCases.TARGET, routedSnapshot,
                restored.targetSnapshot(), ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, merged.outcome(), "deleting the second row deletes nothing: " + merged.recordConflict());
        assertEquals("003A", merged.sourceSnapshot().row());
    }

    /**
     * Without a Golden ID Field no row read says it holds Robert's golden id: the insert's row 003B is told by its values
     * alone (merely the insert's), and by its time, newer than the sync's decision to insert. A row a person entered before
     * that decision (003C, read for the first time in the same read) holding exactly those values is a person's second row,
     * never deleted by the sync (before, any row holding them was taken for the sync's own duplicate and deleted); the
     * insert's row 003B, newer, still is.
     */
    @Test
    void withoutAGoldenIdFieldOnlyARowNewerThanTheSyncsInsertIsTakenForItsDuplicate() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision restored = ThreeWayCases.restoredWhileTheInsertWasOnItsWay(merge);
        final SyncSnapshot salesforce = SyncSnapshot.parse(restored.sourceSnapshot().toJson());
        final Map<String, String> insertsValues = ThreeWayCases.state("Robert", "bob@example.com", "(212) 555-0199").fields();

        final SyncDecision persons = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(insertsValues, false, ThreeWayCases.NOW + 2500), "003C"), ThreeWayCases.TARGET, salesforce, restored.targetSnapshot(),
                ThreeWayCases.NOW + 7000);
        assertNull(persons.duplicateDeleted(), "a person's row older than the insert is never deleted: " + persons.recordConflict());
        assertFalse(persons.writesSource() && persons.merged() != null && persons.merged().deleted(), "nothing deletes 003C");
        assertEquals("003A", persons.sourceSnapshot() == null ? salesforce.row() : persons.sourceSnapshot().row());

        final SyncDecision duplicate = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(insertsValues, false, ThreeWayCases.NOW + 6000), "003B"), ThreeWayCases.TARGET, salesforce, restored.targetSnapshot(),
                ThreeWayCases.NOW + 7000);
        assertEquals("003B", duplicate.duplicateDeleted(), "the insert's row, newer than the insert: " + duplicate.recordConflict());
        assertEquals("003A", duplicate.sourceSnapshot().row());
    }

    /**
     * With a Golden ID Field, the sync's insert (by golden id) wrote Robert's golden id into the row it created: that is
     * what tells its row. A row a person made after the insert (003C, newer than the sync's decision to insert) holding
     * exactly the insert's values, copied from it, but no golden id in the external id column its record carries, is none
     * the sync created: a person's second row, never deleted by the sync (before, its values and its time took it for the
     * sync's own duplicate, and the write-back deleted it). The insert's row 003B, holding the golden id, still is the
     * duplicate; and a row of a system whose records carry no golden id column is still told by its values and time.
     */
    @Test
    void aPersonsRowMadeAfterTheInsertWithTheInsertsValuesButNoGoldenIdIsNeverTakenForItsDuplicate() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision restored = ThreeWayCases.restoredWhileTheInsertWasOnItsWay(merge);
        final SyncSnapshot salesforce = SyncSnapshot.parse(restored.sourceSnapshot().toJson());
        final SyncState insertsValues = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "(212) 555-0199").fields(), false,
                ThreeWayCases.NOW + 6000);

        final SyncDecision persons = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, insertsValues, "003C", false, null, true),
                ThreeWayCases.TARGET, salesforce, restored.targetSnapshot(), ThreeWayCases.NOW + 7000);
        assertNull(persons.duplicateDeleted(), "a person's row without the golden id is never deleted: " + persons.recordConflict());
        assertFalse(persons.writesSource() && persons.merged() != null && persons.merged().deleted(), "nothing deletes 003C");
        assertEquals("003A", persons.sourceSnapshot() == null ? salesforce.row() : persons.sourceSnapshot().row());

        final SyncDecision duplicate = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, insertsValues, "003B", true, null, true),
                ThreeWayCases.TARGET, salesforce, restored.targetSnapshot(), ThreeWayCases.NOW + 7000);
        assertEquals("003B", duplicate.duplicateDeleted(), "the insert's row, holding the golden id: " + duplicate.recordConflict());
        assertEquals("003A", duplicate.sourceSnapshot().row());

        final SyncDecision noColumn = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, insertsValues, "003B", false, null, false),
                ThreeWayCases.TARGET, salesforce, restored.targetSnapshot(), ThreeWayCases.NOW + 7000);
        assertEquals("003B", noColumn.duplicateDeleted(), "without a golden id column, by values and time: " + noColumn.recordConflict());
    }

    /**
     * As above, the other order in one read (seed 9 of the two-way simulation, Source Priority with Update Revives): the
     * sync's insert, landed as the new row 003B holding merely the sync's values, is read back first and becomes Robert's
     * row; the person's restore of 003A (with the phone it was deleted with) follows it in the same read. A person's act
     * wins over the sync's own echo: 003A is Robert's row again, its phone flows to hubspot, and the write-back deletes
     * 003B by its own id, as when the restore is read first (before, 003B stayed Robert's row and the restored 003A synced
     * as a second row: two rows lived on). The sync's delete read back changes nothing, nor does 003B's insert read again.
     */
    @Test
    void aRestoreReadAfterTheSyncsInsertLandedAsASecondRowKeepsTheRestoredRowAndDeletesTheInsertsRow() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.UPDATE_REVIVES));
        final LandedAsANewRow landed = insertLandedAsANewRow(merge);
        final SyncState inserted = landed.inserted();
        final SyncSnapshot salesforce = landed.salesforce();
        final SyncSnapshot hubspot = landed.hubspot();

        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "(415) 555-0132").fields(), false,
                ThreeWayCases.NOW + 4500);
        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, robert, "003A"),
                ThreeWayCases.TARGET, salesforce, hubspot, ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.MERGED, restored.outcome(), "a person's restore: " + restored.recordConflict());
        assertEquals("(415) 555-0132", restored.merged().value("Phone"), "the restore's phone flows to hubspot");
        assertEquals("003A", restored.sourceSnapshot().row(), "the restored row is Robert's row again");
        assertEquals("003B", restored.duplicateDeleted(), "the insert's row is the sync's duplicate, deleted by its own id");
        assertEquals(List.of(), restored.sourceSnapshot().crossed());
        final SyncSnapshot kept = SyncSnapshot.parse(restored.sourceSnapshot().toJson());

        final SyncDecision deleteReadBack = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(inserted.fields(), true, ThreeWayCases.NOW + 8000), "003B", true), ThreeWayCases.TARGET, kept,
                restored.targetSnapshot(), ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, deleteReadBack.outcome(), "the sync's delete read back: " + deleteReadBack.recordConflict());
        assertFalse(deleteReadBack.writesSource());
        assertEquals("003A", deleteReadBack.sourceSnapshot() == null ? kept.row() : deleteReadBack.sourceSnapshot().row());
        final SyncDecision insertAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, inserted, "003B", true),
                ThreeWayCases.TARGET, kept, restored.targetSnapshot(), ThreeWayCases.NOW + 9000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, insertAgain.outcome(), "the insert read again (a poll's overlap): " + insertAgain.recordConflict());
        assertFalse(insertAgain.writesSource() && insertAgain.duplicateDeleted() == null, "nothing written to the restored row");
    }

    /**
     * As above, the sync's insert read back landed as the new row 003B (holding merely the sync's values); then an earlier
     * read of 003A, from before its deletion, is replayed (a FlowFile replayed, a retry), holding the golden id and on its
     * fields merely the insert's first name and email (SyncTrafficGeneratorTest, Most Recent with Update Revives: "FlowFile
     * replayed later ... delete"). No newer than the deletion remembered, it is no restore and not the insert landed
     * there: it changes nothing (before, it was taken for the sync's own duplicate and the write-back deleted 003A).
     */
    @Test
    void aReplayedReadOfTheDeletedRowAfterTheInsertLandedAsANewRowChangesNothing() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.UPDATE_REVIVES));
        final LandedAsANewRow landed = insertLandedAsANewRow(merge);
        assertFalse(landed.salesforce().crossed().isEmpty(), "the insert's values are remembered");

        final Map<String, String> changed = new LinkedHashMap<>();
        changed.put("FirstName", "Robert");
        changed.put("Email", "bob@example.com");
        final SyncDecision replayed = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                new SyncState(changed, false, ThreeWayCases.EARLIER + 500), "003A", true), ThreeWayCases.TARGET, landed.salesforce(),
                landed.hubspot(), ThreeWayCases.NOW + 6000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, replayed.outcome(), "a replay: " + replayed.recordConflict());
        assertFalse(replayed.writesSource(), "no write-back");
        assertNull(replayed.duplicateDeleted(), "003A not deleted");
        assertNull(replayed.sourceSnapshot(), "the snapshot unchanged");
    }

    /**
     * As {@link #aRestoreReadAfterTheSyncsInsertLandedAsASecondRowKeepsTheRestoredRowAndDeletesTheInsertsRow}, but before
     * the restore of 003A is read, hubspot changes Robert's email and the sync writes it to the insert's row 003B: the row
     * holds merely the sync's writes all the same, so the restore read after it (the write read back first, or still on its
     * way) keeps 003A as Robert's one row and deletes 003B. The restore is merged against the insert's values, what the
     * person's restore and hubspot's later edit both started from: the restore's phone flows to hubspot, hubspot's email
     * is written back to 003A (before, 003B's values had moved on from the insert's, so the restore was no longer told
     * from a second row: it synced as one, and Robert kept two rows).
     */
    @Test
    void aRestoreReadAfterALaterWriteOfTheSyncToTheInsertsRowKeepsTheRestoredRowAndDeletesTheInsertsRow() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.UPDATE_REVIVES));
        for (final boolean readBackFirst : new boolean[] {true, false}) {
            final String order = readBackFirst ? "the write read back first" : "the write still on its way";
            final RestoredAfterALaterWrite after = restoredAfterALaterWrite(merge, readBackFirst, "(415) 555-0132");
            final SyncDecision restored = after.restored();
            assertEquals(SyncDecision.Outcome.MERGED, restored.outcome(), order + ": a person's restore: " + restored.recordConflict());
            assertEquals("(415) 555-0132", restored.merged().value("Phone"), order + ": the restore's phone flows to hubspot");
            final SyncSnapshot kept = SyncSnapshot.parse(restored.sourceSnapshot().toJson());

            // the sync's write to 003B read back after the restore was decided (a later read), and the sync's delete of it
            final SyncDecision lateEcho = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, after.writeLanded(), "003B", true),
                    ThreeWayCases.TARGET, kept, restored.targetSnapshot(), ThreeWayCases.NOW + 9000);
            assertEquals(SyncDecision.Outcome.UNCHANGED, lateEcho.outcome(), order + ": " + lateEcho.recordConflict());
            assertFalse(lateEcho.writesSource(), order);
            assertEquals("003A", lateEcho.sourceSnapshot() == null ? kept.row() : lateEcho.sourceSnapshot().row(), order);
            final SyncDecision deleteReadBack = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                    new SyncState(after.writeLanded().fields(), true, ThreeWayCases.NOW + 9500), "003B", true), ThreeWayCases.TARGET, kept,
                    restored.targetSnapshot(), ThreeWayCases.NOW + 10000);
            assertEquals(SyncDecision.Outcome.UNCHANGED, deleteReadBack.outcome(), order + ": the sync's delete read back");
            assertFalse(deleteReadBack.writesSource(), order);
        }
    }

    /**
     * As above, but the person's restore of 003A changes nothing against the insert's values (003A held at its deletion
     * what the sync then inserted as 003B): the restore still wins over the sync's own row, and the restored row is
     * brought up to date with what the sync wrote to 003B since, hubspot's later email, written back to 003A (before, the
     * restore was taken for the echo of the insert's values: 003B was deleted, and 003A kept the old email while hubspot
     * held the new one; the two CRMs ended different). Read again, the restored row changes nothing.
     */
    @Test
    void aRestoreChangingNothingReadAfterALaterWriteOfTheSyncToTheInsertsRowGetsThatWrite() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.UPDATE_REVIVES));
        for (final boolean readBackFirst : new boolean[] {true, false}) {
            final String order = readBackFirst ? "the write read back first" : "the write still on its way";
            final RestoredAfterALaterWrite after = restoredAfterALaterWrite(merge, readBackFirst, "(212) 555-0199");
            final SyncDecision restored = after.restored();
            assertEquals("(212) 555-0199", restored.merged().value("Phone"), order);
            final SyncSnapshot kept = SyncSnapshot.parse(restored.sourceSnapshot().toJson());
            assertEquals("robert@work.example", kept.state().value("Email"), order + ": the sync knows 003A holds hubspot's email");

            final SyncDecision readAgain = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                    new SyncState(restored.merged().fields(), false, ThreeWayCases.NOW + 9000), "003A"), ThreeWayCases.TARGET, kept,
                    restored.targetSnapshot() == null ? after.hubspot() : restored.targetSnapshot(), ThreeWayCases.NOW + 9500);
            assertEquals(SyncDecision.Outcome.UNCHANGED, readAgain.outcome(), order + ": the write-back read back: " + readAgain.recordConflict());
            assertFalse(readAgain.writesSource(), order);
            assertNull(readAgain.duplicateDeleted(), order);
        }
    }

    /** A person's restore of 003A decided, with the sync's later write to the insert's row 003B and hubspot's snapshot before it. */
    record RestoredAfterALaterWrite(SyncDecision restored, SyncState writeLanded, SyncSnapshot hubspot) {
    }

    /**
     * {@link #insertLandedAsANewRow}, hubspot's change of Robert's email written to the insert's row 003B (read back first,
     * or still on its way), then a person's restore of 003A with the insert's first name and email and the given phone:
     * Robert's one row is 003A again, 003B deleted, and hubspot's email written back to 003A.
     */
    private static RestoredAfterALaterWrite restoredAfterALaterWrite(final ThreeWayMerge merge, final boolean readBackFirst, final String phone) {
        final String order = readBackFirst ? "the write read back first" : "the write still on its way";
        final LandedAsANewRow landed = insertLandedAsANewRow(merge);
        final SyncState emailInHubSpot = new SyncState(ThreeWayCases.state("Robert", "robert@work.example", "(212) 555-0199").fields(), false,
                ThreeWayCases.NOW + 5500);
        final SyncDecision written = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, emailInHubSpot, "902"),
                ThreeWayCases.SOURCE, landed.hubspot(), landed.salesforce(), ThreeWayCases.NOW + 6000);
        assertEquals(SyncDecision.Outcome.MERGED, written.outcome(), written.recordConflict());
        assertEquals("003B", written.targetSnapshot().row(), "the write goes to the insert's row");
        SyncSnapshot salesforce = SyncSnapshot.parse(written.targetSnapshot().toJson());
        final SyncSnapshot hubspot = written.sourceSnapshot() == null ? landed.hubspot() : written.sourceSnapshot();
        final SyncState writeLanded = new SyncState(emailInHubSpot.fields(), false, ThreeWayCases.NOW + 6500);
        if (readBackFirst) {
            final SyncDecision echo = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, writeLanded, "003B", true),
                    ThreeWayCases.TARGET, salesforce, hubspot, ThreeWayCases.NOW + 7000);
            assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome(), "the write read back: " + echo.recordConflict());
            salesforce = SyncSnapshot.parse(echo.sourceSnapshot().toJson());
            assertEquals("003B", salesforce.row());
        }

        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", phone).fields(), false, ThreeWayCases.NOW + 7200);
        final SyncDecision restored = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, robert, "003A"),
                ThreeWayCases.TARGET, salesforce, hubspot, ThreeWayCases.NOW + 8000);
        assertEquals("003A", restored.sourceSnapshot().row(), order + ": the restored row is Robert's row again: " + restored.recordConflict());
        assertEquals("003B", restored.duplicateDeleted(), order + ": the insert's row is the sync's duplicate, deleted by its own id");
        assertEquals("robert@work.example", restored.merged().value("Email"), order + ": hubspot's later email is kept");
        assertTrue(restored.writesSource(), order + ": hubspot's email written back to 003A");
        return new RestoredAfterALaterWrite(restored, writeLanded, hubspot);
    }

    /**
     * The insert's row, the customer's row, read back holding values a person typed (not merely the sync's writes): the
     * writes a restore of the deleted row would be told by are forgotten, and that restore is a second row.
     */
    @Test
    void theInsertsRowEditedByAPersonForgetsTheSyncsWrites() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.UPDATE_REVIVES));
        final LandedAsANewRow landed = insertLandedAsANewRow(merge);
        final SyncState edited = new SyncState(ThreeWayCases.state("Robert", "rob@typed.example", "(212) 555-0199").fields(), false,
                ThreeWayCases.NOW + 6500);
        final SyncDecision read = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, edited, "003B", true),
                ThreeWayCases.TARGET, landed.salesforce(), landed.hubspot(), ThreeWayCases.NOW + 7000);
        assertEquals(SyncDecision.Outcome.MERGED, read.outcome(), read.recordConflict());
        assertEquals(List.of(), read.sourceSnapshot().crossed(), "a person's row");
    }

    /** The sync's insert read back from the new row it landed as, its state, and the snapshots of salesforce and hubspot after. */
    record LandedAsANewRow(SyncState inserted, SyncSnapshot salesforce, SyncSnapshot hubspot) {
    }

    /**
     * {@link ThreeWayCases#insertedWhileTheCustomersRowWasDeleted}, then the insert read back, landed as the new row 003B holding merely
     * the sync's values: an echo, and, read alone, Robert's row.
     */
    static LandedAsANewRow insertLandedAsANewRow(final ThreeWayMerge merge) {
        final SyncDecision entered = ThreeWayCases.insertedWhileTheCustomersRowWasDeleted(merge);
        final SyncState inserted = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "(212) 555-0199").fields(), false,
                ThreeWayCases.NOW + 4000);
        final SyncDecision insertReadBack = merge.decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, inserted, "003B", true),
                ThreeWayCases.TARGET, SyncSnapshot.parse(entered.targetSnapshot().toJson()), entered.sourceSnapshot(), ThreeWayCases.NOW + 5000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, insertReadBack.outcome(), "the sync's own insert read back: " + insertReadBack.recordConflict());
        final SyncSnapshot salesforce = SyncSnapshot.parse(insertReadBack.sourceSnapshot().toJson());
        assertEquals("003B", salesforce.row(), "read alone, the insert's row is Robert's row");
        return new LandedAsANewRow(inserted, salesforce,
                insertReadBack.targetSnapshot() == null ? entered.sourceSnapshot() : insertReadBack.targetSnapshot());
    }
}
