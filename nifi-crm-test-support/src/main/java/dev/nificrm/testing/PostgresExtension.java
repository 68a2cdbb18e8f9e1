package dev.nificrm.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * Gives tests a real PostgreSQL: the JVM's {@link PostgresServer#shared() shared server}, started on first use and
 * stopped when the test run ends (also when tests fail), and a fresh empty database per test class. Test methods,
 * constructors and {@code @BeforeAll}/{@code @BeforeEach} methods declare what they need as parameters:
 * <ul>
 *     <li>{@link PostgresDatabase} or {@link DataSource}: the test class's own database, created on first use and
 *     shared by that class's tests (a {@code @Nested} class gets its own);</li>
 *     <li>{@link PostgresServer}: the server itself, e.g. for {@link PostgresServer#createDatabase(String)}.</li>
 * </ul>
 * <pre>
 * &#64;ExtendWith(PostgresExtension.class)
 * class EntityStoreTest {
 *     &#64;Test
 *     void storesAnEntity(final DataSource dataSource) throws SQLException { ... }
 * }
 * </pre>
 * If the server cannot start, the tests that asked for it fail with the reason; they are never skipped.
 */
public final class PostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext) {
        final Class<?> type = parameterContext.getParameter().getType();
        return type == PostgresServer.class || type == PostgresDatabase.class || type == DataSource.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext) {
        final Class<?> type = parameterContext.getParameter().getType();
        final PostgresServer server = server(extensionContext);
        if (type == PostgresServer.class) {
            return server;
        }
        final PostgresDatabase database = classDatabase(extensionContext, server);
        return type == DataSource.class ? database.dataSource() : database;
    }

    /** Starts the shared server at most once per test run and has the run's end stop it. */
    private static PostgresServer server(final ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(SharedServerStop.class);
        return PostgresServer.shared();
    }

    private static PostgresDatabase classDatabase(final ExtensionContext context, final PostgresServer server) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        final String label = classContext.getRequiredTestClass().getSimpleName();
        return classContext.getStore(NAMESPACE).computeIfAbsent(PostgresDatabase.class, key -> {
            try {
                return server.createDatabase(label);
            } catch (final SQLException e) {
                throw new ParameterResolutionException("Could not create a database for " + label + " on " + server + ": " + e.getMessage(), e);
            }
        }, PostgresDatabase.class);
    }

    /** Kept in the root store, which closes it when the test run ends (before the JVM's shutdown hooks). */
    static final class SharedServerStop implements AutoCloseable {
        @Override
        public void close() {
            PostgresServer.stopShared();
        }
    }
}
