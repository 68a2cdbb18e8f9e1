package dev.nificrm.testing;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

/**
 * One database of a test {@link PostgresServer}: what a test or a NiFi DBCPConnectionPool needs to connect to it.
 *
 * @param name     the database name
 * @param jdbcUrl  {@code jdbc:postgresql://127.0.0.1:<port>/<name>}
 * @param user     the user to connect as (the superuser; trust authentication on loopback)
 * @param password the password, empty: trust authentication accepts any
 */
public record PostgresDatabase(String name, String jdbcUrl, String user, String password) {

    /** A new unpooled data source for this database (every {@code getConnection()} opens a connection). */
    public DataSource dataSource() {
        final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /**
     * This database as connections whose URL also carries the PostgreSQL driver's {@code options} (e.g.
     * {@code prepareThreshold=-1}), as an operator's pool URL may: {@code ?options}, or {@code &options} after others.
     */
    public PostgresDatabase withUrlOptions(final String options) {
        if (options.isEmpty()) {
            return this;
        }
        return new PostgresDatabase(name, jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + options, user, password);
    }
}
