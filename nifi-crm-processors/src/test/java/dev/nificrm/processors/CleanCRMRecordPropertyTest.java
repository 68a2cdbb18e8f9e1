package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.RecordServices;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Generated, seeded contacts through CleanCRMRecord with NiFi's real readers and writer: the same rows read as strings
 * by a CSVReader, typed by a CSVReader inferring its schema (digits-only columns become numbers: ZIPs lose their zero,
 * phones and yyyyMMdd dates become longs) and by a JsonTreeReader inferring the JSON numbers a program wrote, are cleaned
 * to the same values with the same reasons (a rejected phone or postal code typed as a number adds the number read);
 * every record leaves on exactly one relationship; and cleaning the cleaned records again changes nothing and flags
 * nothing.
 */
class CleanCRMRecordPropertyTest {
    private static final Clock CLOCK = Clock.fixed(LocalDate.of(2026, 2, 1).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** What the reason of a rejected phone or postal code a reader typed as a number says after the reason it has as text. */
    private static final Pattern NUMBER_READ = Pattern.compile(": the Record Reader read it as the number \\d+, which drops leading zeros: to clean it "
            + "as the source wrote it, read the column as text \\(in CSVReader, [^)]+\\)");
    private static final String[] COLUMNS = {"Id", "FirstName", "LastName", "Email", "Phone", "MailingCountry", "MailingState", "MailingPostalCode",
            "Birthdate", "Website"};

    @Test
    void aRowIsCleanedTheSameWhateverReaderTypedItAndCleaningAgainChangesNothing() throws Exception {
        final Random random = new Random(5);
        int numbersRead = 0;
        for (int file = 0; file < 4; file++) {
            // each file's numeric columns are all digits in some files, so that an inferring reader types them as numbers
            final boolean digitsOnly = file % 2 == 0;
            final List<String[]> rows = new ArrayList<>();
            for (int id = 1; id <= 60; id++) {
                rows.add(row(id, random, digitsOnly));
            }
            final StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
            final ArrayNode jsonRows = MAPPER.createArrayNode();
            for (final String[] row : rows) {
                final ObjectNode object = jsonRows.addObject();
                for (int c = 0; c < COLUMNS.length; c++) {
                    csv.append(c == 0 ? "" : ",").append('"').append(row[c]).append('"');
                    // a program writing JSON writes digits-only values as numbers, as it holds them
                    if (digitsOnly && !row[c].isEmpty() && row[c].chars().allMatch(Character::isDigit) && row[c].length() < 16 && row[c].charAt(0) != '0') {
                        object.put(COLUMNS[c], Long.parseLong(row[c]));
                    } else {
                        object.put(COLUMNS[c], row[c]);
                    }
                }
                csv.append('\n');
            }
            final TestRunner stringsRunner = csvRunner(false);
            final Map<String, String> asStrings = cleaned(stringsRunner, csv.toString(), rows.size());
            final Map<String, String> inferred = cleaned(csvRunner(true), csv.toString(), rows.size());
            final Map<String, String> json = cleaned(jsonRunner(), MAPPER.writeValueAsString(jsonRows), rows.size());
            numbersRead += withoutTheNumberRead(inferred) + withoutTheNumberRead(json);
            assertEquals(asStrings, inferred, "file " + file + ": CSVReader inferring its schema");
            assertEquals(asStrings, json, "file " + file + ": JsonTreeReader");

            // the records on success, cleaned again: unchanged and nothing flagged
            final TestRunner again = jsonRunner();
            final String success = written(stringsRunner, CleanCRMRecord.REL_SUCCESS);
            again.enqueue(success);
            again.run();
            again.assertTransferCount(CleanCRMRecord.REL_INVALID, 0);
            again.assertTransferCount(CleanCRMRecord.REL_FAILURE, 0);
            final MockFlowFile output = again.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst();
            output.assertAttributeEquals("crm.clean.changed.count", "0");
            assertEquals(MAPPER.readTree(success), MAPPER.readTree(output.getContent()), "file " + file + ": cleaned again");
        }
        // 8571398239's exchange 139, DE's 801 and others typed as numbers: their reasons said the number read
        assertEquals(true, numbersRead > 0, "reasons that say the number read: " + numbersRead);
    }

    /**
     * Takes out of the reasons what a rejected phone or postal code a reader typed adds, the number read and to read the
     * column as text (the same reason as text before it), and says how many it took out.
     */
    private static int withoutTheNumberRead(final Map<String, String> records) {
        int taken = 0;
        for (final Map.Entry<String, String> record : records.entrySet()) {
            final Matcher matcher = NUMBER_READ.matcher(record.getValue());
            final StringBuilder without = new StringBuilder();
            while (matcher.find()) {
                taken++;
                matcher.appendReplacement(without, "");
            }
            matcher.appendTail(without);
            record.setValue(without.toString());
        }
        return taken;
    }

    private static String[] row(final int id, final Random random, final boolean digitsOnly) {
        final String[] first = {"JOHN", "mary", "O'BRIEN", "Zoë", "JEAN-LUC", "İSMAİL", "ANNA MARIA"};
        final String[] last = {"SMITH", "van der berg", "McDonald", "MÜLLER", "DE LA CRUZ", "YILMAZ", "LE"};
        final String name = first[random.nextInt(first.length)];
        final String email = List.of("John.Smith@Example.COM", "mailto:ann@x.co.uk", "bad@", "a@b.com.", "Ann Lee <ann@lee.de>").get(random.nextInt(5));
        final String country;
        final String state;
        final String zip;
        final String phone;
        switch (random.nextInt(3)) {
            case 0 -> {
                country = List.of("US", "USA", "United States", "840").get(random.nextInt(4));
                state = digitsOnly ? "NY" : List.of("new york", "CA", "Texas", "Nowhere").get(random.nextInt(4));
                zip = digitsOnly ? List.of("02134", "10001", "00601", "021341234", "94105").get(random.nextInt(5))
                        : List.of("2134", "10001-1234", "K1A 0B1").get(random.nextInt(3));
                phone = digitsOnly ? List.of("2404522332", "14155550100", "8571398239").get(random.nextInt(3))
                        : List.of("(240) 452-2332x4601", "857.139.8239", "555-0100", "001-672-799-2170").get(random.nextInt(4));
            }
            case 1 -> {
                country = List.of("DE", "Deutschland", "Germany", "276").get(random.nextInt(4));
                state = "Bayern";
                zip = digitsOnly ? List.of("10115", "01067", "80331").get(random.nextInt(3)) : List.of("1067", "D-80331", "801").get(random.nextInt(3));
                phone = digitsOnly ? List.of("0301234567", "491711234567", "08912345678").get(random.nextInt(3))
                        : List.of("030 1234567", "+49 (0)89 1234 5678", "089 1234 / 089 5678").get(random.nextInt(3));
            }
            default -> {
                country = List.of("AU", "Australia", "036").get(random.nextInt(3));
                state = digitsOnly ? "NSW" : List.of("new south wales", "vic", "Queensland").get(random.nextInt(3));
                zip = digitsOnly ? List.of("0800", "2000", "3000").get(random.nextInt(3)) : List.of("800", "2000", "30000").get(random.nextInt(3));
                phone = digitsOnly ? List.of("0298765432", "61298765432").get(random.nextInt(2)) : List.of("(02) 9876 5432", "+61 2 9876 5432").get(random.nextInt(2));
            }
        }
        final LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(30_000));
        final String birthdate = digitsOnly ? birth.toString().replace("-", "")
                : List.of(birth.toString(), String.format("%02d/%02d/%d", birth.getMonthValue(), birth.getDayOfMonth(), birth.getYear()), "1990-02-30")
                .get(random.nextInt(3));
        final String website = List.of("WWW.EXAMPLE.COM/About", "http://www.Rosales-Molina.com/", "example.com.", "ftp://files.example.ca", "")
                .get(random.nextInt(5));
        return new String[] {Integer.toString(id), name, last[random.nextInt(last.length)], email, phone, country, state, zip, birthdate, website};
    }

    private static TestRunner csvRunner(final boolean inferring) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(new CleanCRMRecord(CLOCK));
        final CSVReader reader = RecordServices.useCsvReader(runner);
        if (inferring) {
            runner.disableControllerService(reader);
            runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "infer-schema");
            runner.enableControllerService(reader);
        }
        RecordServices.useJsonWriter(runner);
        return runner;
    }

    private static TestRunner jsonRunner() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(new CleanCRMRecord(CLOCK));
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        return runner;
    }

    /** Every record by its id: its fields as text and its reasons; each record on exactly one of success and invalid. */
    private static Map<String, String> cleaned(final TestRunner runner, final String content, final int records) throws IOException {
        runner.enqueue(content);
        runner.run();
        runner.assertTransferCount(CleanCRMRecord.REL_FAILURE, 0);
        final Map<String, String> byId = new TreeMap<>();
        int count = 0;
        for (final Relationship relationship : List.of(CleanCRMRecord.REL_SUCCESS, CleanCRMRecord.REL_INVALID)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                    count++;
                    final StringBuilder text = new StringBuilder(relationship.getName());
                    for (final Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
                        final Map.Entry<String, JsonNode> field = fields.next();
                        if (!field.getKey().equals("crm_extra_values")) {
                            text.append(" | ").append(field.getKey()).append('=').append(field.getValue().isNull() ? "null" : field.getValue().asText());
                        }
                    }
                    byId.put(record.get("Id").asText(), text.toString());
                }
            }
        }
        assertEquals(records, count, "records out");
        assertEquals(records, byId.size(), "records out by id");
        return byId;
    }

    private static String written(final TestRunner runner, final Relationship relationship) {
        final List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(relationship);
        return flowFiles.isEmpty() ? "[]" : flowFiles.getFirst().getContent();
    }
}
