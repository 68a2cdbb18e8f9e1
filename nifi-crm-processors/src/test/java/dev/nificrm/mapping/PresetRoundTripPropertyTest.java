package dev.nificrm.mapping;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated, seeded check of the usage page's round trip: a Salesforce contact mapped to Dynamics 365 and back
 * returns every value as it was (as Salesforce → Salesforce writes it) but its ids, which go to the external-id field, its
 * timestamps' milliseconds, which Dataverse does not keep, and a street's line breaks, which come back as \n (the generated
 * streets have one to three lines, \n or \r\n, as Dynamics 365 keeps three). Values are drawn as a CSVReader (text) or a typed reader
 * (Boolean, java.sql.Date, java.sql.Timestamp) hands them over.
 */
class PresetRoundTripPropertyTest {
    private static final int RECORDS = 1_500;
    private static final List<String> SALESFORCE_FIELDS = List.of("Id", "Salutation", "FirstName", "MiddleName", "LastName", "Suffix", "Email",
            "Phone", "MobilePhone", "HomePhone", "OtherPhone", "Fax", "MailingStreet", "MailingCity", "MailingState", "MailingPostalCode",
            "MailingCountry", "Title", "Department", "Birthdate", "HasOptedOutOfEmail", "Description", "CreatedDate", "LastModifiedDate");
    private static final DateTimeFormatter SALESFORCE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    @Test
    void aSalesforceContactMappedToDynamics365AndBackIsAsSalesforceToSalesforceWritesIt() throws MappingConfigurationException {
        final MappingPlan toDynamics = plan(CrmSchema.SALESFORCE_CONTACT, CrmSchema.DYNAMICS_365_CONTACT);
        final MappingPlan back = plan(CrmSchema.DYNAMICS_365_CONTACT, CrmSchema.SALESFORCE_CONTACT);
        final MappingPlan identity = plan(CrmSchema.SALESFORCE_CONTACT, CrmSchema.SALESFORCE_CONTACT);
        final Random random = new Random(365);
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            final Record source = salesforceContact(random);
            final MappingResult direct = identity.map(source);
            final MappingResult there = toDynamics.map(source);
            if (!direct.errors().isEmpty() || !there.errors().isEmpty()) {
                if (direct.errors().isEmpty() != there.errors().isEmpty()) {
                    failures.add("invalid one way only: " + direct.errors() + " / " + there.errors());
                }
                continue;
            }
            final MappingResult returned = back.map(there.record());
            if (!returned.errors().isEmpty()) {
                failures.add("invalid on the way back: " + returned.errors());
                continue;
            }
            for (final String field : direct.record().getSchema().getFieldNames()) {
                if (field.equals("External_Id__c")) {
                    continue;
                }
                final Object expected = asDynamicsKeepsIt(field, direct.record().getValue(field));
                final Object actual = returned.record().getValue(field);
                if (!Objects.equals(expected, actual)) {
                    failures.add(field + ": '" + expected + "' came back as '" + actual + "'");
                }
            }
        }
        final Map<String, String> firstOfEach = new LinkedHashMap<>();
        failures.forEach(failure -> firstOfEach.putIfAbsent(failure.substring(0, failure.indexOf(':')), failure));
        assertTrue(failures.isEmpty(), failures.size() + " differences, e.g.\n" + String.join("\n", firstOfEach.values()));
    }

    /** What Dynamics 365 keeps of a value: timestamps in whole seconds, a street's lines (joined again with \n, as the page says). */
    private static Object asDynamicsKeepsIt(final String field, final Object value) {
        if (value instanceof String text && (field.equals("CreatedDate") || field.equals("LastModifiedDate"))) {
            return text.substring(0, 19) + ".000" + text.substring(23);
        }
        if (value instanceof String text && field.equals("MailingStreet")) {
            return text.replace("\r\n", "\n");
        }
        return value;
    }

    private static Record salesforceContact(final Random random) {
        final Map<String, Object> values = new HashMap<>();
        values.put("Id", "003" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        values.put("Salutation", pick(random, null, "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx.", "mr.", "Mr"));
        values.put("FirstName", pick(random, null, "Jan", "Zoë", "Mary Ann", "O'Neil", "  Lee "));
        values.put("MiddleName", pick(random, null, null, "Peter", "de"));
        values.put("LastName", pick(random, "van der Berg", "Smith", "Müller-Lüdenscheidt", "Ng", "de la Cruz"));
        values.put("Suffix", pick(random, null, null, "Jr.", "III"));
        values.put("Email", pick(random, null, "jan@example.com", "JAN@Example.com"));
        for (final String phone : List.of("Phone", "MobilePhone", "HomePhone", "OtherPhone", "Fax")) {
            values.put(phone, pick(random, null, "+31 20 555 0101", "(415) 555-0100", "555 0100 ext. 12"));
        }
        values.put("MailingStreet", street(random));
        values.put("MailingCity", pick(random, null, "Amsterdam", "São Paulo"));
        values.put("MailingState", pick(random, null, "CA", "NH"));
        values.put("MailingPostalCode", pick(random, null, "1015 CX", "02134", "02134-1234"));
        values.put("MailingCountry", pick(random, null, "Netherlands", "US"));
        values.put("Title", pick(random, null, "CEO", "Head of Sales, EMEA"));
        values.put("Department", pick(random, null, "Sales"));
        final LocalDate born = LocalDate.ofEpochDay(random.nextInt(-25_000, 15_000));
        values.put("Birthdate", random.nextInt(4) == 0 ? null : random.nextBoolean() ? born.toString() : java.sql.Date.valueOf(born));
        values.put("HasOptedOutOfEmail", pick(random, null, "true", "false", Boolean.TRUE, Boolean.FALSE));
        values.put("Description", pick(random, null, "Met at the fair", "Line one\nLine two", " padded "));
        final Instant created = Instant.ofEpochMilli(random.nextLong(946_684_800_000L, 1_800_000_000_000L));
        values.put("CreatedDate", random.nextBoolean() ? SALESFORCE_TIMESTAMP.format(created) : new java.sql.Timestamp(created.toEpochMilli()));
        values.put("LastModifiedDate", SALESFORCE_TIMESTAMP.format(created.plusMillis(random.nextInt(1_000_000_000))));
        final List<RecordField> fields = new ArrayList<>();
        SALESFORCE_FIELDS.forEach(name -> fields.add(new RecordField(name, RecordFieldType.STRING.getDataType())));
        final RecordSchema schema = new SimpleRecordSchema(fields);
        return new MapRecord(schema, values);
    }

    /** One to three lines, as Salesforce keeps a street (Dynamics 365 has three). */
    private static String street(final Random random) {
        if (random.nextInt(5) == 0) {
            return null;
        }
        final List<String> lines = new ArrayList<>(List.of("Keizersgracht 12", "3rd floor", "c/o Acme", "Unit 4").subList(0, 1 + random.nextInt(3)));
        return String.join(random.nextBoolean() ? "\n" : "\r\n", lines);
    }

    @SafeVarargs
    private static <T> T pick(final Random random, final T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static MappingPlan plan(final CrmSchema source, final CrmSchema target) throws MappingConfigurationException {
        return MappingCompiler.compile(source, target, MappingSpecification.empty(), null, UnmappedFieldPolicy.DROP, "crm_errors");
    }
}
