package dev.nificrm.reliability;

import dev.nificrm.RecordServices;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;

/** The content formats of the reliability tests, each with NiFi's real reader and writer for it. */
enum RecordFormat {
    /** CSV exports, read and written with the settings of templates/crm-migration.json. */
    CSV {
        @Override
        void install(final TestRunner runner) throws InitializationException, IOException {
            RecordServices.useMigrationCsvReader(runner);
            RecordServices.useMigrationCsvWriter(runner);
        }

        @Override
        void installReader(final TestRunner runner) throws InitializationException, IOException {
            RecordServices.useMigrationCsvReader(runner);
        }
    },
    /** JSON arrays, objects or NDJSON, read with JsonTreeReader's defaults and written as a JSON array. */
    JSON {
        @Override
        void install(final TestRunner runner) throws InitializationException {
            RecordServices.useJsonReader(runner);
            RecordServices.useJsonWriter(runner);
        }

        @Override
        void installReader(final TestRunner runner) throws InitializationException {
            RecordServices.useJsonReader(runner);
        }
    };

    /** Adds, enables and sets the reader and the writer of the format on the runner. */
    abstract void install(TestRunner runner) throws InitializationException, IOException;

    /** Adds, enables and sets the reader of the format alone on the runner. */
    abstract void installReader(TestRunner runner) throws InitializationException, IOException;

    /** Installs what a processor of the contract reads and writes with: a request's verifier has a reader and no writer. */
    void install(final TestRunner runner, final ProcessorSetup.Contract contract) throws InitializationException, IOException {
        if (contract == ProcessorSetup.Contract.REQUEST) {
            installReader(runner);
        } else {
            install(runner);
        }
    }
}
