package dev.nificrm.processors;

import dev.nificrm.DataSourceConnectionPool;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.PostgreSQLEntityStore;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MatchCRMRecord with the PostgreSQL Entity Store (a real server, the store's own connection pool over it). */
@ExtendWith(PostgresExtension.class)
class MatchCRMRecordPostgresTest {
    @TempDir
    Path directory;

    /**
     * Values PostgreSQL cannot keep (a NUL character in a source id; a source id of thousands of characters, too large for
     * the cross-reference's unique index) fail the same way every time: their FlowFile goes to failure with the reason,
     * not back to its queue to be tried again forever, and the store keeps nothing of it. Other FlowFiles go on.
     */
    @Test
    void recordsTheDatabaseRefusesGoToFailureInsteadOfBeingTriedAgainForever(final PostgresServer server) throws Exception {
        final PostgresDatabase database = server.createDatabase("refused-values");
        final TestRunner runner = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        final PostgreSQLEntityStore store = DataSourceConnectionPool.addPostgresStore(runner, database.dataSource(), directory.resolve("index"));
        runner.enableControllerService(store);
        runner.setProperty(MatchCRMRecord.ENTITY_STORE, "entity-store");
        runner.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "crm");
        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/Id");
        runner.setProperty("first_name", "/FirstName");
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("email", "/Email");

        // letters and digits drawn at random: PostgreSQL cannot compress them below its index's limit of 2,704 bytes
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        final Random random = new Random(1);
        final StringBuilder longId = new StringBuilder();
        for (int i = 0; i < 8000; i++) {
            longId.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        runner.enqueue("[{\"Id\": \"003A\\u0000B\", \"FirstName\": \"Ann\", \"LastName\": \"Lee\", \"Email\": \"ann@lee.example\"}]");
        runner.enqueue("[{\"Id\": \"" + longId + "\", \"FirstName\": \"Wei\", \"LastName\": \"Chen\", \"Email\": \"wei@chen.example\"}]");
        runner.enqueue("[{\"Id\": \"003C\", \"FirstName\": \"Priya\", \"LastName\": \"Raman\", \"Email\": \"priya@raman.example\"}]");
        runner.run(3);

        runner.assertQueueEmpty();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 2);
        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE);
        final String nul = failed.get(0).getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
        assertTrue(nul.contains("SQL state 22021") && nul.contains("trying them again cannot help"), nul);
        final String tooLong = failed.get(1).getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
        assertTrue(tooLong.contains("SQL state 54000") && tooLong.contains("trying them again cannot help"), tooLong);
        assertFalse(tooLong.contains(longId.substring(0, 20)), "no value in the reason");
        failed.get(0).assertContentEquals("[{\"Id\": \"003A\\u0000B\", \"FirstName\": \"Ann\", \"LastName\": \"Lee\", \"Email\": \"ann@lee.example\"}]");

        runner.assertTransferCount(MatchCRMRecord.REL_UNMATCHED, 1);
        assertEquals(1, store.getEntityStore().statistics().entities(), "only the third FlowFile's customer is stored");
    }
}
