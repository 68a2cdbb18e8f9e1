package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.FlowDefinitions;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Find Duplicates and Merge Duplicates of templates/crm-migration.json as shipped (their properties read from the flow
 * definition, the flow's own CSVReader) over a few records in each target layout the flow offers: the records of one person,
 * lead or company share a cluster, those of different ones do not, whichever layout of a family the Target Schema names; and a
 * golden record carries the id and created date of the record created first (without a created date, the oldest record's id)
 * and one value per email and phone field.
 */
class MigrationFlowDuplicatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Contacts: one person's two records, one without city and postal code, agree on the name and the street line only; a
     * namesake in the same city lives in another street. Before the street was a role, the duplicate had only the name for it
     * (0.82, review), and the namesake sharing the city was the first record's best pair (0.885).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "External_Id__c,FirstName,LastName,MailingStreet,MailingCity,MailingPostalCode",
            "external_id,firstname,lastname,address,city,zip",
            "new_externalid,firstname,lastname,address1_line1,address1_city,address1_postalcode",
            "External_Id,First_Name,Last_Name,Mailing_Street,Mailing_City,Mailing_Zip"})
    void aPersonsRecordsMatchByTheStreetInEveryContactLayout(final String header) throws Exception {
        assertOnlyDuplicates(findDuplicates(header, """
                c1,Maria,Garcia,12 Elm Street,Springfield,62701
                c2,Maria,Garcia,12 Elm St,,
                c3,Maria,Garcia,480 Oak Avenue,Springfield,62794
                """), "c1", "c2", "c3");
    }

    /**
     * Leads: one lead's two records agree on the name, the company written another way and the street; a namesake at another
     * company in another town is another lead. Before, the Salesforce and Zoho leads' City, PostalCode and Zip_Code and every
     * lead's company and street were compared by nobody: the three records were three Ann Lees alike.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "External_Id__c,FirstName,LastName,Company,Street,City,PostalCode",
            "External_Id,First_Name,Last_Name,Company,Street,City,Zip_Code",
            "new_externalid,firstname,lastname,companyname,address1_line1,address1_city,address1_postalcode"})
    void aLeadsRecordsMatchByCompanyAndAddressInEveryLeadLayout(final String header) throws Exception {
        assertOnlyDuplicates(findDuplicates(header, """
                l1,Ann,Lee,Acme Corp,5 Main Street,Springfield,62701
                l2,Ann,Lee,ACME Corporation,5 Main St,,
                l3,Ann,Lee,Globex,90 Oak Avenue,Shelbyville,62565
                """), "l1", "l2", "l3");
    }

    /**
     * Accounts: one company's two records without a phone agree on the name written another way, the website and the street;
     * two other companies in the same city and postal code are other accounts. Before, only the city and postal code (where a
     * contact layout spells them alike) were compared: the Northwind records stayed apart (0.256).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "External_Id__c,Name,Website,BillingStreet,BillingCity,BillingPostalCode",
            "external_id,name,website,address,city,zip",
            "new_externalid,name,websiteurl,address1_line1,address1_city,address1_postalcode",
            "External_Id,Account_Name,Website,Billing_Street,Billing_City,Billing_Code"})
    void aCompanysRecordsMatchByNameWebsiteAndStreetInEveryAccountLayout(final String header) throws Exception {
        assertOnlyDuplicates(findDuplicates(header, """
                a1,Northwind Traders Inc.,northwindtraders.com,200 Harbor Blvd,Seattle,98101
                a2,NORTHWIND TRADERS,https://www.northwindtraders.com,200 Harbor Boulevard,Seattle,98101
                a3,Fabrikam GmbH,fabrikam.de,12 Pine Street,Seattle,98101
                a4,Contoso Ltd,contoso.com,77 Lake Ave,Seattle,98101
                """), "a1", "a2", "a3", "a4");
    }

    /**
     * Salesforce accounts carry a D-U-N-S number (DunsNumber, the Salesforce Account preset's duns_number): a company renamed since,
     * with a new website, at its old street (Initech Inc., now Initrode Systems) is one account by it; another company in the same
     * town is another. Before Find Duplicates gave DunsNumber the role company_id, the renamed records were two accounts (the names and
     * websites differ outright: 0.146, unmatched).
     */
    @Test
    void salesforceAccountsAreOneByTheirDunsNumber() throws Exception {
        assertOnlyDuplicates(findDuplicates("External_Id__c,Name,DunsNumber,Website,BillingStreet,BillingCity,BillingPostalCode", """
                s1,Initech Inc.,150483782,initech.com,4120 Freidrich Lane,Austin,78744
                s2,Initrode Systems,150483782,initrode.com,4120 Freidrich Lane,Austin,78744
                s3,Globex Corporation,884512306,globex.com,900 Congress Ave,Austin,78701
                """), "s1", "s2", "s3");
    }

    /**
     * A subsidiary at its parent's street, switchboard and website, with a D-U-N-S number of its own, is another account though
     * Find Duplicates also names contacts' and leads' first and last names: an account record (a company name, no person name) is
     * judged as a company whatever other layouts the flow names. Before, any first_name or last_name role made every record a
     * person's to the company rules: identifiers that differ held nothing apart, and the subsidiary matched its parent (1.000).
     * The renamed account keeping its D-U-N-S number stays one.
     */
    @Test
    void salesforceAccountsWithDifferentDunsNumbersAreTwoAtOneAddress() throws Exception {
        assertOnlyDuplicates(findDuplicates("External_Id__c,Name,DunsNumber,Phone,Website,BillingStreet,BillingCity,BillingPostalCode", """
                s1,Initech Inc.,150483782,+15125550100,initech.com,4120 Freidrich Lane,Austin,78744
                s2,Initrode Systems,150483782,+15125550100,initech.com,4120 Freidrich Lane,Austin,78744
                s3,Initech Software Services LLC,884512306,+15125550100,initech.com,4120 Freidrich Lane,Austin,78744
                s4,Penske Logistics,927154083,+15125550100,initech.com,4120 Freidrich Lane,Austin,78744
                """), "s1", "s2", "s3", "s4");
    }

    /**
     * Leads a web form captured with a company and no person name are companies' records, judged as accounts are, though Find
     * Duplicates names the first and last names of contacts and leads: two companies in one office building, at its street and
     * reception switchboard, whose names differ outright are two leads; one company's two leads, its name written two ways, are
     * one. Were such a lead judged a person's (as every record was where person names are among the roles, before the company
     * rules decided per record), the switchboard and street (+13.0, +5.0) would merge Penske Logistics into Initech.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "External_Id__c,FirstName,LastName,Company,Phone,Street,City,PostalCode",
            "External_Id,First_Name,Last_Name,Company,Phone,Street,City,Zip_Code",
            "new_externalid,firstname,lastname,companyname,telephone1,address1_line1,address1_city,address1_postalcode"})
    void leadsWithACompanyAndNoPersonAreCompaniesInEveryLeadLayout(final String header) throws Exception {
        assertOnlyDuplicates(findDuplicates(header, """
                l1,,,Initech Inc.,+15125550100,4120 Freidrich Lane,Austin,78744
                l2,,,INITECH,+15125550100,4120 Freidrich Lane,Austin,78744
                l3,,,Penske Logistics,+15125550100,4120 Freidrich Lane,Austin,78744
                """), "l1", "l2", "l3");
    }

    /**
     * One customer's three records, created in 2019, 2021 and 2023 (the newest the last modified, the 2021 one the least
     * recently modified), merge into a golden record created when the customer was first created: the smallest created date,
     * compared as a date, not the most recently modified record's (the default rule for dates, which gave 2023) nor the least
     * recently modified one's. Zoho's contacts and leads write their times as Zoho imports them (MM/dd/yyyy HH:mm:ss), where the
     * smallest text (05/10/2021) is not the earliest date; before Merge Duplicates read that format, every Zoho record went to
     * failure ("Timestamp Field: not a date or ISO-8601 timestamp").
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "External_Id__c,FirstName,LastName,Email,CreatedDate,LastModifiedDate | 2019-12-01T08:00:00.000+0000 | 2021-05-10T08:00:00.000+0000"
                    + " | 2023-11-20T08:00:00.000+0000 | 2022-01-03T08:00:00.000+0000 | 2021-06-01T08:00:00.000+0000 | 2024-06-01T08:00:00.000+0000",
            "external_id,firstname,lastname,email,createdate,lastmodifieddate | 2019-12-01T08:00:00Z | 2021-05-10T08:00:00Z | 2023-11-20T08:00:00Z"
                    + " | 2022-01-03T08:00:00Z | 2021-06-01T08:00:00Z | 2024-06-01T08:00:00Z",
            "new_externalid,firstname,lastname,emailaddress1,overriddencreatedon,modifiedon | 2019-12-01T08:00:00Z | 2021-05-10T08:00:00Z"
                    + " | 2023-11-20T08:00:00Z | 2022-01-03T08:00:00Z | 2021-06-01T08:00:00Z | 2024-06-01T08:00:00Z",
            "External_Id,First_Name,Last_Name,Email,Created_Time,Modified_Time | 12/01/2019 08:00:00 | 05/10/2021 08:00:00 | 11/20/2023 08:00:00"
                    + " | 01/03/2022 08:00:00 | 06/01/2021 08:00:00 | 06/01/2024 08:00:00"})
    void aGoldenRecordKeepsTheFirstCreatedDate(final String header, final String created2019, final String created2021, final String created2023,
                                               final String modified2022, final String modified2021, final String modified2024) throws Exception {
        final JsonNode golden = goldenRecord(header,
                "r1,Maria,Garcia,maria.garcia@example.com," + created2019 + "," + modified2022,
                "r2,Maria,Garcia,maria.garcia@example.com," + created2021 + "," + modified2021,
                "r3,Maria,Garcia,maria.garcia@example.com," + created2023 + "," + modified2024);
        final String[] fields = header.split(",");
        assertEquals(created2019, golden.path(fields[4]).asText(), golden.toString());
        assertEquals(modified2024, golden.path(fields[5]).asText(), "the last modified date stays the most recent: " + golden);
    }

    /**
     * In every target layout the flow offers, a golden record carries the id and the created date of one record, the one created
     * first, and the last modified date of the most recently modified. The three records were created in 2019 (modified 2022),
     * 2021 (modified 2021, the least recently modified) and 2023 (modified 2024). Before, the id was the least recently modified
     * record's (oldest, r2) and the created date the smallest (min, r1's): a golden record with the id of one record and the
     * created date of another.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "External_Id__c,FirstName,LastName,Email,CreatedDate,LastModifiedDate | Maria,Garcia,maria.garcia@example.com | false",
            "external_id,firstname,lastname,email,createdate,lastmodifieddate | Maria,Garcia,maria.garcia@example.com | false",
            "new_externalid,firstname,lastname,emailaddress1,overriddencreatedon,modifiedon | Maria,Garcia,maria.garcia@example.com | false",
            "External_Id,First_Name,Last_Name,Email,Created_Time,Modified_Time | Maria,Garcia,maria.garcia@example.com | true",
            "External_Id__c,FirstName,LastName,Company,Email,CreatedDate,LastModifiedDate | Ann,Lee,Acme Corp,ann.lee@acme.example | false",
            "External_Id,First_Name,Last_Name,Company,Email,Created_Time,Modified_Time | Ann,Lee,Acme Corp,ann.lee@acme.example | true",
            "new_externalid,firstname,lastname,companyname,emailaddress1,overriddencreatedon,modifiedon | Ann,Lee,Acme Corp,ann.lee@acme.example"
                    + " | false",
            "External_Id__c,Name,Website,BillingStreet,BillingCity,CreatedDate,LastModifiedDate"
                    + " | Northwind Traders,northwindtraders.com,200 Harbor Blvd,Seattle | false",
            "external_id,name,website,address,city,createdate,hs_lastmodifieddate | Northwind Traders,northwindtraders.com,200 Harbor Blvd,Seattle"
                    + " | false",
            "new_externalid,name,websiteurl,address1_line1,address1_city,overriddencreatedon,modifiedon"
                    + " | Northwind Traders,northwindtraders.com,200 Harbor Blvd,Seattle | false",
            "External_Id,Account_Name,Website,Billing_Street,Billing_City,Created_Time,Modified_Time"
                    + " | Northwind Traders,northwindtraders.com,200 Harbor Blvd,Seattle | true"})
    void aGoldenRecordCarriesTheIdAndCreatedDateOfTheRecordCreatedFirstInEveryLayout(final String header, final String values, final boolean zoho)
            throws Exception {
        final String created2019 = zoho ? "12/01/2019 08:00:00" : "2019-12-01T08:00:00Z";
        final String modified2024 = zoho ? "06/01/2024 08:00:00" : "2024-06-01T08:00:00Z";
        final MockFlowFile merged = merge(header, true,
                "r1," + values + "," + created2019 + "," + (zoho ? "01/03/2022 08:00:00" : "2022-01-03T08:00:00Z"),
                "r2," + values + "," + (zoho ? "05/10/2021 08:00:00" : "2021-05-10T08:00:00Z") + "," + (zoho ? "06/01/2021 08:00:00" : "2021-06-01T08:00:00Z"),
                "r3," + values + "," + (zoho ? "11/20/2023 08:00:00" : "2023-11-20T08:00:00Z") + "," + modified2024);
        final CSVRecord golden = onlyRecord(merged);
        final String[] fields = header.split(",");
        assertEquals("r1", golden.get(fields[0]), merged.getContent());
        assertEquals(created2019, golden.get(fields[fields.length - 2]), merged.getContent());
        assertEquals(modified2024, golden.get(fields[fields.length - 1]), merged.getContent());
    }

    /**
     * Without a created date, a golden record carries the oldest record's id (the least recently modified), in every
     * layout's external id field: before, only HubSpot's external_id was read as an id (rule oldest), and Salesforce's
     * External_Id__c and Dynamics 365's new_externalid took the most recently modified record's id (most_complete).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"External_Id__c,FirstName,LastName,Email,LastModifiedDate",
            "external_id,firstname,lastname,email,lastmodifieddate", "new_externalid,firstname,lastname,emailaddress1,modifiedon"})
    void aGoldenRecordCarriesTheOldestRecordsId(final String header) throws Exception {
        final JsonNode golden = goldenRecord(header,
                "r1,Maria,Garcia,maria.garcia@example.com,2022-01-03T08:00:00Z",
                "r2,Maria,Garcia,maria.garcia@example.com,2021-06-01T08:00:00Z",
                "r3,Maria,Garcia,maria.garcia@example.com,2024-06-01T08:00:00Z");
        assertEquals("r2", golden.path(header.substring(0, header.indexOf(','))).asText(), golden.toString());
    }

    /**
     * A golden record has one value in every email and phone field, the most recently modified record's, as an import expects:
     * before, Salesforce's OtherPhone and Dynamics 365's emailaddress3 and telephone3 were left to the role default for emails
     * and phones, union, and got every duplicate's value joined by ';'.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "External_Id__c,FirstName,LastName,Email,LastModifiedDate,OtherPhone | +12065550101 | +12065550102 | +12065550103",
            "new_externalid,firstname,lastname,emailaddress1,modifiedon,telephone3 | +12065550101 | +12065550102 | +12065550103",
            "new_externalid,firstname,lastname,emailaddress1,modifiedon,emailaddress3 | maria@one.example | maria@two.example | maria@three.example"})
    void aGoldenRecordHasOneValueInEveryEmailAndPhoneField(final String header, final String first, final String second, final String latest)
            throws Exception {
        final JsonNode golden = goldenRecord(header,
                "r1,Maria,Garcia,maria.garcia@example.com,2022-01-03T08:00:00Z," + first,
                "r2,Maria,Garcia,maria.garcia@example.com,2021-06-01T08:00:00Z," + second,
                "r3,Maria,Garcia,maria.garcia@example.com,2024-06-01T08:00:00Z," + latest);
        assertEquals(latest, golden.path(header.substring(header.lastIndexOf(',') + 1)).asText(), golden.toString());
    }

    /**
     * Zoho contacts, leads and accounts: the golden file the flow writes (the flow's own CSV writer) holds one golden record
     * whose times and dates are written exactly as Zoho imports them (MM/dd/yyyy HH:mm:ss, Date_of_Birth MM/dd/yyyy), created
     * when the customer was first created, last modified when last modified, with the id of the record created first. Before, Merge
     * Duplicates sent all three records to failure and the flow wrote no golden record.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "External_Id,First_Name,Last_Name,Email,Date_of_Birth,Created_Time,Modified_Time | Maria,Garcia,maria.garcia@example.com,03/15/1985",
            "External_Id,First_Name,Last_Name,Company,Email,Created_Time,Modified_Time | Ann,Lee,Acme Corp,ann.lee@acme.example",
            "External_Id,Account_Name,Website,Billing_Street,Billing_City,Created_Time,Modified_Time"
                    + " | Northwind Traders,northwindtraders.com,200 Harbor Blvd,Seattle"})
    void aZohoGoldenRecordIsWrittenAsZohoImportsIt(final String header, final String values) throws Exception {
        final MockFlowFile merged = merge(header, true,
                "r1," + values + ",12/01/2019 08:00:00,01/03/2022 08:00:00",
                "r2," + values + ",05/10/2021 08:00:00,06/01/2021 08:00:00",
                "r3," + values + ",11/20/2023 08:00:00,06/01/2024 08:00:00");
        final CSVRecord record = onlyRecord(merged);
        assertEquals("r1", record.get("External_Id"), merged.getContent());
        assertEquals("12/01/2019 08:00:00", record.get("Created_Time"), merged.getContent());
        assertEquals("06/01/2024 08:00:00", record.get("Modified_Time"), merged.getContent());
        final String[] fields = header.split(",");
        final String[] written = values.split(",");
        for (int i = 0; i < written.length; i++) {
            assertEquals(written[i], record.get(fields[i + 1]), merged.getContent());
        }
    }

    /** The one record of a CSV FlowFile. */
    private static CSVRecord onlyRecord(final MockFlowFile flowFile) throws Exception {
        final List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(flowFile.getContent()))) {
            records = parser.getRecords();
        }
        assertEquals(1, records.size(), flowFile.getContent());
        return records.getFirst();
    }

    /** The one golden record Merge Duplicates makes of the rows (one customer's records) after Find Duplicates, both as shipped. */
    private static JsonNode goldenRecord(final String header, final String... rows) throws Exception {
        final MockFlowFile merged = merge(header, false, rows);
        final JsonNode golden = JSON.readTree(merged.getContent());
        assertEquals(1, golden.size(), golden.toString());
        return golden.get(0);
    }

    /**
     * What Merge Duplicates writes to merged of the rows (one customer's records) after Find Duplicates, both as shipped, with
     * the flow's CSV writer or a JSON writer; no record goes to failure.
     */
    private static MockFlowFile merge(final String header, final boolean flowWriter, final String... rows) throws Exception {
        final TestRunner match = flowStep(MatchCRMRecord.class, "Find Duplicates");
        RecordServices.useMigrationCsvWriter(match);
        match.enqueue(header + "\n" + String.join("\n", rows));
        match.run();
        match.assertAllFlowFilesTransferred(MatchCRMRecord.REL_MATCHED, 1);

        final TestRunner merge = flowStep(MergeCRMRecord.class, "Merge Duplicates");
        if (flowWriter) {
            RecordServices.useMigrationCsvWriter(merge);
        } else {
            RecordServices.useJsonWriter(merge);
        }
        merge.enqueue(match.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst());
        merge.run();

        merge.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        return merge.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst();
    }

    /** A record after Find Duplicates, and the relationship it left on. */
    private record Routed(String relationship, JsonNode record) {
        String matchId() {
            return record.path("crm_match_id").asText();
        }

        String explanation() {
            return record.path("crm_match_explanation").asText();
        }
    }

    /** The records of a CSV export in a target layout after Find Duplicates as the flow ships it, by their first column. */
    private static Map<String, Routed> findDuplicates(final String header, final String rows) throws Exception {
        final TestRunner runner = flowStep(MatchCRMRecord.class, "Find Duplicates");
        RecordServices.useJsonWriter(runner);
        runner.enqueue(header + "\n" + rows);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final String idField = header.substring(0, header.indexOf(','));
        final Map<String, Routed> records = new HashMap<>();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED, MatchCRMRecord.REL_REVIEW)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                for (final JsonNode record : JSON.readTree(flowFile.getContent())) {
                    records.put(record.path(idField).asText(), new Routed(relationship.getName(), record));
                }
            }
        }
        assertEquals(rows.strip().lines().count(), records.size(), "every record leaves once");
        return records;
    }

    /** A step of the migration flow with the properties it ships with and the flow's CSVReader; the caller adds the writer. */
    private static TestRunner flowStep(final Class<? extends Processor> type, final String step) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(type);
        RecordServices.useMigrationCsvReader(runner);
        FlowDefinitions.processorProperties("crm-migration.json", step).forEach((name, value) -> {
            if (!name.equals(AbstractCRMRecordProcessor.RECORD_READER.getName()) && !name.equals(AbstractCRMRecordProcessor.RECORD_WRITER.getName())) {
                runner.setProperty(name, value);
            }
        });
        return runner;
    }

    /**
     * The first two records are one cluster, matched; every other record is in a cluster of its own, apart from them and from
     * each other.
     */
    private static void assertOnlyDuplicates(final Map<String, Routed> records, final String first, final String second, final String... others) {
        final String because = first + " and " + second + " are one: " + records.get(first).explanation();
        assertEquals(MatchCRMRecord.REL_MATCHED.getName(), records.get(first).relationship(), because);
        assertEquals(records.get(first).matchId(), records.get(second).matchId(), because);
        final Set<String> clusters = new HashSet<>(Set.of(records.get(first).matchId()));
        for (final String other : others) {
            assertTrue(clusters.add(records.get(other).matchId()), other + " is another: " + records.get(other).explanation());
        }
    }
}
