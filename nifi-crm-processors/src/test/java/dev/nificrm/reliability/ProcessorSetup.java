package dev.nificrm.reliability;

import org.apache.nifi.processor.Processor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.util.function.Consumer;

/**
 * One processor of the bundle as the reliability tests run it: its class and the properties it needs besides its Record
 * Reader and Writer. The catalogue, the fuzzing, the leak check and the concurrency check run every setup of
 * {@link ProcessorSetups#ALL}.
 *
 * @param name      how the setup is named in test names, e.g. {@code MapCRMRecord (Salesforce → HubSpot)}
 * @param type      the processor class
 * @param configure sets the processor's own properties on a fresh runner
 */
record ProcessorSetup(String name, Class<? extends Processor> type, Consumer<TestRunner> configure) {

    /** A fresh runner of the processor, configured, without reader and writer. */
    TestRunner newRunner() {
        final TestRunner runner = TestRunners.newTestRunner(type);
        configure.accept(runner);
        return runner;
    }

    @Override
    public String toString() {
        return name;
    }
}
