package dev.nificrm.services;

import dev.nificrm.DataSourceConnectionPool;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.state.MockStateManager;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.util.MockControllerServiceInitializationContext;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.apache.nifi.components.ConfigVerificationResult.Outcome.FAILED;
import static org.apache.nifi.components.ConfigVerificationResult.Outcome.SKIPPED;
import static org.apache.nifi.components.ConfigVerificationResult.Outcome.SUCCESSFUL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NiFi's "Verify" of the two store services, as the UI calls it: on the disabled service, with its configured properties. */
@ExtendWith(PostgresExtension.class)
class EntityStoreVerificationTest {
    @TempDir
    Path directory;

    private static List<ConfigVerificationResult> verify(final TestRunner runner, final AbstractEntityStoreService service,
                                                         final Map<PropertyDescriptor, String> properties) {
        return service.verify(new MockConfigurationContext(service, properties, runner.getProcessContext().getControllerServiceLookup(), Map.of()),
                runner.getLogger(), Map.of());
    }

    private static void assertStep(final ConfigVerificationResult result, final String step, final ConfigVerificationResult.Outcome outcome,
                                   final String phrase) {
        assertEquals(step, result.getVerificationStepName());
        assertEquals(outcome, result.getOutcome(), result.getExplanation());
        assertTrue(result.getExplanation().contains(phrase), result.getExplanation());
    }

    @Test
    void embeddedStoreSaysWhatEnablingWillDo() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final EmbeddedEntityStore service = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", service);
        final Map<PropertyDescriptor, String> properties = Map.of(EmbeddedEntityStore.STORE_DIRECTORY, directory.resolve("store").toString());
        runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, directory.resolve("store").toString());

        final List<ConfigVerificationResult> fresh = verify(runner, service, properties);
        assertEquals(4, fresh.size());
        assertStep(fresh.get(0), "Store Directory", SUCCESSFUL, "enabling creates it");
        assertStep(fresh.get(1), "Store Database", SKIPPED, "enabling creates entity-store.db");
        assertStep(fresh.get(3), "Webhook Signatures", SKIPPED, "the first claim creates entity-store.db-signatures");

        runner.enableControllerService(service);
        service.getEntityStore();
        runner.disableControllerService(service);
        final List<ConfigVerificationResult> created = verify(runner, service, properties);
        assertStep(created.get(1), "Store Database", SUCCESSFUL, "0 customers");
        assertStep(created.get(2), "Key Index", SUCCESSFUL, "enabling opens it at once");
    }

    /**
     * On a node of a cluster each node's EmbeddedEntityStore is a store of its own (golden ids differ per node): Verify
     * fails a step saying so, and enabling warns (a bulletin on the node); on a standalone NiFi neither.
     */
    @Test
    void embeddedStoreOnAClusterNodeSaysToUsePostgreSQL() throws InitializationException {
        for (final boolean clustered : new boolean[] {false, true}) {
            final EmbeddedEntityStore service = new EmbeddedEntityStore();
            final MockComponentLog log = new MockComponentLog("entity-store", service);
            final MockControllerServiceInitializationContext initialization =
                    new MockControllerServiceInitializationContext(service, "entity-store", log, new MockStateManager(service));
            initialization.setConfiguredForClustering(clustered);
            service.initialize(initialization);
            final Map<PropertyDescriptor, String> properties = Map.of(EmbeddedEntityStore.STORE_DIRECTORY, directory.resolve("store-" + clustered).toString());
            final MockConfigurationContext context = new MockConfigurationContext(service, properties, initialization, Map.of());

            final List<ConfigVerificationResult> results = service.verify(context, log, Map.of());
            service.openStore(context);
            service.closeStore();

            final List<String> warnings = log.getWarnMessages().stream().map(LogMessage::getMsg).toList();
            if (clustered) {
                assertEquals(5, results.size());
                assertStep(results.get(4), "Cluster", FAILED, "Use PostgreSQLEntityStore");
                assertTrue(warnings.stream().anyMatch(warning -> warning.contains("a customer seen by two nodes gets two golden ids")), warnings.toString());
            } else {
                assertEquals(4, results.size());
                assertEquals(List.of(), warnings);
            }
        }
    }

    /**
     * A byte of the key index changed while the service was disabled: Verify says which file, and enabling builds the
     * index again with a warning (a bulletin) that names the file.
     */
    @Test
    void embeddedStoreFindsAKeyIndexChangedWhileDisabled() throws InitializationException, IOException {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final EmbeddedEntityStore service = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", service);
        final Path store = directory.resolve("store");
        final Map<PropertyDescriptor, String> properties = Map.of(EmbeddedEntityStore.STORE_DIRECTORY, store.toString());
        runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, store.toString());
        runner.enableControllerService(service);
        service.getEntityStore();
        runner.disableControllerService(service);

        final Path table = store.resolve("entity-store.db-keys").resolve("slots-16");
        final byte[] bytes = Files.readAllBytes(table);
        // in the middle of the table of 65,536 slots of 16 bytes (the file, mapped in segments of 64 MB, is longer: unused past it)
        bytes[(16 << 16) / 2] ^= 0x5A;
        Files.write(table, bytes);
        assertStep(verify(runner, service, properties).get(2), "Key Index", SUCCESSFUL, "was closed cleanly but its file slots-16 changed");

        runner.enableControllerService(service);
        final List<String> warnings = runner.getControllerServiceLogger("entity-store").getWarnMessages().stream().map(LogMessage::getMsg).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("its file slots-16 changed since the index was closed") && warnings.getFirst().contains("built again"),
                warnings.getFirst());
        runner.disableControllerService(service);
        assertStep(verify(runner, service, properties).get(2), "Key Index", SUCCESSFUL, "enabling opens it at once");
    }

    @Test
    void postgresStoreChecksItsConnectionPoolAndDatabase(final PostgresServer server) throws InitializationException, SQLException {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final PostgresDatabase database = server.createDatabase("verified");
        final ControllerService pool = new DataSourceConnectionPool(database.dataSource());
        runner.addControllerService("pool", pool);
        final PostgreSQLEntityStore service = new PostgreSQLEntityStore();
        runner.addControllerService("entity-store", service);
        final Map<PropertyDescriptor, String> properties = Map.of(PostgreSQLEntityStore.CONNECTION_POOL, "pool",
                PostgreSQLEntityStore.KEY_INDEX_DIRECTORY, directory.resolve("index").toString());
        runner.setProperty(service, PostgreSQLEntityStore.CONNECTION_POOL, "pool");
        runner.setProperty(service, PostgreSQLEntityStore.KEY_INDEX_DIRECTORY, directory.resolve("index").toString());

        runner.enableControllerService(pool);
        final List<ConfigVerificationResult> fresh = verify(runner, service, properties);
        assertStep(fresh.get(0), "Database Connection", SUCCESSFUL, "database " + database.name());
        assertStep(fresh.get(1), "Store Database", SKIPPED, "enabling creates its tables");

        runner.enableControllerService(service);
        service.getEntityStore();
        runner.disableControllerService(service);
        assertStep(verify(runner, service, properties).get(3), "Key Index", SUCCESSFUL, "enabling opens it at once");

        // a second flow's service on the same store and Key Index Directory (the shipped flows' default), the first enabled
        final PostgreSQLEntityStore secondFlows = new PostgreSQLEntityStore();
        runner.addControllerService("second-flows-entity-store", secondFlows);
        runner.setProperty(secondFlows, PostgreSQLEntityStore.CONNECTION_POOL, "pool");
        runner.setProperty(secondFlows, PostgreSQLEntityStore.KEY_INDEX_DIRECTORY, directory.resolve("index").toString());
        runner.enableControllerService(service);
        assertStep(verify(runner, secondFlows, properties).get(3), "Key Index", SUCCESSFUL, "enabling shares that index");
        runner.enableControllerService(secondFlows);
        secondFlows.getEntityStore();
        runner.disableControllerService(secondFlows);
        runner.disableControllerService(service);

        final ControllerService unreachable = new DataSourceConnectionPool(
                new PostgresDatabase("nowhere", "jdbc:postgresql://127.0.0.1:1/nowhere", "postgres", "").dataSource());
        runner.addControllerService("unreachable", unreachable);
        runner.enableControllerService(unreachable);
        final List<ConfigVerificationResult> noPool = verify(runner, service, Map.of(PostgreSQLEntityStore.CONNECTION_POOL, "unreachable",
                PostgreSQLEntityStore.KEY_INDEX_DIRECTORY, directory.resolve("index").toString()));
        assertEquals(1, noPool.size());
        assertStep(noPool.get(0), "Database Connection", FAILED, "The connection pool gave no connection");
    }
}
