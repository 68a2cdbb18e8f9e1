package dev.nificrm.store;

import dev.nificrm.RunsOnly;

/**
 * The entity store contract and PostgreSQL's own cases with {@code prepareThreshold=-1} in the pool's URL, as the
 * PostgreSQLEntityStore page recommends: the driver prepares every statement on the server before its first run and
 * reads the results in binary (bytea as bytes, not hex text). What that changes is how each statement is sent and how
 * its results are read, not what the store does with them; so the cases run here are those that together send every
 * statement the suite sends (138 distinct statements, the migrations' among them, counted on a connection recording
 * them, literals and lists of parameters taken as one), the rest run in {@link PostgresEntityStoreTest} alone: before,
 * all 70 ran twice, 35 s of a 5-minute module on CI. Kept besides: a node behind a compacting erasure reading the key
 * log and its base (bytea, the reads the page's allocation figures are about). A case added to the suite that sends a
 * statement none of these sends belongs in the list.
 */
@RunsOnly({
    "anyTextRoundTripsThroughTheStore",
    "migratingAStoreReadsItsSourceIdsByOneRuleAndMergesTheCustomersOfOneRecord",
    "migratingAStoreReadsItsSnapshotsRowIdsByOneRule",
    "anotherNodeReadsAnErasedMemberAsNone",
    "snapshotsAreKeptPerSystemWithVersionsAndAStaleWriteIsRefused",
    "matchingTheStoreAloneANewRecordFindsAStoredCustomerWhoseRecordIsInTheSameFlowFile",
    "aClaimedWebhookSignatureIsAReplayOnEveryNodeUntilItExpires",
    "coverageCountsAndListsTheEntitiesEachSystemIsMissing",
    "anErasedCustomerSplitFromAnotherLeavesNoSourceIdInItsSnapshots",
    "companiesStoredBeforeHtmlEntitiesWereReadAreFoundByTheirName",
    "reviewDecisionsLinkMergeSplitAndKeepApart",
    "anErasureNotCompactingLeavesItsKeysToTheNextCompactionEvenWithNoLaterWrite",
    "twoMatchersOfDifferentFieldsKeepEachOthersRulesWithoutKeyingAgain",
    "nodesBehindAndAheadOfACompactingErasureCatchUpAndKeepEveryOtherCustomer"
})
class PostgresEntityStoreServerPreparedTest extends PostgresEntityStoreTest {
    @Override
    protected String urlOptions() {
        return "prepareThreshold=-1";
    }
}
