package dev.nificrm.match;

import dev.nificrm.roles.RecognisedRoles;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quality floors on the public evaluation data, with only the roles configured and the same defaults for every
 * data set. Prints the achieved pairwise precision, recall and F1. Matching runs on every core, as MatchCRMRecord does
 * with Scoring Threads set to the cores.
 */
class MatchQualityTest {
    static final List<MatchField> FEBRL_FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.HOUSE_NUMBER), MatchField.of(Role.STREET), MatchField.named("address_2"), MatchField.of(Role.CITY),
            MatchField.of(Role.POSTAL_CODE), MatchField.of(Role.STATE), MatchField.of(Role.BIRTH_DATE), MatchField.of(Role.NATIONAL_ID));
    static final List<MatchField> SPLINK_FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.BIRTH_DATE), MatchField.of(Role.CITY), MatchField.of(Role.EMAIL));
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService HELPERS = Executors.newFixedThreadPool(Math.max(1, THREADS - 1));
    private static final MatchSettings DEFAULTS = MatchSettings.defaults().withParallelism(THREADS, HELPERS);

    @AfterAll
    static void stopHelpers() {
        HELPERS.shutdownNow();
    }

    @Test
    void febrlDataset1MeetsFloors() throws IOException {
        assertFebrl("dataset1.csv", DEFAULTS);
    }

    @Test
    void febrlDataset2MeetsFloors() throws IOException {
        assertFebrl("dataset2.csv", DEFAULTS);
    }

    /**
     * A Contact export can hold a full name besides the first and last names. Recognised from the field names, the full
     * name is not compared again (its agreement would count the name twice and glue namesakes together): the floors
     * hold as with the roles set by hand.
     */
    @Test
    void febrlWithAFullNameBesidesItsPartsMeetsFloorsWithRecognisedRoles() throws IOException {
        final List<Map<String, String>> rows = EvaluationData.readCsv(EvaluationData.evalDirectory().resolve("febrl").resolve("dataset2.csv"));
        final List<String> columns = List.of("Name", "given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode",
                "state", "date_of_birth", "soc_sec_id");
        final RecognisedRoles recognised = RecognisedRoles.of(columns);
        final List<MatchField> fields = recognised.getFields().stream().map(field -> MatchField.of(field.role())).toList();
        final Matcher matcher = new Matcher(fields, MatchSettings.defaults(), "AU");
        final CandidateIndex index = matcher.newIndex();
        for (final Map<String, String> row : rows) {
            final Map<String, String> withName = new HashMap<>(row);
            withName.put("Name", (row.get("given_name") + " " + row.get("surname")).trim());
            final String[] keys = new String[fields.size()];
            for (int slot = 0; slot < keys.length; slot++) {
                keys[slot] = matcher.key(slot, recognised.getFields().get(slot).fieldNames().stream().map(withName::get).toList());
            }
            index.add(keys);
        }
        final EvaluationData.Quality quality = EvaluationData.pairwise(new EvaluationData.Run(matcher.match(index)).clusterIds(),
                rows.stream().map(row -> EvaluationData.febrlEntity(row.get("rec_id"))).toList());
        System.out.println("febrl/dataset2.csv with Name, recognised roles (" + recognised.describe() + "): " + quality);
        assertTrue(quality.precision() >= 0.99, "precision " + quality);
        assertTrue(quality.recall() >= 0.97, "recall " + quality);
    }

    @Test
    void splinkFake1000MeetsFloors() throws IOException {
        assertSplink(DEFAULTS);
    }

    @Test
    void estimatedWeightsKeepTheFloors() throws IOException {
        final MatchSettings estimated = DEFAULTS.withEstimateWeights(true);
        assertFebrl("dataset1.csv", estimated);
        assertFebrl("dataset2.csv", estimated);
        assertSplink(estimated);
    }

    /**
     * fake_1000 has four records per person on average, so random pairs hold true pairs too; counted in full they made
     * an agreeing email or birth date look common and cost EM recall (F1 0.933). Counted by their chance of being
     * different people, EM keeps up with the defaults.
     */
    @Test
    void estimatedWeightsHoldUpWithSeveralRecordsPerPerson() throws IOException {
        final List<Map<String, String>> rows = EvaluationData.readCsv(EvaluationData.evalDirectory().resolve("splink").resolve("fake_1000.csv"));
        final Matcher matcher = new Matcher(SPLINK_FIELDS, DEFAULTS.withEstimateWeights(true), "GB");
        final List<String> predicted = EvaluationData.match(matcher, rows, row -> new String[] {row.get("first_name"),
                row.get("surname"), row.get("dob"), row.get("city"), row.get("email")});
        final EvaluationData.Quality quality = EvaluationData.pairwise(predicted, rows.stream().map(row -> row.get("cluster")).toList());
        assertTrue(quality.precision() >= 0.99 && quality.f1() >= 0.95, "estimated " + quality);
    }

    private static void assertFebrl(final String file, final MatchSettings settings) throws IOException {
        final List<Map<String, String>> rows = EvaluationData.readCsv(EvaluationData.evalDirectory().resolve("febrl").resolve(file));
        final Matcher matcher = new Matcher(FEBRL_FIELDS, settings, "AU");
        final List<String> predicted = EvaluationData.match(matcher, rows, row -> new String[] {row.get("given_name"),
                row.get("surname"), row.get("street_number"), row.get("address_1"), row.get("address_2"), row.get("suburb"),
                row.get("postcode"), row.get("state"), row.get("date_of_birth"), row.get("soc_sec_id")});
        final List<String> truth = rows.stream().map(row -> EvaluationData.febrlEntity(row.get("rec_id"))).toList();
        final EvaluationData.Quality quality = EvaluationData.pairwise(predicted, truth);
        System.out.println("febrl/" + file + (settings.estimateWeights() ? " (estimated)" : " (defaults)") + ": " + quality);
        assertTrue(quality.precision() >= 0.99, "precision " + quality);
        assertTrue(quality.recall() >= 0.97, "recall " + quality);
    }

    private static void assertSplink(final MatchSettings settings) throws IOException {
        final List<Map<String, String>> rows = EvaluationData.readCsv(EvaluationData.evalDirectory().resolve("splink").resolve("fake_1000.csv"));
        final Matcher matcher = new Matcher(SPLINK_FIELDS, settings, "GB");
        final List<String> predicted = EvaluationData.match(matcher, rows, row -> new String[] {row.get("first_name"),
                row.get("surname"), row.get("dob"), row.get("city"), row.get("email")});
        final List<String> truth = rows.stream().map(row -> row.get("cluster")).toList();
        final EvaluationData.Quality quality = EvaluationData.pairwise(predicted, truth);
        System.out.println("splink/fake_1000" + (settings.estimateWeights() ? " (estimated)" : " (defaults)") + ": " + quality);
        assertTrue(quality.precision() >= 0.95, "precision " + quality);
        assertTrue(quality.f1() >= 0.90, "F1 " + quality);
    }
}
