package dev.nificrm.reconcile;

import dev.nificrm.SyncedStores;
import dev.nificrm.merge.MultiSelectFields;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reconciliation of a HubSpot table against a real (embedded) entity store after a Salesforce → HubSpot sync: one
 * record of each outcome, the entities HubSpot lacks, and the run's counts.
 */
class ReconcilerTest {
    private static final Reconciler.Settings SETTINGS = new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID,
            Set.of("updated_at"), true, 100);

    @TempDir
    Path directory;

    private EntityStore store;
    private Map<String, String> salesforce;

    @BeforeEach
    void syncedStore() {
        store = JdbcEntityStore.sqlite(directory.resolve("store.db"));
        salesforce = SyncedStores.link(store, "salesforce",
                new String[] {"003A", "Ann", "Lee", "ann@lee.org", "(212) 555-0123", "1971-01-01"},
                new String[] {"003B", "Tom", "Hardy", "tom@hardy.io", "(617) 555-0199", "1977-09-15"},
                new String[] {"003C", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"},
                new String[] {"003E", "Maria", "Garcia", "maria@garcia.es", "(305) 555-0142", "1985-06-07"},
                new String[] {"003F", "Olu", "Okafor", "olu@okafor.ng", "(713) 555-0100", "1969-03-03"});
        SyncedStores.link(store, "hubspot",
                new String[] {"77", "Ann", "Lee", "ann@lee.org", "212-555-0123", "1971-01-01"},
                new String[] {"79", "Tom", "Hardy", "tom@hardy.io", "617 555 0199", "1977-09-15"},
                new String[] {"81", "Maria", "Garcia", "maria@garcia.es", "305-555-0142", "1985-06-07"},
                new String[] {"82", "Olu", "Okafor", "olu@okafor.ng", "713-555-0100", "1969-03-03"},
                new String[] {"78", "Priya", "Raman", "priya@raman.in", "(408) 555-0177", "1988-08-08"});
        final String ann = salesforce.get("003A");
        SyncedStores.snapshot(store, ann, "hubspot", "{\"firstname\":\"Ann\",\"email\":\"ann@lee.org\",\"score\":42.0,\"crm_match_id\":\"" + ann + "\"}");
        SyncedStores.snapshot(store, ann, "salesforce", "{\"firstname\":\"Ann\",\"email\":\"ann@lee.org\",\"score\":42}");
        final String tom = salesforce.get("003B");
        SyncedStores.snapshot(store, tom, "hubspot", "{\"firstname\":\"Tom\",\"email\":\"tom@hardy.io\"}");
        SyncedStores.snapshot(store, tom, "salesforce", "{\"firstname\":\"Tom\",\"email\":\"tom@hardy.io\"}");
        final String olu = salesforce.get("003F");
        SyncedStores.snapshot(store, olu, "hubspot", "{\"firstname\":\"Olu\",\"email\":\"olu@okafor.ng\"}");
        SyncedStores.snapshot(store, olu, "salesforce", "{\"firstname\":\"Oluwaseun\",\"email\":\"olu@okafor.ng\"}");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static TargetRecord row(final String id, final String... namesAndValues) {
        final Map<String, TargetRecord.NamedValue> fields = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(FieldValues.normalizeName(namesAndValues[i]), new TargetRecord.NamedValue(namesAndValues[i],
                    FieldValues.canonical(namesAndValues[i + 1])));
        }
        return new TargetRecord(id, fields);
    }

    @Test
    void findsEveryKindOfDifferenceAndWhatTheTargetLacks() {
        final Reconciler reconciler = new Reconciler(store, SETTINGS);
        reconciler.add(row("77", "FirstName", "Ann", "Email", "ann@lee.org", "Score", "42", "updated_at", "2026-12-01T10:00:00Z"));
        reconciler.add(row("79", "FirstName", "Tom", "Email", "t.hardy@elsewhere.com"));
        reconciler.add(row("82", "FirstName", "Olu", "Email", "olu@okafor.ng"));
        reconciler.add(row("78", "FirstName", "Priya", "Email", "priya@raman.in"));
        reconciler.add(row("99", "FirstName", "Eve", "Email", "eve@example.com"));
        reconciler.add(row(null, "FirstName", "Nobody"));
        final ReconciliationReport report = reconciler.finish(Conservation.of(6, Map.of("written", 5L, "invalid", 1L)));

        assertEquals(6, report.targetRecords());
        assertEquals(1, report.count(RecordOutcome.IN_SYNC), "Ann: 42 and 42.0 are one number, crm_ fields and updated_at are not compared");
        assertEquals(1, report.count(RecordOutcome.DRIFTED), "Tom's email was changed in HubSpot after the sync wrote it");
        assertEquals(1, report.count(RecordOutcome.OUT_OF_SYNC), "Olu's first name changed in Salesforce and is not in HubSpot yet");
        assertEquals(1, report.count(RecordOutcome.MISSING_IN_SOURCE), "Priya is in HubSpot only");
        assertEquals(1, report.count(RecordOutcome.NOT_IN_STORE));
        assertEquals(1, report.count(RecordOutcome.NO_ID));
        assertEquals(2, report.missingInTarget(), "Wei and Maria have no record in the table");
        assertEquals(1, report.deletedInTarget(), "the store knows Maria's HubSpot record 81: it was deleted there");
        assertEquals(1, report.neverWritten(), "Wei was never written to HubSpot");
        assertEquals(0, report.duplicatesInTarget());
        assertTrue(report.conservation().balanced());
        assertEquals("6 read = 1 invalid + 5 written", report.conservation().equation());
        assertFalse(report.consistent());

        final Finding drift = only(report, "drifted");
        assertEquals("79", drift.targetId());
        assertEquals("003B", drift.sourceId());
        assertEquals(List.of(new FieldDifference("Email", FieldValues.checksum("t.hardy@elsewhere.com"), FieldValues.checksum("tom@hardy.io"),
                "target snapshot")), drift.differences());
        assertFalse(drift.toString().contains("elsewhere"), "values are reported as checksums only");
        assertEquals(List.of("FirstName"), only(report, "out_of_sync").differences().stream().map(FieldDifference::field).toList());
        final Finding deleted = only(report, "deleted_in_target");
        assertEquals(salesforce.get("003E"), deleted.goldenId());
        assertEquals("81", deleted.targetId(), "the id Maria's deleted record had in HubSpot");
        assertEquals("the store's cross-reference holds its record in hubspot", deleted.reason());
        assertEquals("003C", only(report, "never_written").sourceId());

        assertEquals(5, report.coverage().firstMembers());
        assertEquals(4, report.coverage().inBoth());
        assertEquals(1, report.coverage().onlyInFirst(), "the store's own view: Wei has no HubSpot record");
    }

    @Test
    void aTargetThatMatchesTheSyncIsConsistent() {
        final Reconciler reconciler = new Reconciler(store, new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID,
                Set.of(), false, 100));
        reconciler.add(row("77", "firstname", "Ann", "email", "ann@lee.org"));
        reconciler.add(row("79", "firstname", "Tom", "email", "tom@hardy.io"));
        reconciler.add(row("81", "firstname", "Maria"));
        reconciler.add(row("82", "firstname", "Olu", "email", "olu@okafor.ng"));
        final ReconciliationReport report = reconciler.finish(null);
        assertEquals(3, report.count(RecordOutcome.IN_SYNC), "Olu's source change is not looked at without Compare With Source");
        assertEquals(1, report.count(RecordOutcome.UNVERIFIED), "no snapshot of Maria");
        assertEquals(1, report.missingInTarget());
        assertFalse(report.consistent(), "Wei is missing");
    }

    @Test
    void linksByTheGoldenIdATargetTableCarriesAndFindsDuplicates() {
        final Reconciler reconciler = new Reconciler(store, new Reconciler.Settings("salesforce", "warehouse", Reconciler.LinkMode.GOLDEN_ID,
                Set.of(), true, 100));
        reconciler.add(row(salesforce.get("003A"), "first_name", "Ann", "e_mail", "ann@lee.org"));
        reconciler.add(row(salesforce.get("003B"), "first_name", "Tom"));
        reconciler.add(row(salesforce.get("003C"), "first_name", "Wei"));
        reconciler.add(row(salesforce.get("003E"), "first_name", "Maria"));
        reconciler.add(row(salesforce.get("003F"), "first_name", "Olu"));
        reconciler.add(row(salesforce.get("003A"), "first_name", "Ann"));
        reconciler.add(row(salesforce.get("003B"), "nickname", "Tommy"));
        final ReconciliationReport report = reconciler.finish(Conservation.of(8, Map.of("written", 7L)));
        assertEquals(3, report.count(RecordOutcome.IN_SYNC), "Ann twice and Tom agree with what was read from Salesforce");
        assertEquals(1, report.count(RecordOutcome.OUT_OF_SYNC), "Olu was renamed in Salesforce");
        assertEquals(3, report.count(RecordOutcome.UNVERIFIED), "Wei and Maria have no snapshot; the nickname is in no snapshot");
        assertEquals(2, report.duplicatesInTarget());
        assertEquals(Set.of(salesforce.get("003A"), salesforce.get("003B")), Set.copyOf(report.findings().stream()
                .filter(finding -> finding.outcome().equals("duplicate_in_target")).map(Finding::goldenId).toList()));
        assertEquals(0, report.missingInTarget());
        assertFalse(report.conservation().balanced());
        assertEquals("8 read ≠ 7 written (1 unaccounted)", report.conservation().equation());
    }

    /**
     * Linked by golden id, a target the sync only writes to (no record of it in the store's cross-reference, as the
     * people CRM of a cutover) is not known to the store: its coverage's 0 is no count of it. A target the store does
     * hold records of (HubSpot, read by a two-way sync) is known also when linked by golden id, and by target id always.
     */
    @Test
    void aTargetWithoutRecordsInTheStoreIsNotKnownToItWhenLinkedByGoldenId() {
        final Reconciler unknown = new Reconciler(store, new Reconciler.Settings("salesforce", "warehouse", Reconciler.LinkMode.GOLDEN_ID,
                Set.of(), true, 100));
        unknown.add(row(salesforce.get("003A"), "first_name", "Ann"));
        final ReconciliationReport warehouse = unknown.finish(null);
        assertFalse(warehouse.targetKnownToStore());
        assertEquals(0, warehouse.coverage().secondMembers(), "what the store's cross-reference says of the warehouse: nothing");
        assertEquals(5, warehouse.coverage().firstMembers());

        final Reconciler known = new Reconciler(store, new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.GOLDEN_ID,
                Set.of(), true, 100));
        known.add(row(salesforce.get("003A"), "first_name", "Ann"));
        final ReconciliationReport hubspot = known.finish(null);
        assertTrue(hubspot.targetKnownToStore());
        assertEquals(4, hubspot.coverage().inBoth());

        final Reconciler byTargetId = new Reconciler(store, new Reconciler.Settings("salesforce", "warehouse", Reconciler.LinkMode.TARGET_ID,
                Set.of(), true, 100));
        byTargetId.add(row("w1", "first_name", "Ann"));
        assertTrue(byTargetId.finish(null).targetKnownToStore(), "linked by its own ids, a target the store has none of is empty there");
    }

    @Test
    void listsAtMostTheLimitButCountsEverything() {
        final Reconciler reconciler = new Reconciler(store, new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID,
                Set.of(), true, 2));
        for (int row = 0; row < 1200; row++) {
            reconciler.add(row("unknown-" + row, "firstname", "X"));
        }
        final ReconciliationReport report = reconciler.finish(null);
        assertEquals(1200, report.count(RecordOutcome.NOT_IN_STORE), "across several lookup batches");
        assertEquals(2, report.findings().stream().filter(finding -> finding.outcome().equals("not_in_store")).count());
        assertEquals(5, report.missingInTarget());
    }

    /**
     * A target that writes times and decimals its own way (Salesforce's 2024-03-01T09:30:00.000+0000, 12.50) holds what the
     * sync wrote (the snapshot's 2024-03-01T09:30:00Z, 12.5): in sync, not drifted, as the sync itself reads it back.
     */
    @Test
    void aValueInTheTargetsOwnSpellingIsInSync() throws dev.nificrm.store.StoreConflictException {
        final String tom = salesforce.get("003B");
        // the sync's next write of Tom to HubSpot: version 1 after the one seeded
        final dev.nificrm.store.ChangeSet written = new dev.nificrm.store.ChangeSet(-1, store.readMark());
        written.putSnapshot(tom, "hubspot", "{\"firstname\":\"Tom\",\"email\":\"tom@hardy.io\",\"last_contacted\":\"2024-03-01T09:30:00Z\","
                + "\"amount\":\"12.5\",\"interests\":\"[\\\"golf\\\",\\\"tennis\\\"]\"}", 1);
        store.write(written).commit();
        final Reconciler reconciler = new Reconciler(store, SETTINGS);
        final Map<String, TargetRecord.NamedValue> fields = new HashMap<>();
        fields.put("firstname", new TargetRecord.NamedValue("FirstName", FieldValues.canonical("Tom")));
        fields.put("lastcontacted", new TargetRecord.NamedValue("LastContacted", FieldValues.canonical("2024-03-01T09:30:00.000+0000")));
        fields.put("amount", new TargetRecord.NamedValue("Amount", FieldValues.canonical("12.50")));
        fields.put("interests", new TargetRecord.NamedValue("Interests", FieldValues.canonical(new Object[] {"golf", "tennis"})));
        reconciler.add(new TargetRecord("79", fields));
        final ReconciliationReport report = reconciler.finish(Conservation.of(1, Map.of("written", 1L)));
        assertEquals(0, report.count(RecordOutcome.DRIFTED), report.findings().toString());
        assertEquals(1, report.count(RecordOutcome.IN_SYNC));
    }

    /** A multi-select's options in the target's own order (HubSpot's Tennis;Golf) are what the sync kept (Golf;Tennis): in sync. */
    @Test
    void multiSelectOptionsInTheTargetsOrderAreInSync() throws dev.nificrm.store.StoreConflictException {
        final String tom = salesforce.get("003B");
        final dev.nificrm.store.ChangeSet written = new dev.nificrm.store.ChangeSet(-1, store.readMark());
        written.putSnapshot(tom, "hubspot", "{\"firstname\":\"Tom\",\"interests__c\":\"Golf;Tennis\"}", 1);
        store.write(written).commit();
        final Reconciler.Settings settings = new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID, Set.of(), true, 100,
                MultiSelectFields.of(Set.of(FieldValues.normalizeName("Interests__c")), ";"));
        final Reconciler reconciler = new Reconciler(store, settings);
        reconciler.add(row("79", "FirstName", "Tom", "Interests__c", "Tennis; Golf"));
        final ReconciliationReport report = reconciler.finish(Conservation.of(1, Map.of("written", 1L)));
        assertEquals(1, report.count(RecordOutcome.IN_SYNC), report.findings().toString());
    }

    /**
     * A multi-select not named in Multi-Select Fields (named in MergeCRMRecord's only) whose options the target returns in
     * another order is drift, compared as text, but the finding says why: the same options in another order. Values that
     * truly differ get no hint: other options, another spelling of one. The same options in the same order spaced
     * otherwise around the delimiter get a hint of their own.
     */
    @Test
    void theSameOptionsInAnotherOrderAreDriftWithAHint() throws dev.nificrm.store.StoreConflictException {
        final dev.nificrm.store.ChangeSet written = new dev.nificrm.store.ChangeSet(-1, store.readMark());
        written.putSnapshot(salesforce.get("003A"), "hubspot", "{\"firstname\":\"Ann\",\"interests__c\":\"Golf;Tennis\","
                + "\"tags\":[\"vip\",\"press\"],\"regions\":\"EMEA|APAC\"}", 1);
        written.putSnapshot(salesforce.get("003B"), "hubspot", "{\"firstname\":\"Tom\",\"interests__c\":\"Tennis;Golf;Chess\","
                + "\"tags\":[\"vip\",\"press\"],\"regions\":\"EMEA|APAC\"}", 1);
        written.putSnapshot(salesforce.get("003F"), "hubspot", "{\"firstname\":\"Olu\",\"interests__c\":\"Golf;Tennis\"}", 1);
        store.write(written).commit();
        final Reconciler reconciler = new Reconciler(store, new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID,
                Set.of(), false, 100));
        reconciler.add(row("77", "FirstName", "Ann", "Interests__c", "Tennis ;Golf", "tags", "[\"press\",\"vip\"]", "regions", "APAC|EMEA"));
        reconciler.add(row("79", "FirstName", "Tom", "Interests__c", "Chess;Golf", "tags", "[\"vip\",\"press\",\"new\"]", "regions", "EMEA;APAC"));
        reconciler.add(row("82", "FirstName", "Olu", "Interests__c", "Golf ; Tennis"));
        final ReconciliationReport report = reconciler.finish(null);
        assertEquals(3, report.count(RecordOutcome.DRIFTED), "compared as text");

        final Map<String, String> ann = hints(report, "77");
        assertEquals(Reconciler.OPTIONS_IN_ANOTHER_ORDER, ann.get("Interests__c"), "split on ; and trimmed, as the sync reads options");
        assertEquals(Reconciler.OPTIONS_IN_ANOTHER_ORDER, ann.get("tags"), "a list's elements in another order");
        assertTrue(ann.containsKey("regions"));
        assertNull(ann.get("regions"), "| is no delimiter here: one option, spelled otherwise");
        final Map<String, String> tom = hints(report, "79");
        assertEquals(3, tom.size());
        assertTrue(tom.values().stream().allMatch(java.util.Objects::isNull), "an option dropped, one added, another delimiter: no hint");
        assertEquals(Map.of("Interests__c", Reconciler.OPTIONS_SPACED_OTHERWISE), hints(report, "82"), "the same order, other spaces");

        final Reconciler pipes = new Reconciler(store, new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID,
                Set.of(), false, 100, MultiSelectFields.of(Set.of("interests"), "|")));
        pipes.add(row("77", "FirstName", "Ann", "regions", "APAC|EMEA", "Interests__c", "Tennis;Golf"));
        final Map<String, String> configured = hints(pipes.finish(null), "77");
        assertEquals(Reconciler.OPTIONS_IN_ANOTHER_ORDER, configured.get("regions"), "split on the configured delimiter");
        assertTrue(configured.containsKey("Interests__c"));
        assertNull(configured.get("Interests__c"), "; is not the configured delimiter");
    }

    /**
     * Values that differ in the spacing around the delimiter only ({@code Golf ; Tennis} and {@code Golf;Tennis}) are one
     * value once the field is named in Multi-Select Fields, whose options are trimmed: the finding says so. Other options
     * get no hint.
     */
    @Test
    void theSameOptionsSpacedOtherwiseAroundTheDelimiterAreDriftWithAHint() throws dev.nificrm.store.StoreConflictException {
        final dev.nificrm.store.ChangeSet written = new dev.nificrm.store.ChangeSet(-1, store.readMark());
        written.putSnapshot(salesforce.get("003A"), "hubspot", "{\"firstname\":\"Ann\",\"interests__c\":\"Golf;Tennis;Chess\","
                + "\"tags\":[\"vip\",\"press\"],\"regions\":\"EMEA|APAC\"}", 1);
        written.putSnapshot(salesforce.get("003B"), "hubspot", "{\"firstname\":\"Tom\",\"interests__c\":\"Golf\",\"regions\":\"EMEA|APAC\"}", 1);
        written.putSnapshot(salesforce.get("003F"), "hubspot", "{\"firstname\":\"Olu\",\"interests__c\":\"Golf;Tennis\"}", 1);
        store.write(written).commit();
        final Reconciler reconciler = new Reconciler(store, new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID,
                Set.of(), false, 100));
        reconciler.add(row("77", "FirstName", "Ann", "Interests__c", "Golf ; Tennis;  Chess ", "tags", "[\" vip\",\"press\"]",
                "regions", "EMEA | APAC"));
        reconciler.add(row("79", "FirstName", "Tom", "Interests__c", "Golf ", "regions", "EMEA | ASIA"));
        reconciler.add(row("82", "FirstName", "Olu", "Interests__c", "Golf ; Tenis"));
        final ReconciliationReport report = reconciler.finish(null);
        assertEquals(3, report.count(RecordOutcome.DRIFTED), "compared as text");

        final Map<String, String> ann = hints(report, "77");
        assertEquals(Reconciler.OPTIONS_SPACED_OTHERWISE, ann.get("Interests__c"));
        assertEquals(Reconciler.OPTIONS_SPACED_OTHERWISE, ann.get("tags"), "a list's elements are trimmed too");
        assertTrue(ann.containsKey("regions"));
        assertNull(ann.get("regions"), "| is no delimiter here");
        final Map<String, String> tom = hints(report, "79");
        assertEquals(java.util.Collections.singletonMap("regions", null), tom, "one option spaced otherwise is the same value; another option: no hint");
        assertEquals(java.util.Collections.singletonMap("Interests__c", null), hints(report, "82"), "an option spelled otherwise: no hint");

        final Reconciler pipes = new Reconciler(store, new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID,
                Set.of(), false, 100, MultiSelectFields.of(Set.of("interests"), "|")));
        pipes.add(row("77", "FirstName", "Ann", "regions", "EMEA | APAC", "Interests__c", "Golf;Tennis;Chess"));
        final Map<String, String> configured = hints(pipes.finish(null), "77");
        assertEquals(Reconciler.OPTIONS_SPACED_OTHERWISE, configured.get("regions"), "split on the configured delimiter");
    }

    /** The hint of each differing field of a target record's finding, by field. */
    private static Map<String, String> hints(final ReconciliationReport report, final String targetId) {
        final Map<String, String> hints = new HashMap<>();
        for (final Finding finding : report.findings()) {
            if (targetId.equals(finding.targetId())) {
                finding.differences().forEach(difference -> hints.put(difference.field(), difference.hint()));
            }
        }
        return hints;
    }

    @Test
    void canonicalValuesAndNames() {
        assertEquals("firstname", FieldValues.normalizeName("First_Name"));
        assertEquals("42", FieldValues.canonical(42.0));
        assertEquals("42", FieldValues.canonical(" 42.00 "));
        assertEquals("02134", FieldValues.canonical("02134"), "a postcode keeps its zero");
        assertEquals("+14155550132", FieldValues.canonical("+14155550132"), "a phone number is not a number");
        assertNull(FieldValues.canonical("  "));
        assertEquals("2026-12-01T09:30:00Z", FieldValues.canonical(Timestamp.from(Instant.parse("2026-12-01T09:30:00Z"))));
        assertEquals("2026-12-01T09:30:00Z", FieldValues.canonical(java.time.OffsetDateTime.parse("2026-12-01T10:30:00+01:00")),
                "a time with an offset is its instant, as the sync keeps it");
        assertEquals(8, FieldValues.checksum("ann@lee.org").length());
    }

    /**
     * Records that could not be read as configured are counted as failure, not compared and not counted without an id; the
     * entity one of them names (read otherwise) is neither missing in the target nor made a duplicate of the record of it
     * that was read, and the reason is listed with it. Linked by golden id: Wei's entity is named by a failed record and
     * read in another, Maria's only by a failed record, so neither is missing; Olu's is, as before.
     */
    @Test
    void countsRecordsThatCouldNotBeReadAsFailureAndKeepsTheirEntitiesOutOfTheMissingOnes() {
        final Reconciler reconciler = new Reconciler(store, new Reconciler.Settings("salesforce", "warehouse", Reconciler.LinkMode.GOLDEN_ID,
                Set.of(), false, 100));
        reconciler.add(row(salesforce.get("003A"), "FirstName", "Ann"));
        reconciler.add(TargetRecord.unreadable(salesforce.get("003C"), "record 2: Golden ID Field: /golden[./kind = 'crm']/id selects nothing"));
        reconciler.add(row(salesforce.get("003C"), "FirstName", "Wei"));
        reconciler.add(TargetRecord.unreadable(null, "record 4: Golden ID Field: /golden[./kind = 'crm']/id selects nothing"));
        reconciler.add(row(salesforce.get("003B"), "FirstName", "Tom"));
        reconciler.add(TargetRecord.unreadable(salesforce.get("003E"), "record 6: Golden ID Field: /golden[./kind = 'crm']/id selects nothing"));
        final ReconciliationReport report = reconciler.finish(null);

        assertEquals(6, report.targetRecords());
        assertEquals(3, report.count(RecordOutcome.FAILURE));
        assertEquals(0, report.count(RecordOutcome.NO_ID));
        assertEquals(3, report.count(RecordOutcome.UNVERIFIED), "Ann, Wei and Tom: no warehouse snapshot");
        assertEquals(0, report.duplicatesInTarget(), "Wei's record is the only one of her entity that was read");
        assertEquals(1, report.missingInTarget(), "Olu: Maria's record is there, only not compared");
        assertFalse(report.consistent());
        final List<Finding> failures = report.findings().stream().filter(finding -> finding.outcome().equals("failure")).toList();
        assertEquals(List.of("record 2: Golden ID Field: /golden[./kind = 'crm']/id selects nothing",
                "record 4: Golden ID Field: /golden[./kind = 'crm']/id selects nothing",
                "record 6: Golden ID Field: /golden[./kind = 'crm']/id selects nothing"), failures.stream().map(Finding::reason).toList());
        assertEquals(salesforce.get("003C"), failures.getFirst().goldenId());
        assertNull(failures.getFirst().targetId(), "linked by golden id: no id in the target");
        assertNull(failures.get(1).goldenId());
    }

    /**
     * Linked by golden id to a people CRM the sync writes to and the store holds no cross-reference of, the entities the
     * table lacks are told apart by the sync's snapshot in people: one it read there (row p-5), one it deleted there (a
     * tombstone) and one it wrote and never read back are deleted in the target, each with what the snapshot shows;
     * Priya's, without a snapshot, was never written. Each finding names where its evidence came from.
     */
    @Test
    void linkedByGoldenIdTheSyncsSnapshotInTheTargetTellsADeletedRecordFromOneNeverWritten() {
        SyncedStores.snapshot(store, salesforce.get("003C"), "people", "{\"firstname\":\"Wei\",\"crm_row\":\"p-5\"}");
        SyncedStores.snapshot(store, salesforce.get("003E"), "people", "{\"firstname\":\"Maria\",\"crm_deleted\":true,\"crm_written\":1764579600000}");
        SyncedStores.snapshot(store, salesforce.get("003F"), "people", "{\"firstname\":\"Olu\",\"crm_written\":1764579600000}");
        final Map<String, String> more = SyncedStores.link(store, "salesforce",
                new String[] {"003G", "Priya", "Raman", "priya@raman.in", "(408) 555-0177", "1988-08-08"});
        final Reconciler reconciler = new Reconciler(store, new Reconciler.Settings("salesforce", "people", Reconciler.LinkMode.GOLDEN_ID,
                Set.of(), true, 100));
        reconciler.add(row(salesforce.get("003A"), "firstname", "Ann"));
        reconciler.add(row(salesforce.get("003B"), "firstname", "Tom"));
        final ReconciliationReport report = reconciler.finish(null);

        assertFalse(report.targetKnownToStore(), "no cross-reference of people: the evidence is the snapshots alone");
        assertEquals(4, report.missingInTarget());
        assertEquals(3, report.deletedInTarget(), "Wei, Maria and Olu have a snapshot in people");
        assertEquals(1, report.neverWritten(), "Priya");
        final Map<String, Finding> deleted = new HashMap<>();
        for (final Finding finding : report.findings()) {
            if (finding.outcome().equals("deleted_in_target")) {
                deleted.put(finding.sourceId(), finding);
            }
        }
        assertEquals(Set.of("003C", "003E", "003F"), deleted.keySet());
        assertEquals("p-5", deleted.get("003C").targetId(), "the row the sync read there");
        assertEquals("the sync's snapshot of it in people: the sync read its record there", deleted.get("003C").reason());
        assertEquals("the sync's snapshot of it in people is a deletion: the sync deleted its record there, or read it deleted",
                deleted.get("003E").reason());
        assertNull(deleted.get("003F").targetId());
        assertEquals("the sync's snapshot of it in people: the sync wrote its record there and has not read it back since; deleted there, "
                + "or its write did not land (load-failed)", deleted.get("003F").reason());
        final Finding neverWritten = only(report, "never_written");
        assertEquals(more.get("003G"), neverWritten.goldenId());
        assertEquals("the store holds no cross-reference and no snapshot of it in people", neverWritten.reason());
    }

    /**
     * Linked by target id, the cross-reference stays the first evidence (Maria's HubSpot record 81); an entity the store
     * holds a HubSpot snapshot of and no cross-reference (the sync's insert, not read back yet) is deleted in the target
     * too, its reason naming the other possibility of that link: a record there under an id the store does not know yet.
     */
    @Test
    void linkedByTargetIdTheCrossReferenceComesFirstAndASnapshotAloneNamesTheRecordNotInStore() {
        SyncedStores.snapshot(store, salesforce.get("003C"), "hubspot", "{\"firstname\":\"Wei\",\"crm_written\":1764579600000}");
        SyncedStores.snapshot(store, salesforce.get("003E"), "hubspot", "{\"firstname\":\"Maria\",\"crm_row\":\"81\"}");
        final Reconciler reconciler = new Reconciler(store, new Reconciler.Settings("salesforce", "hubspot", Reconciler.LinkMode.TARGET_ID,
                Set.of(), true, 100));
        reconciler.add(row("77", "firstname", "Ann"));
        reconciler.add(row("79", "firstname", "Tom"));
        reconciler.add(row("82", "firstname", "Olu"));
        final ReconciliationReport report = reconciler.finish(null);

        assertEquals(2, report.missingInTarget());
        assertEquals(2, report.deletedInTarget());
        assertEquals(0, report.neverWritten());
        final Map<String, Finding> deleted = new HashMap<>();
        for (final Finding finding : report.findings()) {
            if (finding.outcome().equals("deleted_in_target")) {
                deleted.put(finding.sourceId(), finding);
            }
        }
        assertEquals("the store's cross-reference holds its record in hubspot", deleted.get("003E").reason());
        assertEquals("81", deleted.get("003E").targetId());
        assertEquals("the sync's snapshot of it in hubspot: the sync wrote its record there and has not read it back since; deleted there, "
                + "or its write did not land (load-failed), or it is there under an id the store does not know yet (not_in_store)",
                deleted.get("003C").reason());
    }

    private static Finding only(final ReconciliationReport report, final String kind) {
        final List<Finding> found = report.findings().stream().filter(finding -> finding.outcome().equals(kind)).toList();
        assertEquals(1, found.size(), kind + ": " + report.findings());
        return found.getFirst();
    }
}
