package dev.nificrm.store;

/**
 * Nodes sharing a PostgreSQL store (catching up from the key log and its base, compacting, erasing) with
 * {@code prepareThreshold=-1} in the pool's URL, as the PostgreSQLEntityStore page recommends: every statement prepared
 * on the server before its first run, the key log and its base read as bytes.
 */
class PostgresNodesServerPreparedTest extends PostgresNodesTest {
    @Override
    protected String urlOptions() {
        return "prepareThreshold=-1";
    }
}
