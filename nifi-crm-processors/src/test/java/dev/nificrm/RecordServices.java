package dev.nificrm;

import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.csv.CSVRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.util.Map;

/**
 * Adds NiFi's real record readers and writers to a TestRunner, enabled, and sets them as the processor's Record Reader
 * or Record Writer, so every processor test reads and writes records the way a flow does.
 */
public final class RecordServices {
    private RecordServices() {
    }

    /** A CSVReader that takes the schema from the header row, so every value is read as a string. */
    public static CSVReader useCsvReader(final TestRunner runner) throws InitializationException {
        return useCsvReader(runner, Map.of());
    }

    /** A CSVReader that takes the schema from the header row, with further settings (e.g. Trim Fields). */
    public static CSVReader useCsvReader(final TestRunner runner, final Map<PropertyDescriptor, String> settings) throws InitializationException {
        final CSVReader reader = new CSVReader();
        runner.addControllerService("csv-reader", reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "csv-header-derived");
        settings.forEach((property, value) -> runner.setProperty(reader, property, value));
        return use(runner, reader, AbstractCRMRecordProcessor.RECORD_READER);
    }

    /**
     * A CSVReader set up exactly as the reader of templates/crm-migration.json (header-derived schema, RFC 4180 spelled
     * out as the custom format, duplicate header names refused): what the bundle's flows read exports with.
     */
    public static CSVReader useMigrationCsvReader(final TestRunner runner) throws InitializationException, IOException {
        final CSVReader reader = new CSVReader();
        runner.addControllerService("csv-reader", reader);
        FlowDefinitions.migrationServiceProperties(CSVReader.class.getName()).forEach((name, value) -> runner.setProperty(reader, name, value));
        return use(runner, reader, AbstractCRMRecordProcessor.RECORD_READER);
    }

    /** A CSVRecordSetWriter set up exactly as the writer of templates/crm-migration.json's import-ready files. */
    public static CSVRecordSetWriter useMigrationCsvWriter(final TestRunner runner) throws InitializationException, IOException {
        final CSVRecordSetWriter writer = new CSVRecordSetWriter();
        runner.addControllerService("csv-writer", writer);
        FlowDefinitions.migrationServiceProperties(CSVRecordSetWriter.class.getName()).forEach((name, value) -> runner.setProperty(writer, name, value));
        return use(runner, writer, AbstractCRMRecordProcessor.RECORD_WRITER);
    }

    /** A JsonTreeReader with its defaults (schema inferred). */
    public static JsonTreeReader useJsonReader(final TestRunner runner) throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("json-reader", reader);
        return use(runner, reader, AbstractCRMRecordProcessor.RECORD_READER);
    }

    /** A JsonTreeReader given its schema as Avro text (Schema Text property), e.g. one that types a JSON number's field as a string. */
    public static JsonTreeReader useJsonReader(final TestRunner runner, final String schemaText) throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("json-reader", reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "schema-text-property");
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, schemaText);
        return use(runner, reader, AbstractCRMRecordProcessor.RECORD_READER);
    }

    /** A JsonRecordSetWriter with its defaults (the schema of the records written). */
    public static JsonRecordSetWriter useJsonWriter(final TestRunner runner) throws InitializationException {
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("json-writer", writer);
        return use(runner, writer, AbstractCRMRecordProcessor.RECORD_WRITER);
    }

    /** A CSVRecordSetWriter with its defaults (a header row from the schema of the records written). */
    public static CSVRecordSetWriter useCsvWriter(final TestRunner runner) throws InitializationException {
        final CSVRecordSetWriter writer = new CSVRecordSetWriter();
        runner.addControllerService("csv-writer", writer);
        return use(runner, writer, AbstractCRMRecordProcessor.RECORD_WRITER);
    }

    private static <T extends ControllerService> T use(final TestRunner runner, final T service, final PropertyDescriptor property) {
        runner.enableControllerService(service);
        runner.setProperty(property, service.getIdentifier());
        return service;
    }
}
