package dev.nificrm.processors;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link UsagePage} reads the forms in which the bundle's usage pages present properties, relationships and defaults. */
class UsagePageTest {
    private static final Set<String> PROPERTIES = Set.of("Secret", "Previous Secret", "Key Index Catch-Up Interval", "Key Log Compaction",
            "Include Lineage", "Lineage Field", "Errors Field", "Unmapped Fields");

    @Test
    void readsPropertyTablesWithTheirDefaults() {
        final UsagePage page = new UsagePage("Merge", """
                | Property | Default | Meaning |
                |---|---|---|
                | Record Reader / Record Writer | | how the FlowFile is read and written |
                | Include Lineage / Lineage Field | true / `crm_lineage` | added to merged records |
                | Timestamp Tolerance (signing schemes) | 5 min | how far the timestamp may lie from now |

                | Field | Default | Meaning |
                |---|---|---|
                | run_id | `default` | a field, not a property |
                """);
        assertEquals(List.of(
                new UsagePage.Statement("Merge", "Record Reader", "", true, "| Record Reader / Record Writer | | how the FlowFile is read and written |"),
                new UsagePage.Statement("Merge", "Record Writer", "", true, "| Record Reader / Record Writer | | how the FlowFile is read and written |"),
                new UsagePage.Statement("Merge", "Include Lineage", "true", true, "| Include Lineage / Lineage Field | true / `crm_lineage` | added to merged records |"),
                new UsagePage.Statement("Merge", "Lineage Field", "crm_lineage", true, "| Include Lineage / Lineage Field | true / `crm_lineage` | added to merged records |"),
                new UsagePage.Statement("Merge", "Timestamp Tolerance", "5 min", true, "| Timestamp Tolerance (signing schemes) | 5 min | how far the timestamp may lie from now |")),
                page.statements(PROPERTIES));
    }

    /** The properties a page's tables present, with their defaults: what the bundle test holds against the component's whole list. */
    @Test
    void listsThePropertiesOfItsTablesWithTheDefaultEachRowStates() {
        final UsagePage page = new UsagePage("Map", """
                | Property | Values | Meaning |
                |---|---|---|
                | Record Reader / Record Writer | services | how the FlowFile is read and written |
                | Unmapped Fields | Drop (`drop`, default), Keep (`keep`) | source fields no target reads |
                | Neutralize Spreadsheet Formulas | `true`, `false`; default `false` | formulas |

                The *Errors Field* (default `crm_errors`) is named in prose only.
                """);
        final Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Record Reader", null);
        expected.put("Record Writer", null);
        expected.put("Unmapped Fields", "drop");
        expected.put("Neutralize Spreadsheet Formulas", "false");
        assertEquals(expected, page.tableProperties());
        assertEquals(Map.of(), new UsagePage("Erase", "*Errors Field* (default `crm_errors`)").tableProperties());
    }

    @Test
    void readsTheDefaultMarkedAmongTheValuesOfATableWithoutDefaultColumn() {
        final UsagePage page = new UsagePage("Map", """
                | Property | Values | Meaning |
                |---|---|---|
                | Unmapped Fields | Drop (`drop`, default), Keep (`keep`) | source fields no target reads |
                | Errors Field | default `crm_errors` | the reasons |
                | Mapping Specification | JSON | extends the presets |
                """);
        assertEquals(List.of("Unmapped Fields=drop", "Errors Field=crm_errors", "Mapping Specification=null"),
                page.statements(PROPERTIES).stream().map(statement -> statement.property() + "=" + statement.statedDefault()).toList());
    }

    @Test
    void readsDefaultsStatedInProseForKnownPropertiesAndTheOwnerNamedBeforeThem() {
        final UsagePage page = new UsagePage("Erase", """
                With *Key Log Compaction* **At Every Erasure** (the default), the log is compacted; other nodes forget within
                PostgreSQLEntityStore's Key Index Catch-Up Interval, 1 min by default. The reason goes to the *Errors Field*
                (`crm_errors` by default). The Previous Secret (default none) is not the Secret.
                """);
        assertEquals(Set.of("Erase: Key Log Compaction=At Every Erasure", "PostgreSQLEntityStore: Key Index Catch-Up Interval=1 min",
                        "Erase: Errors Field=crm_errors", "Erase: Previous Secret=none"),
                page.statements(PROPERTIES).stream().filter(UsagePage.Statement::statesDefault)
                        .map(statement -> statement.owner() + ": " + statement.property() + "=" + statement.statedDefault())
                        .collect(Collectors.toSet()));
    }

    @Test
    void presentsAMarkedNameWithADefaultAsAProperty() {
        final UsagePage page = new UsagePage("Store", "4. **Key Index Folder** (default `./state`): where the index is kept; "
                + "its *Yield Duration*, 1 sec by default, is NiFi's.");
        final List<UsagePage.Statement> presented = page.statements(PROPERTIES).stream().filter(UsagePage.Statement::presentsProperty).toList();
        assertEquals(List.of("Key Index Folder"), presented.stream().map(UsagePage.Statement::property).toList());
    }

    @Test
    void namesARelationshipOnlyWhereThePageMarksItAsOne() {
        final UsagePage page = new UsagePage("Track", """
                Track ─success─▶ done
                      │progress─▶ log
                | summary | one per run |
                Records that fail go to `failure`; the **report** holds the rest. An original idea.
                """);
        for (final String relationship : List.of("success", "progress", "summary", "failure", "report")) {
            assertTrue(page.namesRelationship(relationship), relationship);
        }
        assertFalse(page.namesRelationship("original"));
        assertFalse(page.namesRelationship("fail"));
    }

    @Test
    void mentionsAPropertyOnlyAsWholeWordsInItsCase() {
        final UsagePage page = new UsagePage("Reconcile", "compares them with the entity store; the Record Readers");
        assertFalse(page.mentions("Entity Store"));
        assertFalse(page.mentions("Record Reader"));
        assertTrue(page.mentions("Record Readers"));
    }

    @Test
    void mentionsAnAttributeOfManyNamesByTheStartTheyShare() {
        final UsagePage page = new UsagePage("Reconcile", "the counts (`crm.progress.outcome.written.count` and so on)");
        assertTrue(page.mentionsAWordStartingWith("crm.progress.outcome."));
        assertFalse(page.mentionsAWordStartingWith("crm.progress.outcomes."));
        assertFalse(page.mentions("crm.progress.outcome."));
    }
}
