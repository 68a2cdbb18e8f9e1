package dev.nificrm.store;

/**
 * The entity store contract and PostgreSQL's own cases with {@code prepareThreshold=-1} in the pool's URL, as the
 * PostgreSQLEntityStore page recommends: the driver prepares every statement on the server before its first run and
 * reads the results in binary (bytea as bytes, not hex text).
 */
class PostgresEntityStoreServerPreparedTest extends PostgresEntityStoreTest {
    @Override
    protected String urlOptions() {
        return "prepareThreshold=-1";
    }
}
