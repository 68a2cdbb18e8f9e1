package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EvalData;
import dev.nificrm.FlowDefinitions;
import dev.nificrm.MutableClock;
import dev.nificrm.RecordServices;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CleanCRMRecordTest {
    private static final Path RESOURCES = Path.of("src/test/resources/CleanCRMRecordTest");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}(;ext=\\d+)?$");
    private static final Pattern EMAIL = Pattern.compile("^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@([a-z0-9-]+\\.)+[a-z]{2,}$");
    private static final Pattern ISO_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
    private static final Pattern WEBSITE = Pattern.compile("^https?://[a-z0-9.-]+\\.[a-z]{2,}(/\\S*)?$");
    private static final Pattern PROPER_CASE = Pattern.compile("^\\p{Lu}.*$");
    /** "Today" for every test: the outcomes never depend on the day the tests run. */
    private static final LocalDate TODAY = LocalDate.of(2026, 2, 1);
    private static final Clock CLOCK = Clock.fixed(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);

    /** people-1000's 011.396.7875x37387: 011 is the international prefix dialled from the US, after which 39 names Italy. */
    private static final String ITALIAN_AFTER_011 = "Phone: not a valid number of Italy (+39), read after the international prefix dialled from region US";

    private TestRunner runner;
    private CSVReader csvReader;

    @BeforeEach
    void setRunner() throws InitializationException {
        runner = TestRunners.newTestRunner(new CleanCRMRecord(CLOCK));
        csvReader = RecordServices.useCsvReader(runner);
        RecordServices.useJsonWriter(runner);
    }

    @Test
    void cleansContactsToTheGoldenOutput() throws IOException {
        runner.enqueue(RESOURCES.resolve("input/contacts.csv"));
        runner.run();

        runner.assertTransferCount(CleanCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(CleanCRMRecord.REL_INVALID, 1);
        runner.assertTransferCount(CleanCRMRecord.REL_FAILURE, 0);
        final MockFlowFile success = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst();
        final MockFlowFile invalid = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst();
        assertJsonEquals("output/contacts-success.json", success);
        assertJsonEquals("output/contacts-invalid.json", invalid);
        success.assertAttributeEquals("record.count", "3");
        invalid.assertAttributeEquals("record.count", "1");
        for (final MockFlowFile flowFile : List.of(success, invalid)) {
            flowFile.assertAttributeEquals("crm.clean.changed.count", "4");
            flowFile.assertAttributeEquals("crm.clean.invalid.count", "1");
            flowFile.assertAttributeEquals("mime.type", "application/json");
        }
    }

    /** Scheduled on New Year's Eve and left running: in January two-digit years are read in the new year's window. */
    @Test
    void readsTwoDigitYearsInTheYearOfTheDayAFlowFileIsCleaned() throws IOException, InitializationException {
        final MutableClock clock = new MutableClock(Instant.parse("2026-12-31T22:00:00Z"));
        runner = TestRunners.newTestRunner(new CleanCRMRecord(clock));
        RecordServices.useCsvReader(runner);
        RecordServices.useJsonWriter(runner);
        final String contacts = "Name,Birthdate,Signed On\nAnn,01/01/27,01/15/47\n";
        runner.setProperty("date", "/'Signed On'");

        runner.enqueue(contacts);
        runner.run(1, false, true);
        clock.advance(Duration.ofHours(4));
        runner.enqueue(contacts);
        runner.run(1, true, false);

        final List<MockFlowFile> cleaned = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS);
        assertEquals(2, cleaned.size());
        final JsonNode december = json(cleaned.get(0)).get(0);
        assertEquals("1927-01-01", december.get("Birthdate").asText());
        assertEquals("1947-01-15", december.get("Signed On").asText());
        final JsonNode january = json(cleaned.get(1)).get(0);
        assertEquals("2027-01-01", january.get("Birthdate").asText());
        assertEquals("2047-01-15", january.get("Signed On").asText());
    }

    @Test
    void cleansFieldsTheReaderInferredAsNumbers() throws IOException {
        useSchemaAccessStrategy("infer-schema");
        runner.enqueue("Name,Phone,Zip,Birthdate\nAnn,2404522332,2134,19800115\nBob,(240) 452-2333,K1A 0B1,1980-01-16\n");
        runner.run();

        runner.assertTransferCount(CleanCRMRecord.REL_INVALID, 1);
        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertEquals("+12404522332", success.get("Phone").asText());
        assertEquals("02134", success.get("Zip").asText());
        assertEquals("1980-01-15", success.get("Birthdate").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0);
        assertEquals("+12404522333", invalid.get("Phone").asText());
        assertEquals("Zip: not a US ZIP code", invalid.get("crm_errors").asText());
    }

    /**
     * A CSVReader that infers its schema reads a phone written with the international prefix 00 and no spaces
     * ({@code 00442079460000}) as the number 442079460000 and a Sapporo postal code 0010010 as 10010 (with one zero back
     * the rule restores the other, as it does for six digits): the zeros are gone
     * before the rule sees the value. Nothing is restored (a guess), but where the digits with zeros back would be read,
     * the reason says the reader may have lost them and what to do; read as text, the same rows are clean. A number no
     * zero makes readable keeps its own reason.
     */
    @Test
    void saysALeadingZeroMayHaveBeenLostWhereTheReaderTypedAPhoneOrPostalCodeAsANumber() throws IOException {
        final String csv = "Name,Country,Phone,Zip\nAnn,US,00442079460000,20500\nBob,JP,0312345678,0010010\nCy,US,12345,02134\n";
        final JsonNode invalid = invalidWithAnInferredSchema(csv);
        runner.assertTransferCount(CleanCRMRecord.REL_SUCCESS, 0);
        assertEquals("Phone: not a valid number for region US: " + leadingZeroLost("442079460000", "2 leading zeros"),
                invalid.get(0).get("crm_errors").asText());
        assertEquals("Zip: not a 7-digit Japanese postal code: " + leadingZeroLost("10010", "a leading 0"),
                invalid.get(1).get("crm_errors").asText());
        assertEquals("Phone: not a valid number for region US: " + readAsNumber("12345"), invalid.get(2).get("crm_errors").asText());

        // read as text, as the reasons say, the zeros are there
        runner.clearTransferState();
        useSchemaAccessStrategy("csv-header-derived");
        runner.enqueue(csv);
        runner.run();
        final JsonNode read = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("+442079460000 +81312345678 001-0010",
                read.get(0).get("Phone").asText() + " " + read.get(1).get("Phone").asText() + " " + read.get(1).get("Zip").asText());
    }

    /**
     * Whatever a phone or postal code the reader typed as a number is rejected for, the reason says the number the reader
     * read, which drops leading zeros, and to read the column as text: people-1000's {@code 0258287997} is the number
     * 258287997, which with its zero is ten digits from 0 again (as text, another country's national number), so no
     * count of zeros makes it readable; a six-digit ZIP is no ZIP with or without zeros. The same column's values the
     * reader kept as text keep their reasons as they are. Read as text, the same records are rejected.
     */
    @Test
    void saysTheNumberTheReaderReadWhateverAPhoneOrPostalCodeItTypedIsRejectedFor() throws IOException {
        final String csv = "Name,Phone,Zip\nAnn,0258287997,123456\nBob,025-828-7997,1234-567\nCy,2404522332,2134\n";
        final JsonNode invalid = invalidWithAnInferredSchema(csv);
        assertEquals(2, invalid.size());
        final String nationalNumber = "Phone: area code starting with 0, which no North American number has: another country's national number (with "
                + "its trunk 0) without its country code?";
        assertEquals("Phone: not a valid number for region US: " + readAsNumber("258287997") + "; Zip: not a US ZIP code: " + readAsNumber("123456"),
                invalid.get(0).get("crm_errors").asText());
        assertEquals(nationalNumber + "; Zip: not a US ZIP code", invalid.get(1).get("crm_errors").asText());
        final JsonNode kept = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertEquals("+12404522332 02134", kept.get("Phone").asText() + " " + kept.get("Zip").asText());

        runner.clearTransferState();
        useSchemaAccessStrategy("csv-header-derived");
        runner.enqueue(csv);
        runner.run();
        final JsonNode asText = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(2, asText.size());
        assertEquals(nationalNumber + "; Zip: not a US ZIP code", asText.get(0).get("crm_errors").asText());
    }

    /** The records of the CSV on invalid, one FlowFile, read by a CSVReader that infers its schema. */
    private JsonNode invalidWithAnInferredSchema(final String csv) throws IOException {
        useSchemaAccessStrategy("infer-schema");
        runner.enqueue(csv);
        runner.run();
        runner.assertTransferCount(CleanCRMRecord.REL_INVALID, 1);
        return json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
    }

    /** What a reason says of a phone or postal code the reader typed as a number that no leading zeros make a value the rule reads. */
    private static String readAsNumber(final String number) {
        return "the Record Reader read it as the number " + number + ", which drops leading zeros: to clean it as the source wrote it, read the column "
                + "as text (in CSVReader, the Schema Access Strategy Use String Fields From Header, or a schema that types it as a string)";
    }

    /**
     * A number the reader typed that the rule reads, but that with the leading zeros the reader drops is another value the
     * rule reads, is ambiguous: a Norwegian postcode {@code 0150} is the number 150, kept as written as any code of a
     * country whose format the rule does not check, and {@code 0150} is one too; Italy's {@code 06 12345678} written
     * {@code 0612345678} is 612345678, a possible Italian number of its own. Neither is restored (a guess) nor kept as
     * cleaned: each is rejected with both readings and what to do. A number no zero makes another value is cleaned as
     * ever: a trunk 0 (Germany's {@code 0301234567} and {@code 301234567} are one number, Brazil's too), a code whose rule
     * gives the zeros back (Rome's {@code 00118}), a code as long as all of its country's (Brazil's 8 digits). Read as
     * text, every row is clean; a JSON number is read the same.
     */
    @Test
    void rejectsANumberTheReaderTypedThatIsAnotherValueWithTheLeadingZerosItDrops() throws IOException, InitializationException {
        useSchemaAccessStrategy("infer-schema");
        final String csv = "Name,Country,Phone,Zip\nOla,NO,22334455,0150\nGiulia,IT,0612345678,00118\nJoao,BR,01131234567,88010000\n"
                + "Hans,DE,0301234567,10115\n";
        runner.enqueue(csv);
        runner.run();

        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(2, invalid.size());
        assertEquals("Zip: " + otherValueWithZeros("150", "a leading 0 it is another postal code (0150)"), invalid.get(0).get("crm_errors").asText());
        assertEquals("150", invalid.get(0).get("Zip").asText());
        assertEquals("Phone: " + otherValueWithZeros("612345678", "a leading 0 it is another phone number (+390612345678)"),
                invalid.get(1).get("crm_errors").asText());
        final JsonNode kept = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("+551131234567 88010000 +49301234567 10115", kept.get(0).get("Phone").asText() + " " + kept.get(0).get("Zip").asText()
                + " " + kept.get(1).get("Phone").asText() + " " + kept.get(1).get("Zip").asText());

        // read as text, as the reasons say, the zeros are there and say which value it is
        runner.clearTransferState();
        useSchemaAccessStrategy("csv-header-derived");
        runner.enqueue(csv);
        runner.run();
        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode read = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("0150 +390612345678 00118", read.get(0).get("Zip").asText() + " " + read.get(1).get("Phone").asText() + " "
                + read.get(1).get("Zip").asText());

        // a JSON reader inferring its schema reads the number 150 so too
        runner.clearTransferState();
        RecordServices.useJsonReader(runner);
        runner.enqueue("[{\"Name\": \"Ola\", \"Country\": \"NO\", \"Zip\": 150}, {\"Name\": \"Kari\", \"Country\": \"NO\", \"Zip\": 5003}]");
        runner.run();
        assertEquals("Zip: " + otherValueWithZeros("150", "a leading 0 it is another postal code (0150)"),
                json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0).get("crm_errors").asText());
        assertEquals("5003", json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0).get("Zip").asText());
    }

    /**
     * Only a record's own country whose format says a code or number can start with 0 makes a typed number ambiguous. A
     * record without a country of its own (read in the Default Phone Region), a country whose postal codes the rule
     * neither checks nor knows the length of (Argentina's {@code 1636}, Colombia's {@code 110111}) or knows none of to
     * start with 0 (Hungary's {@code 150} is no code of its 4 digits, and {@code 0150} none either), and a country
     * libphonenumber has no plan of (Antarctica's phones are read in the default region) say nothing of a zero: their
     * numbers are cleaned as before, not rejected by the column (an export with an empty Country column, read by a reader
     * inferring its schema, would lose every postal code or phone to invalid on a guess). Norway's {@code 150} still is.
     */
    @Test
    void keepsANumberTheReaderTypedWhereNoKnownFormatSaysItLostAZero() throws IOException, InitializationException {
        useSchemaAccessStrategy("infer-schema");
        runner.setProperty(CleanCRMRecord.DEFAULT_PHONE_REGION, "AR");
        runner.enqueue("Name,Country,Zip\nAna,,1636\nLuis,AR,5000\nJuan,CO,110111\nSofia,Colombia,50001\nIlona,HU,150\nOla,NO,150\n");
        runner.run();

        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(1, invalid.size());
        assertEquals("Zip: " + otherValueWithZeros("150", "a leading 0 it is another postal code (0150)"), invalid.get(0).get("crm_errors").asText());
        final JsonNode kept = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("1636 5000 110111 50001 150", kept.get(0).get("Zip").asText() + " " + kept.get(1).get("Zip").asText() + " "
                + kept.get(2).get("Zip").asText() + " " + kept.get(3).get("Zip").asText() + " " + kept.get(4).get("Zip").asText());

        // Italy's 612345678 is another number than 0612345678, but only a record of Italy says the number is Italian
        runner.clearTransferState();
        RecordServices.useJsonReader(runner);
        runner.setProperty(CleanCRMRecord.DEFAULT_PHONE_REGION, "IT");
        runner.enqueue("[{\"Name\": \"Ana\", \"Phone\": 612345678}, {\"Name\": \"Kari\", \"Country\": \"AQ\", \"Phone\": 612345678},"
                + " {\"Name\": \"Giulia\", \"Country\": \"IT\", \"Phone\": 612345678}]");
        runner.run();
        assertEquals("Phone: " + otherValueWithZeros("612345678", "a leading 0 it is another phone number (+390612345678)"),
                json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0).get("crm_errors").asText());
        final JsonNode read = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(2, read.size());
        assertEquals("+39612345678 +39612345678", read.get(0).get("Phone").asText() + " " + read.get(1).get("Phone").asText());
    }

    /**
     * Every country whose postal codes Google's address data gives as digits of one length with an example from 0, beyond
     * the rule's own formats: each code, read by a reader inferring its schema, is a number without its zeros, which with
     * them is another code of the country (Guinea's {@code 001} is the number 1, Nairobi's {@code 00100} is 100, the
     * Vatican's {@code 00120} is 120), so it is rejected with both readings; a number as long as the country's codes (a
     * code not from 0) lost none and is kept, and read as text every code is kept as written.
     */
    @Test
    void rejectsATypedPostalCodeWithoutItsZerosInEveryCountryWhoseCodesHaveOneLengthAndCanStartWith0() throws IOException {
        useSchemaAccessStrategy("infer-schema");
        final String csv = """
                Name,Country,Zip
                Ama,GN,001
                Nino,GE,0101
                Ana,GT,01501
                Wanjiru,KE,00100
                Noy,LA,01160
                Nimal,LK,00100
                Ona,LT,03500
                Pietro,VA,00120
                Fode,GN,200
                Otieno,KE,20100
                Kamal,LK,20000
                """;
        runner.enqueue(csv);
        runner.run();

        final List<String> errors = new ArrayList<>();
        json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).forEach(record -> errors.add(record.get("crm_errors").asText()));
        assertEquals(List.of(
                "Zip: " + otherValueWithZeros("1", "2 leading zeros it is another postal code (001)"),
                "Zip: " + otherValueWithZeros("101", "a leading 0 it is another postal code (0101)"),
                "Zip: " + otherValueWithZeros("1501", "a leading 0 it is another postal code (01501)"),
                "Zip: " + otherValueWithZeros("100", "2 leading zeros it is another postal code (00100)"),
                "Zip: " + otherValueWithZeros("1160", "a leading 0 it is another postal code (01160)"),
                "Zip: " + otherValueWithZeros("100", "2 leading zeros it is another postal code (00100)"),
                "Zip: " + otherValueWithZeros("3500", "a leading 0 it is another postal code (03500)"),
                "Zip: " + otherValueWithZeros("120", "2 leading zeros it is another postal code (00120)")), errors);
        final List<String> kept = new ArrayList<>();
        json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).forEach(record -> kept.add(record.get("Zip").asText()));
        assertEquals(List.of("200", "20100", "20000"), kept);

        runner.clearTransferState();
        useSchemaAccessStrategy("csv-header-derived");
        runner.enqueue(csv);
        runner.run();
        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final List<String> read = new ArrayList<>();
        json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).forEach(record -> read.add(record.get("Zip").asText()));
        assertEquals(List.of("001", "0101", "01501", "00100", "01160", "00100", "03500", "00120", "200", "20100", "20000"), read);
    }

    /**
     * Somalia's postal codes are two letters of the region and five digits ({@code JH 09010}, as Google's address data
     * gives them): written so whatever their case and space, and five digits alone, the number a reader typed or the
     * text, are no Somali code, rejected rather than kept.
     */
    @Test
    void writesASomaliPostalCodeWithItsRegionLettersAndRejectsOneWithout() throws IOException {
        useSchemaAccessStrategy("csv-header-derived");
        runner.enqueue("""
                Name,Country,Zip
                Amina,SO,jh09010
                Hodan,SO,AD 11010
                Faadumo,SO,09010
                """);
        runner.run();
        final JsonNode kept = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("JH 09010 AD 11010", kept.get(0).get("Zip").asText() + " " + kept.get(1).get("Zip").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(1, invalid.size());
        assertEquals("Zip: not a Somali postal code (two letters and 5 digits)", invalid.get(0).get("crm_errors").asText());
        assertEquals("09010", invalid.get(0).get("Zip").asText());

        // typed as a number, five digits are no Somali code either: rejected with the number read, no zeros counted
        runner.clearTransferState();
        useSchemaAccessStrategy("infer-schema");
        runner.enqueue("Name,Country,Zip\nFaadumo,SO,09010\nHodan,SO,11010\n");
        runner.run();
        final List<String> errors = new ArrayList<>();
        json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).forEach(record -> errors.add(record.get("crm_errors").asText()));
        assertEquals(List.of("9010", "11010").stream().map(number -> "Zip: not a Somali postal code (two letters and 5 digits): the Record Reader "
                + "read it as the number " + number + ", which drops leading zeros: to clean it as the source wrote it, read the column as text (in "
                + "CSVReader, the Schema Access Strategy Use String Fields From Header, or a schema that types it as a string)").toList(), errors);
    }

    /**
     * A ZIP column of dummies a reader inferring its schema typed as integers ({@code 00000} read as 0, {@code 99999}) is
     * rejected as the placeholder it is, as the text is: not as a number that lost its zeros, which reading the column as
     * text would not change. A real ZIP the reader typed still says the number it read.
     */
    @Test
    void rejectsATypedPlaceholderZipAsAPlaceholderNotAsANumberThatLostItsZeros() throws IOException {
        useSchemaAccessStrategy("infer-schema");
        final String csv = """
                Name,Country,Zip
                Ann,US,00000
                Bob,US,0
                Cy,US,99999
                Di,US,123
                Ed,US,2134
                """;
        runner.enqueue(csv);
        runner.run();

        final List<String> errors = new ArrayList<>();
        json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).forEach(record -> errors.add(record.get("crm_errors").asText()));
        final String placeholder = "Zip: 00000 or 99999, a placeholder for an unknown ZIP code: not a US ZIP code";
        assertEquals(List.of(placeholder, placeholder, placeholder, "Zip: not a US ZIP code: the Record Reader read it as the number 123, which drops "
                + "leading zeros: to clean it as the source wrote it, read the column as text (in CSVReader, the Schema Access Strategy Use String "
                + "Fields From Header, or a schema that types it as a string)"), errors);
        assertEquals("02134", json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0).get("Zip").asText());

        // read as text, the dummies get the same reason
        runner.clearTransferState();
        useSchemaAccessStrategy("csv-header-derived");
        runner.enqueue(csv);
        runner.run();
        final List<String> asText = new ArrayList<>();
        json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).forEach(record -> asText.add(record.get("crm_errors").asText()));
        assertEquals(List.of(placeholder, placeholder, placeholder, "Zip: not a US ZIP code"), asText);
    }

    private static String otherValueWithZeros(final String number, final String withZeros) {
        return "the Record Reader read it as the number " + number + ", which drops leading zeros, and with " + withZeros
                + ": which one the source wrote is unknown, read the column as text (in CSVReader, the Schema Access Strategy Use String Fields "
                + "From Header, or a schema that types it as a string)";
    }

    /** Has the CSVReader read its schema so: {@code infer-schema} types columns of digits as numbers, {@code csv-header-derived} reads strings. */
    private void useSchemaAccessStrategy(final String strategy) {
        runner.disableControllerService(csvReader);
        runner.setProperty(csvReader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, strategy);
        runner.enableControllerService(csvReader);
    }

    private static String leadingZeroLost(final String number, final String zeros) {
        return "the Record Reader read it as the number " + number + ", which drops leading zeros, and with " + zeros
                + " it would be read: read the column as text (in CSVReader, the Schema Access Strategy Use String Fields From Header, "
                + "or a schema that types it as a string)";
    }

    @Test
    void cleansNestedFieldsTheReaderInferredAsNumbers() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.enqueue("""
                [ { "Id" : 1, "address" : { "Country" : "US", "Zip" : 2134, "Phone" : 2404522332 },
                    "contacts" : [ { "Zip" : 2135 }, { "Zip" : "02136" } ] },
                  { "Id" : 2, "address" : { "Country" : "US", "Zip" : "02137", "Phone" : "(240) 452-2333" }, "contacts" : [ ] } ]""");
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode records = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(MAPPER.readTree("{ \"Country\" : \"US\", \"Zip\" : \"02134\", \"Phone\" : \"+12404522332\" }"), records.get(0).get("address"));
        assertEquals(MAPPER.readTree("[ { \"Zip\" : \"02135\" }, { \"Zip\" : \"02136\" } ]"), records.get(0).get("contacts"));
        assertEquals(MAPPER.readTree("{ \"Country\" : \"US\", \"Zip\" : \"02137\", \"Phone\" : \"+12404522333\" }"), records.get(1).get("address"));
    }

    /**
     * A ZIP column a JSON reader typed as numbers holds the dummy 00000 as the integer 0 (and 99999.0 as a double): the
     * placeholders an operator lists as 00000 and 99999 are those numbers, so the values are set to null without a reason,
     * also where a per-record path selects them; without the list they are rejected as the placeholders they are.
     */
    @Test
    void setsAZipTheJsonReaderTypedAsANumberToNullWhereThePlaceholdersListItsDigits() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        final String contacts = """
                [ { "Id" : 1, "Country" : "US", "Zip" : 0, "address" : { "box" : 0 } },
                  { "Id" : 2, "Country" : "US", "Zip" : 99999.0, "address" : { "box" : 2134 } },
                  { "Id" : 3, "Country" : "US", "Zip" : 2134, "address" : { "box" : 99999 } } ]""";
        runner.setProperty("postal_code", "//box");
        runner.enqueue(contacts);
        runner.run();
        runner.assertTransferCount(CleanCRMRecord.REL_INVALID, 1);
        assertEquals(3, json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).size());

        runner.clearTransferState();
        runner.setProperty(CleanCRMRecord.PLACEHOLDER_VALUES, "N/A,unknown,00000,99999");
        runner.enqueue(contacts);
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode records = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(3, records.size());
        final List<String> zips = new ArrayList<>();
        for (final JsonNode record : records) {
            assertTrue(record.get("crm_errors").isNull(), record.toString());
            zips.add(record.get("Zip").isNull() ? null : record.get("Zip").asText());
            zips.add(record.get("address").get("box").isNull() ? null : record.get("address").get("box").asText());
        }
        assertEquals(Arrays.asList(null, null, null, "02134", "02134", null), zips);
    }

    @Test
    void readsACountryTheJsonReaderTypedAsANumberAsItsNumericCode() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.enqueue("""
                [ { "Id" : 1, "Country" : 36, "Phone" : "(02) 9374 4000" },
                  { "Id" : 2, "Country" : 276, "Phone" : "030 1234567" },
                  { "Id" : 3, "Country" : 12345, "Phone" : "(240) 452-2333" } ]""");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(2, success.size());
        assertEquals("AU", success.get(0).get("Country").asText());
        assertEquals("+61293744000", success.get(0).get("Phone").asText());
        assertEquals("DE", success.get(1).get("Country").asText());
        assertEquals("+49301234567", success.get(1).get("Phone").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals("Country: holds a number where one country value is expected", invalid.get(0).get("crm_errors").asText());
    }

    @Test
    void readsANumberInACountryFieldADynamicPropertyNamesAsItReadsOneItRecognisesByName() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty("country", "/address/land");
        runner.enqueue("""
                [ { "Id" : 1, "land" : "Hamburg", "address" : { "land" : 276, "Phone" : "030 1234567" } },
                  { "Id" : 2, "land" : "Hamburg", "address" : { "land" : 12345, "Phone" : "(240) 452-2333" } } ]""");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(1, success.size());
        assertEquals("Hamburg", success.get(0).get("land").asText());
        assertEquals(MAPPER.readTree("{ \"land\" : \"DE\", \"Phone\" : \"+49301234567\" }"), success.get(0).get("address"));
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals("address/land: holds a number where one country value is expected", invalid.get(0).get("crm_errors").asText());
        assertEquals(12345, invalid.get(0).get("address").get("land").asInt());
    }

    @Test
    void readsAHubSpotBirthDateInMillisecondsWhereAsSecondsItIsNoBirthDateAndRejectsOneThatIsABirthDateBothWays()
            throws IOException, InitializationException {
        // HubSpot writes a date as milliseconds at midnight UTC; a JSON reader types them as numbers
        RecordServices.useJsonReader(runner);
        runner.enqueue("""
                [ { "Id" : 1, "Birthdate" : -3888000000, "CreatedDate" : 1705314600000 },
                  { "Id" : 2, "Birthdate" : 345600000, "CreatedDate" : 345600000 } ]""");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("1969-11-17", success.get(0).get("Birthdate").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals("Birthdate: an epoch number that is one birth date in seconds and another in milliseconds: export the date as text",
                invalid.get(0).get("crm_errors").asText());
        assertEquals("345600000", invalid.get(0).get("Birthdate").asText());
        assertEquals("1980-12-14T00:00:00Z", invalid.get(0).get("CreatedDate").asText());
    }

    private static final String EPOCH_ZERO = "the epoch itself (0, 1970-01-01T00:00:00Z), what an unset date is exported as: not a date";
    private static final String DIGITS_LOST = "digits lost in a spreadsheet's scientific notation: format the column as text before exporting";
    private static final String FLOAT_DIGITS_LOST = "a number the reader typed as a floating-point value, whose digits may be lost: "
            + "read this column as a string (in CSVReader, a schema that types it as a string)";

    @Test
    void readsHubSpotsEarliestDatesAndRejectsTheEpochItselfAsAnUnsetDate() throws IOException, InitializationException {
        // HubSpot writes 1970-01-02 as 86400000 milliseconds and an unset date property, by some integrations, as 0
        RecordServices.useJsonReader(runner);
        final String json = """
                [ { "Id" : 1, "Birthdate" : 86400000, "CreatedDate" : 1705314600000.0 },
                  { "Id" : 2, "Birthdate" : 0, "CreatedDate" : 0 } ]""";
        runner.enqueue(json);
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(1, success.size());
        assertEquals("1970-01-02", success.get(0).get("Birthdate").asText());
        assertEquals("2024-01-15T10:30:00Z", success.get(0).get("CreatedDate").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(1, invalid.size());
        assertEquals("Birthdate: " + EPOCH_ZERO + "; CreatedDate: " + EPOCH_ZERO, invalid.get(0).get("crm_errors").asText());
        assertEquals("0", invalid.get(0).get("Birthdate").asText());

        // an operator who takes 0 for "no date" sets such values to null
        runner.clearTransferState();
        runner.setProperty(CleanCRMRecord.INVALID_VALUE_POLICY, CleanCRMRecord.InvalidValuePolicyOption.SET_TO_NULL);
        runner.enqueue(json);
        runner.run();
        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode unset = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(1);
        assertTrue(unset.get("Birthdate").isNull());
        assertTrue(unset.get("CreatedDate").isNull());
    }

    @Test
    void readsAJsonDoubleInADateFieldAReaderWithASchemaOfStringsWroteAsText() throws IOException, InitializationException {
        // the reader writes the JSON number 1705314600000.0 as Java writes a double, 1.7053146E12, and 86400000.0 as 8.64E7
        RecordServices.useJsonReader(runner, """
                { "type" : "record", "name" : "contact", "fields" : [ { "name" : "Id", "type" : "string" },
                  { "name" : "Birthdate", "type" : [ "null", "string" ] }, { "name" : "CreatedDate", "type" : [ "null", "string" ] },
                  { "name" : "Phone", "type" : [ "null", "string" ] } ] }""");
        runner.enqueue("""
                [ { "Id" : "1", "Birthdate" : 86400000.0, "CreatedDate" : 1705314600000.0, "Phone" : 4155550100.0 },
                  { "Id" : "2", "Birthdate" : 3.15532800E8, "CreatedDate" : 1.70531E12 },
                  { "Id" : "3", "Phone" : 4155550100.12 } ]""");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(1, success.size());
        assertEquals("1970-01-02", success.get(0).get("Birthdate").asText());
        assertEquals("2024-01-15T10:30:00Z", success.get(0).get("CreatedDate").asText());
        // the phone the reader wrote as 4.1555501E9
        assertEquals("+14155550100", success.get(0).get("Phone").asText());
        // twelve digits or more in six significant ones are rejected as a double of them is: they may be Excel's display
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0);
        assertEquals("CreatedDate: " + DIGITS_LOST, invalid.get("crm_errors").asText());
        assertEquals("1980-01-01", invalid.get("Birthdate").asText());
        // 4155550100.12, written 4.15555010012E9, has every digit and a fraction: a phone is a whole number
        final JsonNode fraction = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(1);
        assertEquals("Phone: a number with a fraction, not a phone number", fraction.get("crm_errors").asText());
        assertEquals("4.15555010012E9", fraction.get("Phone").asText());
    }

    @Test
    void readsHubSpotsEarliestDatesAndEpochValuesASpreadsheetOrAProgramWroteInACsvExport() throws IOException {
        runner.enqueue("""
                Id,Birthdate,CreatedDate
                1,86400000,1705314600000.0
                2,0,1.7053146E+12
                3,20240301,1.7053146E12
                """);
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(2, success.size());
        assertEquals("1970-01-02 2024-01-15T10:30:00Z", success.get(0).get("Birthdate").asText() + " " + success.get(0).get("CreatedDate").asText());
        // an 8-digit date yyyyMMdd stays a date; a double as Java writes it (NiFi's CSV writer) holds every digit
        assertEquals("2024-03-01 2024-01-15T10:30:00Z", success.get(1).get("Birthdate").asText() + " " + success.get(1).get("CreatedDate").asText());
        // a spreadsheet's display of 13 digits in 8 significant ones lost the rest
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(1, invalid.size());
        assertEquals("Birthdate: " + EPOCH_ZERO + "; CreatedDate: " + DIGITS_LOST, invalid.get(0).get("crm_errors").asText());
    }

    /**
     * A CSVReader that infers its schema types {@code 1705314600000.0} as a float, which holds about 7 digits: the reader
     * lost the digits (the float holds 1705314615296), not a spreadsheet, and the reason says what to do. An
     * 8-digit date of a float ({@code 19800115.0}, the float 19800116) is rejected so too rather than read as another
     * day; the same values as text keep their readings.
     */
    @Test
    void rejectsNumbersTheCsvReaderInferredAsFloatsSayingToReadTheColumnAsAString() throws IOException {
        useSchemaAccessStrategy("infer-schema");
        final String csv = "Id,Birthdate,CreatedDate,Phone\n1,19800115.0,1705314600000.0,4155550100.0\n";
        runner.enqueue(csv);
        runner.run();

        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0);
        assertEquals("Birthdate: " + FLOAT_DIGITS_LOST + "; CreatedDate: " + FLOAT_DIGITS_LOST + "; Phone: " + FLOAT_DIGITS_LOST,
                invalid.get("crm_errors").asText());

        // read as strings, as the reason says, every digit is there
        runner.clearTransferState();
        useSchemaAccessStrategy("csv-header-derived");
        runner.enqueue(csv);
        runner.run();
        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode read = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertEquals("1980-01-15 2024-01-15T10:30:00Z +14155550100",
                read.get("Birthdate").asText() + " " + read.get("CreatedDate").asText() + " " + read.get("Phone").asText());
    }

    @Test
    void readsNumbersInFieldsAPerRecordPathSelectsAsItReadsThoseOfFieldsItRecognisesByName() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty("country", "//land");
        runner.setProperty("phone", "/line[not(isEmpty(.))]");
        runner.enqueue("""
                [ { "Id" : 1, "line" : 2404522332, "address" : { "land" : 840 } },
                  { "Id" : 2, "line" : "(240) 452-2333", "address" : { "land" : 12345 } } ]""");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(1, success.size());
        assertEquals("+12404522332", success.get(0).get("line").asText());
        assertEquals(MAPPER.readTree("{ \"land\" : \"US\" }"), success.get(0).get("address"));
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals("land: holds a number where one country value is expected", invalid.get(0).get("crm_errors").asText());
        assertEquals("+12404522333", invalid.get(0).get("line").asText());
        assertEquals(12345, invalid.get(0).get("address").get("land").asInt());
    }

    @Test
    void readsPhonesInTheCountryAPerRecordPathSelects() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty("country", "//land");
        runner.setProperty("phone", "/address/line[not(isEmpty(.))]");
        runner.enqueue("""
                [ { "Id" : 1, "Phone" : "030 1234567", "address" : { "land" : 276, "line" : "089 7654321" } },
                  { "Id" : 2, "Phone" : "(240) 452-2333", "address" : { "line" : "(240) 452-2334" } } ]""");
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode records = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("+49301234567", records.get(0).get("Phone").asText());
        assertEquals(MAPPER.readTree("{ \"land\" : \"DE\", \"line\" : \"+49897654321\" }"), records.get(0).get("address"));
        assertEquals("+12404522333", records.get(1).get("Phone").asText());
        assertEquals("+12404522334", records.get(1).get("address").get("line").asText());
    }

    /**
     * An old European CRM's export: postal codes with their CEPT country prefix, and internationalised domains, some of
     * which IDNA 2008 forbids (a Cyrillic look-alike, a label too long in its ASCII form). Every record leaves once.
     */
    @Test
    void readsCountryPrefixesOfPostalCodesAndHoldsInternationalisedDomainsToIdna2008() throws IOException {
        runner.enqueue("""
                Id,Country,PostalCode,Email,Website
                1,Germany,D-10115,info@bücher.de,col·legi.cat
                2,,CH-8001,anna@example.ch,https://пример.рф/
                3,DE,F-75001,jean@example.fr,
                4,NL,NL-1012 AB,info@pаypal.com,
                5,AT,A-1010,,%s.at
                """.formatted("ü".repeat(58)));
        runner.run();

        runner.assertTransferCount(CleanCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(CleanCRMRecord.REL_INVALID, 1);
        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(2, success.size());
        assertEquals(3, invalid.size());
        assertEquals("10115", success.get(0).get("PostalCode").asText());
        assertEquals("https://col·legi.cat", success.get(0).get("Website").asText());
        assertEquals("8001", success.get(1).get("PostalCode").asText());
        assertTrue(success.get(1).get("Country").isNull(), "a prefix sets no country");
        assertEquals("PostalCode: country prefix of the postal code names another country than the record's",
                invalid.get(0).get("crm_errors").asText());
        assertEquals("1012 AB", invalid.get(1).get("PostalCode").asText());
        assertEquals("Email: domain label mixes scripts (look-alike letters)", invalid.get(1).get("crm_errors").asText());
        assertEquals("1010", invalid.get(2).get("PostalCode").asText());
        assertEquals("Website: internationalised domain label longer than 63 characters in its ASCII form (xn--)",
                invalid.get(2).get("crm_errors").asText());
    }

    @Test
    void readsACountryCodeTheCsvReaderInferredAsANumberAsItsNumericCode() throws IOException {
        useSchemaAccessStrategy("infer-schema");
        runner.enqueue("FirstName,Country\nAnn,036\nBen,004\n");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("AU", success.get(0).get("Country").asText());
        assertEquals("AF", success.get(1).get("Country").asText());
    }

    @Test
    void cleansANestedAddressTheJsonReaderReadAsTextInOneRecordAndAsAnObjectInAnother() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.enqueue("""
                [ { "Id" : 1, "address" : "  1 Main St,  Boston ", "contacts" : [ { "Zip" : 2136 }, "see notes" ] },
                  { "Id" : 2, "address" : { "Country" : "USA", "Zip" : 2134, "Phone" : 2404522332 }, "contacts" : "none yet" },
                  { "Id" : 3, "address" : { "Country" : "Canada", "Zip" : "k1a0b1", "Phone" : "613 555 0199" } } ]""");
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode records = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(3, records.size());
        assertEquals("1 Main St, Boston", records.get(0).get("address").asText());
        assertEquals(MAPPER.readTree("[ { \"Zip\" : \"02136\" }, \"see notes\" ]"), records.get(0).get("contacts"));
        assertEquals(MAPPER.readTree("{ \"Country\" : \"US\", \"Zip\" : \"02134\", \"Phone\" : \"+12404522332\" }"), records.get(1).get("address"));
        assertEquals("none yet", records.get(1).get("contacts").asText());
        assertEquals(MAPPER.readTree("{ \"Country\" : \"CA\", \"Zip\" : \"K1A 0B1\", \"Phone\" : \"+16135550199\" }"), records.get(2).get("address"));
    }

    @Test
    void keepsAnObjectOrAListAsReadWhereOtherRecordsHoldANumber() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.enqueue("""
                [ { "Id" : 1, "Phone" : 2404522332, "Zip" : 2134 },
                  { "Id" : 2, "Phone" : { "home" : "2404522333" }, "Zip" : [ 2134, 2135 ] } ]""");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertEquals("+12404522332", success.get("Phone").asText());
        assertEquals("02134", success.get("Zip").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0);
        assertEquals(MAPPER.readTree("{ \"home\" : \"2404522333\" }"), invalid.get("Phone"));
        assertEquals(MAPPER.readTree("[ 2134, 2135 ]"), invalid.get("Zip"));
        assertEquals("Phone: holds an object where one phone value is expected; Zip: holds a list of 2 values where one postal_code value "
                + "is expected", invalid.get("crm_errors").asText());
    }

    @Test
    void rejectsABooleanInAFieldWithARole() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.enqueue("""
                [ { "Id" : 1, "Zip" : true, "Email" : false },
                  { "Id" : 2, "Zip" : "2134", "Email" : false } ]""");
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_INVALID, 1);
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertTrue(invalid.get(0).get("Zip").isBoolean());
        assertEquals("Zip: holds a boolean where one postal_code value is expected; Email: holds a boolean where one email value is expected",
                invalid.get(0).get("crm_errors").asText());
        assertEquals("02134", invalid.get(1).get("Zip").asText());
        assertEquals("Email: holds a boolean where one email value is expected", invalid.get(1).get("crm_errors").asText());
    }

    @Test
    void setsABooleanInAFieldWithARoleToNull() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(CleanCRMRecord.INVALID_VALUE_POLICY, CleanCRMRecord.InvalidValuePolicyOption.SET_TO_NULL);
        runner.enqueue("[ { \"Id\" : 1, \"Zip\" : true } ]");
        runner.run();

        final JsonNode record = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertTrue(record.get("Zip").isNull());
        assertEquals("Zip: holds a boolean where one postal_code value is expected", record.get("crm_errors").asText());
    }

    @Test
    void setsRejectedValuesToNull() throws IOException {
        runner.setProperty(CleanCRMRecord.INVALID_VALUE_POLICY, CleanCRMRecord.InvalidValuePolicyOption.SET_TO_NULL);
        runner.enqueue(RESOURCES.resolve("input/contacts.csv"));
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final MockFlowFile success = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst();
        success.assertAttributeEquals("record.count", "4");
        success.assertAttributeEquals("crm.clean.invalid.count", "1");
        final JsonNode pierre = json(success).get(2);
        assertTrue(pierre.get("Email").isNull());
        assertTrue(pierre.get("Phone").isNull());
        assertTrue(pierre.get("Birthdate").isNull());
        assertEquals("Email: missing @; Phone: not a valid number for region CA; Birthdate: not a real calendar date; "
                + "Website: not an http or https address", pierre.get("crm_errors").asText());
    }

    @Test
    void keepsRejectedValues() throws IOException {
        runner.setProperty(CleanCRMRecord.INVALID_VALUE_POLICY, "keep-value");
        runner.enqueue(RESOURCES.resolve("input/contacts.csv"));
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode pierre = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(2);
        assertEquals("pierre.example.com", pierre.get("Email").asText());
        assertEquals("+18572398239", pierre.get("Mobile Phone").asText());
        assertTrue(pierre.get("crm_errors").asText().startsWith("Email: missing @"));
    }

    @Test
    void usesTheConfiguredPlaceholders() throws IOException {
        runner.setProperty(CleanCRMRecord.PLACEHOLDER_VALUES, "n/v, unknown");
        runner.enqueue("Company,Notes,Title\nn/v,N/A,UNKNOWN\n");
        runner.run();

        final JsonNode record = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertTrue(record.get("Company").isNull());
        assertEquals("N/A", record.get("Notes").asText());
        assertTrue(record.get("Title").isNull());
    }

    @Test
    void keepsEveryValueWhenThePlaceholderListIsEmpty() throws IOException {
        runner.setProperty(CleanCRMRecord.PLACEHOLDER_VALUES, "");
        runner.enqueue("Company,Notes\nN/A, unknown \n");
        runner.run();

        final JsonNode record = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertEquals("N/A", record.get("Company").asText());
        assertEquals("unknown", record.get("Notes").asText());
    }

    @Test
    void dynamicPropertiesOverrideRecognitionByName() throws IOException {
        runner.setProperty("text", "/Phone");
        runner.setProperty("phone", "/Office_Line, /'Fax Line'");
        runner.setProperty("Errors Field", "problems");
        runner.enqueue("Phone,Office_Line,Fax Line,Email\n 240.452.2332 ,240.452.2333,1234,A@B.COM\n");
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_INVALID, 1);
        final JsonNode record = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0);
        assertEquals("240.452.2332", record.get("Phone").asText());
        assertEquals("+12404522333", record.get("Office_Line").asText());
        assertEquals("a@b.com", record.get("Email").asText());
        assertEquals("Fax Line: not a valid number for region US", record.get("problems").asText());
    }

    /**
     * A zero-width non-joiner or joiner that is part of the spelling reaches the output: a Persian name and email domain,
     * a Devanagari conjunct, an emoji. Before, every one was removed: the names changed, and info@می‌خواهم.ir became
     * info@میخواهم.ir, another domain. A stray one, between Latin letters or at a value's edge, is removed as before.
     */
    @Test
    void keepsTheJoinersOfASpellingAndRemovesStrayOnes() throws IOException {
        final String persianDomain = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645.ir";
        runner.enqueue("First Name,Last Name,Email,Website,Notes\n"
                + "\u0645\u0647\u200C\u0646\u0627\u0632,\u062D\u0633\u06CC\u0646\u200C\u0632\u0627\u062F\u0647,info@" + persianDomain
                + ",https://" + persianDomain + "/,\uD83D\uDC69\u200D\uD83D\uDCBB\n"
                + "\u200DJo\u200Dhn,\u0915\u094D\u200D\u0937\u0924\u094D\u0930\u093F\u092F,JO\u200DHN@EXAMPLE.COM\u200C,example.com,12\u200C34\n");
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final JsonNode records = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        final JsonNode persian = records.get(0);
        assertEquals("\u0645\u0647\u200C\u0646\u0627\u0632", persian.get("First Name").asText());
        assertEquals("\u062D\u0633\u06CC\u0646\u200C\u0632\u0627\u062F\u0647", persian.get("Last Name").asText());
        assertEquals("info@" + persianDomain, persian.get("Email").asText());
        assertEquals("https://" + persianDomain, persian.get("Website").asText());
        assertEquals("\uD83D\uDC69\u200D\uD83D\uDCBB", persian.get("Notes").asText());
        final JsonNode stray = records.get(1);
        assertEquals("John", stray.get("First Name").asText());
        assertEquals("\u0915\u094D\u200D\u0937\u0924\u094D\u0930\u093F\u092F", stray.get("Last Name").asText());
        assertEquals("john@example.com", stray.get("Email").asText());
        assertEquals("1234", stray.get("Notes").asText());
    }

    /**
     * A field named like a domain holds a bare domain, as HubSpot's company domain does (the one MapCRMRecord's HubSpot Company
     * preset writes): it stays one, lower case, without scheme, path or www., a pasted address read as its domain, while the
     * website beside it stays an address. Before, a field named domain was cleaned as a website (Acme.COM became
     * https://acme.com) and company_domain and email_domain were left as written.
     */
    @Test
    void keepsAFieldNamedLikeADomainABareDomainAndAWebsiteAnAddress() throws IOException {
        runner.setProperty("domain", "/'Parent Host'");
        runner.enqueue("""
                name,domain,company_domain,Email Domain,website,Parent Host
                Acme,Acme.COM,https://www.Northwind-Traders.com:443/about,XN--BCHER-KVA.DE.,www.acme.com,WWW.Contoso.com
                Local,10.0.0.1,www.com,acme,acme.com/shop,n/a
                """);
        runner.run();

        runner.assertTransferCount(CleanCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(CleanCRMRecord.REL_INVALID, 1);
        final JsonNode acme = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertEquals(List.of("acme.com", "northwind-traders.com", "bücher.de", "https://www.acme.com", "contoso.com"),
                List.of(acme.get("domain").asText(), acme.get("company_domain").asText(), acme.get("Email Domain").asText(),
                        acme.get("website").asText(), acme.get("Parent Host").asText()), acme.toString());
        assertTrue(acme.get("crm_errors").isNull(), acme.toString());
        final JsonNode local = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0);
        assertEquals("www.com", local.get("company_domain").asText(), local.toString());
        assertEquals("https://acme.com/shop", local.get("website").asText(), local.toString());
        assertEquals("domain: an IP address, not a domain name; Email Domain: host has no dot", local.get("crm_errors").asText());
    }

    @Test
    void cleansOnlyAssignedFieldsWhenNamesAreNotRecognized() throws IOException {
        runner.setProperty(CleanCRMRecord.RECOGNIZE_FIELDS_BY_NAME, "false");
        runner.setProperty("email", "/Email");
        runner.enqueue("Phone,Email\n240.452.2332 , A@B.COM\n");
        runner.run();

        final JsonNode record = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
        assertEquals("240.452.2332", record.get("Phone").asText());
        assertEquals("a@b.com", record.get("Email").asText());
    }

    @Test
    void cleansNestedJsonRecordsInTheirOwnCountry() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty("phone", "/other/tel");
        runner.enqueue(RESOURCES.resolve("input/nested.json"));
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        assertJsonEquals("output/nested-success.json", runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
    }

    @Test
    void routesUnreadableContentToFailureUntouched() throws InitializationException {
        RecordServices.useJsonReader(runner);
        final String content = "{ \"Email\": \"a@b.com\", ";
        runner.enqueue(content);
        runner.run();

        assertNotNull(failedUntouched(content));
    }

    @Test
    void routesAFlowFileWhoseReaderFailsMidwayToFailureUntouchedWithoutPartialOutput() {
        final String content = "Id,Email\n1,ann@example.com\n2,bob@example.com\n3,\"carol@example.com\n4,dave@example.com\n";
        runner.enqueue(content);
        runner.run();

        final String reason = failedUntouched(content);
        assertTrue(reason.startsWith("record 3 could not be read: "), reason);
        assertTrue(reason.contains("EOF reached before encapsulated token finished"), reason);
        assertFalse(reason.contains("example.com"), reason);
    }

    @Test
    void routesAFlowFileWithAValueItsSchemaCannotHoldMidwayToFailureUntouchedWithoutTheValue() {
        runner.disableControllerService(csvReader);
        runner.setProperty(csvReader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "schema-text-property");
        runner.setProperty(csvReader, SchemaAccessUtils.SCHEMA_TEXT, """
                {"type": "record", "name": "contact", "fields": [{"name": "Email", "type": "string"}, {"name": "Age", "type": "int"}]}""");
        // without it the header line is the first record, and fails there
        runner.setProperty(csvReader, CSVUtils.FIRST_LINE_IS_HEADER, "true");
        runner.enableControllerService(csvReader);
        final String content = "Email,Age\nann@example.com,41\nbob@example.com,Quenneville\n";
        runner.enqueue(content);
        runner.run();

        final String reason = failedUntouched(content);
        // NiFi's reader names neither the field nor the record: the processor counts the records it read and finds the field
        assertTrue(reason.startsWith("record 2 (field Age) could not be read: "), reason);
        assertTrue(reason.contains("a number could not be read"), reason);
        assertFalse(reason.contains("Quenneville"), reason);
    }

    @Test
    void rejectsANumberTheReaderInferredInANameOrCountryColumn() throws IOException {
        useSchemaAccessStrategy("infer-schema");
        runner.enqueue("FirstName,LastName,Country\nANN,LEE,Germany\n12345,Smith,12345\n");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("Ann", success.get(0).get("FirstName").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(1, invalid.size());
        assertEquals("Country: holds a number where one country value is expected; FirstName: holds a number where one name value is expected",
                invalid.get(0).get("crm_errors").asText());
    }

    @Test
    void rejectsAPhoneTheReaderReadAsADoubleThatLostDigitsInASpreadsheet() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.enqueue("""
                [ { "Name" : "Ann", "Phone" : 4.41236E+11 },
                  { "Name" : "Bob", "Phone" : 4155550100 },
                  { "Name" : "Cid", "Phone" : 4.155550101E+09 },
                  { "Name" : "Dee", "Phone" : 2.1255E+09 } ]""");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals(3, success.size());
        assertEquals("+14155550100", success.get(0).get("Phone").asText());
        assertEquals("+14155550101", success.get(1).get("Phone").asText());
        // ten digits ending in zeros: Excel writes them in full, so a double of them is the number it says
        assertEquals("+12125500000", success.get(2).get("Phone").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0);
        assertEquals("Ann", invalid.get("Name").asText());
        assertEquals("Phone: digits lost in a spreadsheet's scientific notation: format the column as text before exporting",
                invalid.get("crm_errors").asText());
    }

    @Test
    void readsExcelSerialDatesOnlyInTheDateSystemTheOperatorNames() throws IOException {
        final String csv = "Name,Birthdate,CloseDate\nAnn,36526,45234.5\n";
        runner.enqueue(csv);
        runner.run();
        final JsonNode rejected = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst()).get(0);
        assertEquals("Birthdate: a spreadsheet's serial day number, not a date: format the column as a date before exporting; "
                + "CloseDate: a spreadsheet's serial day number, not a date: format the column as a date before exporting",
                rejected.get("crm_errors").asText());

        for (final Map.Entry<String, String> system : Map.of("1900-date-system", "2000-01-01 2023-11-04T12:00:00",
                "1904-date-system", "2004-01-02 2027-11-05T12:00:00").entrySet()) {
            runner.clearTransferState();
            runner.setProperty(CleanCRMRecord.EXCEL_SERIAL_DATES, system.getKey());
            runner.enqueue(csv);
            runner.run();
            runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
            final JsonNode read = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst()).get(0);
            assertEquals(system.getValue(), read.get("Birthdate").asText() + " " + read.get("CloseDate").asText());
        }
    }

    @Test
    void readsAnIsoNumericCountryCodeAndTheRecordsPhoneInThatCountry() throws IOException {
        runner.enqueue("Name,Country,Phone\nAnn,276,030 1234567\nBob,036,(02) 9876 5432\nCid,36,555-0100\n");
        runner.run();

        final JsonNode success = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("DE +49301234567", success.get(0).get("Country").asText() + " " + success.get(0).get("Phone").asText());
        assertEquals("AU +61298765432", success.get(1).get("Country").asText() + " " + success.get(1).get("Phone").asText());
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals("Country: holds a number where one country value is expected; Phone: local number without its area code",
                invalid.get(0).get("crm_errors").asText());
    }

    /** The reason of the one FlowFile the run sent to failure, its content as it came in. */
    private String failedUntouched(final String content) {
        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_FAILURE).getFirst();
        failed.assertContentEquals(content);
        return failed.getAttribute("record.error.message");
    }

    @Test
    void writesAnEmptyRecordSetForEmptyInput() throws IOException {
        runner.enqueue(RESOURCES.resolve("input/header-only.csv"));
        runner.run();

        runner.assertAllFlowFilesTransferred(CleanCRMRecord.REL_SUCCESS, 1);
        final MockFlowFile success = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst();
        success.assertAttributeEquals("record.count", "0");
        success.assertAttributeEquals("crm.clean.changed.count", "0");
        success.assertAttributeEquals("crm.clean.invalid.count", "0");
        assertEquals(0, json(success).size());
    }

    @Test
    void rejectsAnUnknownRuleWithTheValidNames() {
        runner.setProperty("fax_number", "/Fax");
        runner.assertNotValid();
        final String explanation = runner.validate().toString();
        assertTrue(explanation.contains("'fax_number' is not a rule or role"), explanation);
        assertTrue(explanation.contains("birth_date, city, company, company_id, country"), explanation);
    }

    @Test
    void rejectsAnInvalidRecordPath() {
        runner.setProperty("phone", "/Phone, /Mobile[");
        runner.assertNotValid();
        runner.setProperty("phone", "/Phone, /Mobile");
        runner.assertValid();
    }

    @Test
    void rejectsAFieldAssignedToTwoRules() {
        runner.setProperty("phone", "/Phone");
        runner.setProperty("text", "/Phone");
        runner.assertNotValid();
        final String explanation = runner.validate().toString();
        assertTrue(explanation.contains("remove it from one of the two properties"), explanation);
    }

    @Test
    void rejectsCleaningTheErrorsField() {
        runner.setProperty("text", "/crm_errors");
        runner.assertNotValid();
        final String explanation = runner.validate().toString();
        assertTrue(explanation.contains("remove /crm_errors from the dynamic property or choose another Errors Field"), explanation);
        runner.setProperty(CleanCRMRecord.ERRORS_FIELD, "cleaning_errors");
        runner.assertValid();
    }

    @Test
    void rejectsARegionLibphonenumberDoesNotKnow() {
        runner.setProperty(CleanCRMRecord.DEFAULT_PHONE_REGION, "XX");
        runner.assertNotValid();
        runner.setProperty(CleanCRMRecord.DEFAULT_PHONE_REGION, "USA");
        runner.assertNotValid();
        runner.setProperty(CleanCRMRecord.DEFAULT_PHONE_REGION, "de");
        runner.assertValid();
    }

    @Test
    void normalisesEveryPhoneEmailAndDateOfPeople1000() throws IOException {
        final Map<String, Integer> reasons = cleanEvalFile(EvalData.folder("crm").resolve("people-1000.csv"), 1000,
                Map.of("Phone", E164, "Email", EMAIL, "Date of birth", ISO_DATE));
        // 011.396.7875x37387: 011 is the US international prefix, after which +39 67875 is too short for Italy; Faker draws area
        // codes and exchanges from 000 to 999, and 393 phones have a form no North American number has
        final Map<String, Integer> expected = new TreeMap<>(northAmericanFormFaults("Phone", 64, 34, 104, 9, 177, 5));
        expected.put(ITALIAN_AFTER_011, 1);
        assertEquals(expected, reasons);
        assertEquals("394", runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst().getAttribute("record.count"));
    }

    /**
     * The reasons of the North American form faults of a field, counted: area code from 0 (as national text, after +1), from
     * 1, N11, exchange from 0 or 1, N11 exchange.
     */
    private static Map<String, Integer> northAmericanFormFaults(final String field, final int areaCodeFrom0AsNationalText, final int areaCodeFrom0,
                                                              final int areaCodeFrom1, final int serviceCode, final int exchangeFrom0Or1,
                                                              final int serviceCodeExchange) {
        final String from0 = field + ": area code starting with 0, which no North American number has";
        final Map<String, Integer> faults = new TreeMap<>();
        faults.put(from0 + ": another country's national number (with its trunk 0) without its country code?", areaCodeFrom0AsNationalText);
        faults.put(from0, areaCodeFrom0);
        faults.put(field + ": area code starting with 1, which no North American number has", areaCodeFrom1);
        faults.put(field + ": area code 211 to 911 is a service code (N11), never a North American area code", serviceCode);
        faults.put(field + ": exchange (the 3 digits after the area code) starting with 0 or 1, which no North American number has", exchangeFrom0Or1);
        faults.put(field + ": exchange (the 3 digits after the area code) 211 to 911 is a service code (N11), never the exchange of a North American "
                + "area's number", serviceCodeExchange);
        faults.values().removeIf(count -> count == 0);
        return faults;
    }

    /**
     * Read by a CSVReader that infers its schema, people-1000's ten phones of ten digits from 0 (as text rejected as another
     * country's national number without its country code) are numbers of eight or nine digits. With their zeros back
     * they are that again, so no reason says with how many zeros they would be read (with more zeros, 00861113397 would
     * read as a +86 number the source never wrote): they are not valid numbers, and their reasons say the number the
     * reader read, which drops leading zeros, and to read the column as text. So do those of the 28 numbers of ten digits
     * not from 0 rejected for their form. The same 394 phones are rejected as when the column is read as text; only
     * reasons differ.
     */
    @Test
    void saysWhichPhonesOfPeople1000AnInferredSchemaReadAsNumbersWithoutTheirZero() throws IOException {
        useSchemaAccessStrategy("infer-schema");
        final Map<String, Integer> reasons = cleanEvalFile(EvalData.folder("crm").resolve("people-1000.csv"), 1000, Map.of());
        final Map<String, Integer> kinds = new TreeMap<>();
        reasons.forEach((reason, count) -> kinds.merge(reason.replaceFirst(": the Record Reader read it as the number [0-9]+, which drops leading zeros: "
                + "to clean it as the source wrote it, read the column as text \\(in CSVReader, the Schema Access Strategy Use String Fields From "
                + "Header, or a schema that types it as a string\\)$", ": (read as a number)"), count, Integer::sum));
        final Map<String, Integer> expected = new TreeMap<>(northAmericanFormFaults("Phone", 54, 34, 92, 8, 162, 5));
        northAmericanFormFaults("Phone", 0, 0, 12, 1, 15, 0).forEach((reason, count) -> expected.put(reason + ": (read as a number)", count));
        expected.put("Phone: not a valid number for region US: (read as a number)", 10);
        expected.put(ITALIAN_AFTER_011, 1);
        assertEquals(expected, kinds);
        assertEquals(394, kinds.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals("394", runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst().getAttribute("record.count"));
    }

    @Test
    void normalisesEveryPhoneEmailAndWebsiteOfLeads100() throws IOException {
        final Map<String, Integer> reasons = cleanEvalFile(EvalData.folder("crm").resolve("leads-100.csv"), 100,
                Map.of("Phone 1", E164, "Phone 2", E164, "Email 1", EMAIL, "Email 2", EMAIL, "Website", WEBSITE));
        // 3118588273: 311, an N11 service code, is never an area code; nor is one ever the exchange of an area's number
        final Map<String, Integer> expected = new TreeMap<>(northAmericanFormFaults("Phone 2", 0, 0, 0, 1, 0, 0));
        expected.putAll(northAmericanFormFaults("Phone 1", 0, 0, 0, 0, 0, 2));
        assertEquals(expected, reasons);
        assertEquals("3", runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst().getAttribute("record.count"));
    }

    /**
     * Every country of Datablist's organisations is read but the one that no longer exists, whose reason names the
     * countries it became; four, written with a United Nations name or a name and its alias in brackets, were unknown
     * (CountryRuleTest has such names).
     */
    @Test
    void normalisesEveryCountryAndWebsiteOfOrganizations100() throws IOException {
        final Map<String, Integer> reasons = cleanEvalFile(EvalData.folder("crm").resolve("organizations-100.csv"), 100,
                Map.of("Country", Pattern.compile("^[A-Z]{2}$"), "Website", WEBSITE));
        assertEquals(Map.of("Country: a country that no longer exists: the Netherlands Antilles were dissolved in 2010 into CW, SX and BQ", 1), reasons);
    }

    /**
     * In the default Possible Number, a +1 number the North American Numbering Plan cannot have (area code or exchange
     * from 0 or 1, an N11 service code as area code or as an area's exchange) is rejected with the part named, and ten
     * digits from 0 as another country's number without its country code, naming the country when its digits are written
     * as only that country writes a valid number of them (France's 01 23 45 67 89), as is a national number from 0 of
     * another length (the UK's 020 7946 0000, a number of several countries, Germany's 0171 1234567); a well-formed
     * number in an unassigned range (area code 950) and a toll-free number's N11 exchange are kept.
     */
    @Test
    void rejectsANorthAmericanNumberOfAFormThePlanCannotHaveAndKeepsAnUnassignedOne() throws IOException {
        runner.enqueue("""
                Name,Phone
                Ann,01 23 45 67 89
                Bob,+1-041-859-3844x272
                Cy,(127)899-0101
                Di,911-487-0373x8825
                Ed,+1-939-130-6258
                Flo,001-062-393-4265
                Gus,+1-950-759-8687
                Hal,+19391306258
                Ivy,212-411-1234
                Jo,1-800-411-1234
                Kim,020 7946 0000
                Lou,0171 1234567
                """);
        runner.run();

        runner.assertTransferCount(CleanCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(CleanCRMRecord.REL_INVALID, 1);
        final JsonNode invalid = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals(10, invalid.size());
        final List<String> errors = new ArrayList<>();
        invalid.forEach(record -> errors.add(record.get("Name").asText() + " " + record.get("crm_errors").asText()));
        final String areaCodeFrom0 = "Phone: area code starting with 0, which no North American number has";
        final String exchange = "Phone: exchange (the 3 digits after the area code) starting with 0 or 1, which no North American number has";
        assertEquals(List.of(
                "Ann " + areaCodeFrom0 + ": a national number of France (+33) without its country code?",
                "Bob " + areaCodeFrom0,
                "Cy Phone: area code starting with 1, which no North American number has",
                "Di Phone: area code 211 to 911 is a service code (N11), never a North American area code",
                "Ed " + exchange,
                "Flo " + areaCodeFrom0,
                "Hal " + exchange,
                "Ivy Phone: exchange (the 3 digits after the area code) 211 to 911 is a service code (N11), never the exchange of a North "
                        + "American area's number",
                "Kim Phone: not a valid number for region US: another country's national number (with its trunk 0) without its country code?",
                "Lou Phone: not a valid number for region US: a national number of Germany (+49) without its country code?"), errors);
        final JsonNode kept = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("+19507598687 +18004111234", kept.get(0).get("Phone").asText() + " " + kept.get(1).get("Phone").asText());
        assertEquals("+1-041-859-3844x272", invalid.get(1).get("Phone").asText());
    }

    @Test
    void rejectsUnassignedNumberRangesWhenPhoneValidationIsStrict() throws IOException {
        runner.setProperty(CleanCRMRecord.PHONE_VALIDATION, CleanCRMRecord.PhoneValidationOption.VALID_NUMBER);
        final Map<String, Integer> reasons = cleanEvalFile(EvalData.folder("crm").resolve("people-1000.csv"), 1000, Map.of("Phone", E164));
        // Faker draws area codes at random: most are not assigned in the North American Numbering Plan. libphonenumber's
        // metadata holds every exchange of an assigned area code, N11 ones too, which no area's number has.
        // Ten digits written from 0 (53 of 64 valid numbers of other countries) say what they may be, as other national numbers do.
        assertEquals(Map.of("Phone: not a valid number for region US", 598, ITALIAN_AFTER_011, 1, "Phone: not a valid number for region US: "
                + "another country's national number (with its trunk 0) without its country code?", 53, "Phone: exchange (the 3 digits after the area code) 211 to 911 is a "
                + "service code (N11), never the exchange of a North American area's number", 5), reasons);
    }

    @Test
    void explainsEveryCorruptedEmailOfSplink() throws IOException {
        final Map<String, Integer> reasons = cleanEvalFile(EvalData.folder("splink").resolve("fake_1000.csv"), 1000,
                Map.of("email", EMAIL, "dob", ISO_DATE));
        // Splink corrupts emails by dropping, doubling and moving characters: every one of them is explained, by kind as the
        // usage page lists them (37 in all)
        assertEquals(Map.of("email: domain has no dot", 11, "email: more than one @", 8, "email: invalid top-level domain", 7,
                        "email: missing @", 4, "email: empty domain label", 3, "email: nothing after @", 2,
                        "email: domain label starts or ends with a hyphen", 1, "email: two dots in a row", 1),
                reasons.entrySet().stream().filter(reason -> reason.getKey().startsWith("email: "))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        // Its date shifts move some dates of birth past today: exactly those after the fixed date are rejected (the
        // shifted 2026-01-08 lies before it and is kept).
        final List<String> future = valuesWithReason("dob", "dob: birth date in the future");
        assertEquals(List.of("2026-02-10", "2027-04-21", "2028-01-10", "2028-03-13", "2029-09-11", "2029-10-09", "2030-01-09",
                "2030-02-08", "2031-02-20"), future);
        assertTrue(future.stream().allMatch(dob -> LocalDate.parse(dob).isAfter(TODAY)), future::toString);
        assertEquals(future.size(), reasons.get("dob: birth date in the future"));
    }

    @Test
    void rejectsABirthDateAfterTheProcessorsDate() throws IOException {
        runner.enqueue("Name,Birthdate\nAnn,2026-02-01\nBob,2026-02-02\n");
        runner.run();

        final JsonNode kept = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst());
        assertEquals("2026-02-01", kept.get(0).get("Birthdate").asText());
        final JsonNode rejected = json(runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst());
        assertEquals("Birthdate: birth date in the future", rejected.get(0).get("crm_errors").asText());
    }

    @Test
    void readsFebrlStatesPostcodesAndBirthDatesInAustralia() throws IOException {
        runner.setProperty(CleanCRMRecord.DEFAULT_PHONE_REGION, "AU");
        final Map<String, Integer> reasons = cleanEvalFile(EvalData.folder("febrl").resolve("dataset1.csv"), 1000,
                Map.of("state", Pattern.compile("^(ACT|NSW|NT|QLD|SA|TAS|VIC|WA)$"), "postcode", Pattern.compile("^\\d{4}$"),
                        "date_of_birth", ISO_DATE, "given_name", PROPER_CASE, "surname", PROPER_CASE));
        // Febrl's typos: states such as vix, nsq, qdl and birth dates such as February 30.
        assertEquals(Map.of("state: not a state or province of AU", 11, "date_of_birth: not a real calendar date", 3), reasons);
    }

    /**
     * Cleans an evaluation file and checks that every value of the given fields has the expected format or a reason,
     * and that no record is lost; returns the reasons with their counts.
     */
    private Map<String, Integer> cleanEvalFile(final Path file, final int expectedRecords, final Map<String, Pattern> formats) throws IOException {
        runner.enqueue(file);
        runner.run();

        runner.assertTransferCount(CleanCRMRecord.REL_FAILURE, 0);
        final Map<String, Integer> reasons = new TreeMap<>();
        int total = 0;
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS)) {
            total += check(flowFile, formats, reasons);
        }
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID)) {
            total += check(flowFile, formats, reasons);
        }
        assertEquals(expectedRecords, total);
        System.out.println(file.getFileName() + ": " + runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).stream()
                .mapToInt(flowFile -> Integer.parseInt(flowFile.getAttribute("record.count"))).sum() + " invalid of " + total + ", reasons " + reasons);
        return reasons;
    }

    /** The values of a field, sorted, in the records routed to invalid whose errors include the reason. */
    private List<String> valuesWithReason(final String field, final String reason) throws IOException {
        final List<String> values = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID)) {
            for (final JsonNode record : json(flowFile)) {
                if (List.of(record.get("crm_errors").asText().split("; ")).contains(reason)) {
                    values.add(record.get(field).asText());
                }
            }
        }
        values.sort(null);
        return values;
    }

    private static int check(final MockFlowFile flowFile, final Map<String, Pattern> formats, final Map<String, Integer> reasons) throws IOException {
        final JsonNode records = json(flowFile);
        for (final JsonNode record : records) {
            final String errors = record.get("crm_errors").isNull() ? "" : record.get("crm_errors").asText();
            for (final String reason : errors.split("; ")) {
                if (!reason.isEmpty()) {
                    reasons.merge(reason, 1, Integer::sum);
                }
            }
            for (final Map.Entry<String, Pattern> format : formats.entrySet()) {
                final JsonNode value = record.get(format.getKey());
                if (!value.isNull() && !format.getValue().matcher(value.asText()).matches() && !errors.contains(format.getKey() + ": ")) {
                    fail(format.getKey() + " '" + value.asText() + "' neither normalised nor explained");
                }
            }
        }
        return records.size();
    }

    private static JsonNode json(final MockFlowFile flowFile) throws IOException {
        return MAPPER.readTree(flowFile.getContent());
    }

    /** Compares with a golden file; the actual output is also written under target/ to review a change. */
    private static void assertJsonEquals(final String expectedResource, final MockFlowFile flowFile) throws IOException {
        final String actual = json(flowFile).toPrettyString();
        final Path actualCopy = Path.of("target", "CleanCRMRecordTest", expectedResource);
        Files.createDirectories(actualCopy.getParent());
        Files.writeString(actualCopy, actual + "\n", StandardCharsets.UTF_8);
        final JsonNode expected = MAPPER.readTree(Files.readString(RESOURCES.resolve(expectedResource), StandardCharsets.UTF_8));
        assertEquals(expected.toPrettyString(), actual);
    }

    @Test
    void flowDefinitionsInTemplatesStoreAllowableValueKeys() throws IOException {
        FlowDefinitions.assertAllowableValuesAreKeys(runner.getProcessor());
    }
}
