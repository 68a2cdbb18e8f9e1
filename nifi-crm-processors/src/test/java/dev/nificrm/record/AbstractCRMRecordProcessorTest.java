package dev.nificrm.record;

import dev.nificrm.RecordServices;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.RecordSet;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbstractCRMRecordProcessorTest {
    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(EvenOddProcessor.class);
        RecordServices.useCsvReader(runner, Map.of(SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "infer-schema"));
        RecordServices.useJsonWriter(runner);
    }

    @Test
    void routesEveryRecordToExactlyOneRelationshipWithCountsAndMimeType() {
        runner.enqueue("id,name\n1,a\n2,b\n3,c\n4,d\n5,e\n");
        runner.run();

        runner.assertTransferCount(EvenOddProcessor.REL_EVEN, 1);
        runner.assertTransferCount(EvenOddProcessor.REL_ODD, 1);
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final MockFlowFile even = runner.getFlowFilesForRelationship(EvenOddProcessor.REL_EVEN).getFirst();
        final MockFlowFile odd = runner.getFlowFilesForRelationship(EvenOddProcessor.REL_ODD).getFirst();
        even.assertAttributeEquals("record.count", "2");
        odd.assertAttributeEquals("record.count", "3");
        even.assertAttributeEquals("mime.type", "application/json");
        odd.assertAttributeEquals("crm.test.odd.count", "3");
        assertTrue(odd.getContent().contains("\"parity\":\"odd\""), odd.getContent());
        assertFalse(even.getContent().contains("\"id\":\"1\""), even.getContent());
        assertEquals(5L, runner.getCounterValue("Records Processed"));
    }

    @Test
    void emptyInputGivesOneEmptyFlowFile() {
        runner.enqueue("id,name\n");
        runner.run();
        runner.assertAllFlowFilesTransferred(EvenOddProcessor.REL_ODD, 1);
        runner.getFlowFilesForRelationship(EvenOddProcessor.REL_ODD).getFirst().assertAttributeEquals("record.count", "0");
    }

    @Test
    void unreadableContentGoesToFailureUntouched() {
        final String content = "id,name\n1,\"unterminated\n2,b\n";
        runner.enqueue(content);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
        failed.assertContentEquals(content);
        failed.assertAttributeExists(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
    }

    @Test
    void aWriterFailingToFinishRoutesTheOriginalToFailureWithoutOutput() throws InitializationException {
        final FailingToFinishWriterFactory writer = new FailingToFinishWriterFactory();
        runner.addControllerService("failing-writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "failing-writer");
        final String content = "id,name\n1,a\n2,b\n";
        runner.enqueue(content);
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
        failed.assertContentEquals(content);
        failed.assertAttributeEquals(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE, "the second record set could not be finished");
    }

    @Test
    void aRecordMergedFromSeveralAccountsForAllOfThemAndTheOriginalGoesToOriginal() throws InitializationException {
        final TestRunner pairing = pairingRunner(2);
        final String content = "id,name\n1,a\n2,b\n3,c\n4,d\n5,e\n";
        pairing.enqueue(content);
        pairing.run();

        pairing.assertTransferCount(PairingProcessor.REL_MERGED, 1);
        pairing.assertTransferCount(PairingProcessor.REL_ORIGINAL, 1);
        pairing.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final MockFlowFile merged = pairing.getFlowFilesForRelationship(PairingProcessor.REL_MERGED).getFirst();
        merged.assertAttributeEquals("record.count", "3");
        assertTrue(merged.getContent().contains("\"name\":\"a+b\""), merged.getContent());
        assertTrue(merged.getContent().contains("\"name\":\"e\""), merged.getContent());
        pairing.getFlowFilesForRelationship(PairingProcessor.REL_ORIGINAL).getFirst().assertContentEquals(content);
    }

    @Test
    void aMergedRecordThatAccountsForTooFewInputsFailsTheConservationCheck() throws InitializationException {
        final TestRunner pairing = pairingRunner(1);
        final String content = "id,name\n1,a\n2,b\n3,c\n";
        pairing.enqueue(content);
        pairing.run();

        pairing.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final MockFlowFile failed = pairing.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
        failed.assertContentEquals(content);
        failed.assertAttributeEquals(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE,
                "Read 3 records but the records routed account for 2; no output was produced");
    }

    private static TestRunner pairingRunner(final int accountedPerPair) throws InitializationException {
        final TestRunner pairing = TestRunners.newTestRunner(new PairingProcessor(accountedPerPair));
        RecordServices.useCsvReader(pairing, Map.of(SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "infer-schema"));
        RecordServices.useJsonWriter(pairing);
        return pairing;
    }

    /** A writer whose first record set finishes and whose second fails, as a full disk would make it. */
    public static class FailingToFinishWriterFactory extends AbstractControllerService implements RecordSetWriterFactory {
        private final AtomicInteger finished = new AtomicInteger();

        @Override
        public RecordSchema getSchema(final Map<String, String> variables, final RecordSchema readSchema) {
            return readSchema;
        }

        @Override
        public RecordSetWriter createWriter(final ComponentLog logger, final RecordSchema schema, final OutputStream out,
                                            final Map<String, String> variables) {
            return new RecordSetWriter() {
                private int count;

                @Override
                public WriteResult write(final RecordSet recordSet) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void beginRecordSet() {
                }

                @Override
                public WriteResult finishRecordSet() throws IOException {
                    if (finished.incrementAndGet() > 1) {
                        throw new IOException("the second record set could not be finished");
                    }
                    return WriteResult.of(count, Map.of());
                }

                @Override
                public WriteResult write(final Record record) {
                    count++;
                    return WriteResult.of(count, Map.of());
                }

                @Override
                public String getMimeType() {
                    return "text/plain";
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /**
     * Merges each two consecutive records into one (names joined by +), the smallest N:1 subclass; a pair accounts for
     * the given number of inputs, so a defective count can be tried.
     */
    public static class PairingProcessor extends AbstractCRMRecordProcessor {
        static final Relationship REL_MERGED = new Relationship.Builder().name("merged").build();
        static final Relationship REL_ORIGINAL = new Relationship.Builder().name("original").build();
        private final int accountedPerPair;

        PairingProcessor(final int accountedPerPair) {
            this.accountedPerPair = accountedPerPair;
        }

        @Override
        protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
            return List.of(RECORD_READER, RECORD_WRITER);
        }

        @Override
        public Set<Relationship> getRelationships() {
            return Set.of(REL_MERGED, REL_ORIGINAL, REL_FAILURE);
        }

        @Override
        protected long processRecords(final ProcessContext context, final RecordSource source, final RoutedRecordWriter output)
                throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
            final Record[] pending = new Record[1];
            final long read = source.forEach((index, record) -> {
                if (pending[0] == null) {
                    pending[0] = record;
                    return;
                }
                pending[0].setValue("name", pending[0].getAsString("name") + "+" + record.getAsString("name"));
                output.write(REL_MERGED, pending[0], accountedPerPair);
                pending[0] = null;
            });
            if (pending[0] != null) {
                output.write(REL_MERGED, pending[0]);
            }
            return read;
        }

        @Override
        protected Relationship getEmptyInputRelationship() {
            return REL_MERGED;
        }

        @Override
        protected Relationship getOriginalRelationship() {
            return REL_ORIGINAL;
        }

        @Override
        protected String getCounterAttributePrefix() {
            return "crm.test.";
        }
    }

    /** Routes records by the parity of their id and adds a field, the smallest useful subclass. */
    public static class EvenOddProcessor extends AbstractStreamingCRMRecordProcessor {
        static final Relationship REL_EVEN = new Relationship.Builder().name("even").build();
        static final Relationship REL_ODD = new Relationship.Builder().name("odd").build();

        @Override
        protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
            return List.of(RECORD_READER, RECORD_WRITER);
        }

        @Override
        public Set<Relationship> getRelationships() {
            return Set.of(REL_EVEN, REL_ODD, REL_FAILURE);
        }

        @Override
        protected Relationship process(final Record record, final RoutedRecordWriter output) {
            final boolean even = Integer.parseInt(record.getAsString("id")) % 2 == 0;
            record.setValue("parity", even ? "even" : "odd");
            if (!even) {
                output.increment("odd");
            }
            return even ? REL_EVEN : REL_ODD;
        }

        @Override
        protected Relationship getEmptyInputRelationship() {
            return REL_ODD;
        }

        @Override
        protected String getCounterAttributePrefix() {
            return "crm.test.";
        }

    }
}
