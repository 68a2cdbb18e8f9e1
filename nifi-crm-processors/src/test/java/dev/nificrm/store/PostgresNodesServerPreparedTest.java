package dev.nificrm.store;

import dev.nificrm.RunsOnly;

/**
 * Nodes sharing a PostgreSQL store (catching up from the key log and its base, compacting, erasing) with
 * {@code prepareThreshold=-1} in the pool's URL, as the PostgreSQLEntityStore page recommends: every statement prepared
 * on the server before its first run, the key log and its base read as bytes. The cases run here are those that together
 * send every statement the suite sends (110 distinct statements, counted on a connection recording them, literals and
 * lists of parameters taken as one), and a node behind a compaction or restarted after one reading the base; the rest run
 * in {@link PostgresNodesTest} alone (before, all 33 ran twice, 23 s of a 5-minute module on CI). A case added to the
 * suite that sends a statement none of these sends belongs in the list.
 */
@RunsOnly({
    "aNodeThatBuildsItsIndexFromACompactedLogHoldsTheLogAndWritesAtOnce",
    "aNodeBehindAWriteThatOnlyMovedErasedCustomersTakesTheErasureInWithoutBuildingItsIndexAgain",
    "aNodeBehindARenameIntoABlockAtTheListedLimitAndOutAgainHoldsWhatAFreshBuildDoes",
    "aNodeBehindACompactionOrRestartedAfterOneFindsEveryCustomer"
})
class PostgresNodesServerPreparedTest extends PostgresNodesTest {
    @Override
    protected String urlOptions() {
        return "prepareThreshold=-1";
    }
}
