package dev.nificrm.processors;

import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated combinations of MatchCRMRecord's properties, valid and not (roles of several cases and spellings, paths
 * that do not parse, Key Rules naming roles that are not configured or nothing, thresholds out of range or crossed,
 * phone regions that do not exist, added fields of one name): a configuration the processor cannot run is refused by
 * validation, and one it accepts runs a FlowFile without throwing, every record leaving on exactly one relationship.
 */
class MatchCRMRecordConfigurationPropertyTest {
    private static final String[][] ROLES = {
            {"first_name", "/fn"}, {"last_name", "/ln"}, {"email", "/em"}, {"Email", "/em"}, {"EMAIL ", "/em"}, {"phone", "/ph, /mobile"},
            {"birth_date", "/bd"}, {"city", "/city["}, {"city", "/city"}, {"house_number", "/hn"}, {"street", "/street"},
            {"company", "/co"}, {"website", "/web"}, {"generic", "/note"}, {"full_name", "/name"}, {"postal_code", "/zip"},
            {"national_id", "/nid"}, {"external_id", "/id"}, {"state", "/st"}, {"country", "/ct"}, {"first_name ", "/fn"}};
    private static final String[] KEY_RULES = {null, "email", "email; phone", "email + unknown", "; ;", "email +", "+", "Email",
            "email; email", "first_name + first_name", "website", "company + postal_code", "generic", "EMAIL"};
    private static final String[] PROBABILITIES = {"0", "1", "0.5", "0.9", "1.1", "-0.1", "abc", "NaN", "1e-9", "0.99999"};
    private static final String[] REGIONS = {"US", "de", "XX", "001", "GB "};
    private static final String[] FIELD_NAMES = {"crm_match_id", "crm_match_score", "fn", "crm_errors", "em"};
    private static final String RECORDS = """
            [{"id": "1", "fn": "Ann", "ln": "Lee", "em": "ann@x.com", "ph": "+1 415 555 0101", "bd": "1980-01-15", "city": "Bern",
              "co": "Acme", "web": "acme.com", "zip": "3011", "street": "Main St 5", "hn": "5", "note": "vip", "name": "Ann Lee"},
             {"id": "2", "fn": "Anne", "ln": "Lee", "em": "ann@x.com", "mobile": "4155550101", "bd": "15.01.1980", "city": "Bern",
              "co": "ACME AG", "web": "www.acme.com", "zip": "3011", "street": "5 Main Street", "name": "Anne Lee"},
             {"id": "3", "fn": "Bo", "ln": "Ek", "em": "bo@y.org", "bd": "1975-07-30", "city": "Oslo", "nid": "123"}]""";
    private static final List<Relationship> RELATIONSHIPS = List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW,
            MatchCRMRecord.REL_UNMATCHED, AbstractCRMRecordProcessor.REL_FAILURE);

    @Test
    void aConfigurationIsRefusedByValidationOrRunsEveryRecordThrough() throws Exception {
        final Random random = new Random(5253);
        int valid = 0;
        for (int round = 0; round < 150; round++) {
            final TestRunner runner = TestRunners.newTestRunner(MatchCRMRecord.class);
            RecordServices.useJsonReader(runner);
            RecordServices.useJsonWriter(runner);
            final List<String> described = new ArrayList<>();
            final int roles = random.nextInt(5);
            for (int i = 0; i < roles; i++) {
                final String[] role = ROLES[random.nextInt(ROLES.length)];
                runner.setProperty(role[0], role[1]);
                described.add(role[0] + "=" + role[1]);
            }
            set(runner, described, MatchCRMRecord.KEY_RULES, random.nextInt(3) == 0 ? KEY_RULES[random.nextInt(KEY_RULES.length)] : null);
            set(runner, described, MatchCRMRecord.MATCH_THRESHOLD, random.nextInt(3) == 0 ? PROBABILITIES[random.nextInt(PROBABILITIES.length)] : null);
            set(runner, described, MatchCRMRecord.REVIEW_THRESHOLD, random.nextInt(3) == 0 ? PROBABILITIES[random.nextInt(PROBABILITIES.length)] : null);
            set(runner, described, MatchCRMRecord.DEFAULT_PHONE_REGION, random.nextInt(4) == 0 ? REGIONS[random.nextInt(REGIONS.length)] : null);
            set(runner, described, MatchCRMRecord.MAXIMUM_BLOCK_SIZE, random.nextInt(4) == 0 ? String.valueOf(List.of(2, 3, 100_000).get(random.nextInt(3))) : null);
            set(runner, described, MatchCRMRecord.WEIGHT_ESTIMATION, random.nextBoolean() ? "estimate-from-data" : null);
            set(runner, described, MatchCRMRecord.SCORING_THREADS, random.nextBoolean() ? "3" : null);
            set(runner, described, MatchCRMRecord.MATCH_ID_FIELD, random.nextInt(4) == 0 ? FIELD_NAMES[random.nextInt(FIELD_NAMES.length)] : null);
            set(runner, described, MatchCRMRecord.ERRORS_FIELD, random.nextInt(4) == 0 ? FIELD_NAMES[random.nextInt(FIELD_NAMES.length)] : null);
            if (!runner.isValid()) {
                continue;
            }
            valid++;
            final List<dev.nificrm.roles.Role> configured = runner.getProcessContext().getProperties().keySet().stream()
                    .filter(PropertyDescriptor::isDynamic).map(property -> dev.nificrm.roles.Role.fromKey(property.getName()))
                    .flatMap(java.util.Optional::stream).toList();
            assertEquals(configured.size(), configured.stream().distinct().count(), "a role named by two properties is refused: " + described);
            runner.enqueue(RECORDS);
            try {
                runner.run();
            } catch (final AssertionError | RuntimeException e) {
                fail("a configuration validation accepted threw: " + described + ": " + e, e);
            }
            long records = 0;
            for (final Relationship relationship : RELATIONSHIPS) {
                for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                    if (relationship.equals(AbstractCRMRecordProcessor.REL_FAILURE) && flowFile.getAttribute("record.error.message") != null) {
                        records += 3;
                        continue;
                    }
                    assertNotNull(flowFile.getAttribute("record.count"), relationship.getName() + " " + described);
                    records += Long.parseLong(flowFile.getAttribute("record.count"));
                }
            }
            assertEquals(3, records, "every record leaves once: " + described);
        }
        System.out.println("configurations accepted and run: " + valid + " of 150");
    }

    /**
     * email and Email (or "email ") were two comparisons of one role: an agreeing address counted twice
     * (email=exact(+16.3) twice), enough to match namesakes on it alone. Refused, with the way to list both paths.
     */
    @Test
    void aRoleNamedByTwoPropertiesIsRefused() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        runner.setProperty("email", "/em");
        runner.setProperty("first_name", "/fn");
        runner.assertValid();
        runner.setProperty("Email ", "/em2");
        runner.assertNotValid();
        final String reasons = ((org.apache.nifi.util.MockProcessContext) runner.getProcessContext()).validate().toString();
        assertEquals(true, reasons.contains("all name the role email") && reasons.contains("/Email, /Email2"), reasons);
        runner.removeProperty("Email ");
        runner.setProperty("email", "/em, /em2");
        runner.assertValid();
    }

    private static void set(final TestRunner runner, final List<String> described, final PropertyDescriptor property, final String value) {
        if (value != null) {
            runner.setProperty(property, value);
            described.add(property.getName() + "=" + value);
        }
    }
}
