package dev.nificrm.match;

import dev.nificrm.roles.BlockingTransform;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Estimate from Data with more candidate pairs than EM runs over (200,000): the pairs it takes are chosen by a hash of
 * their records' keys, so a shuffled input gives the same m and u to the last bit. Taken by their place among the
 * candidate pairs, as before, each order sampled other pairs.
 */
class WeightEstimatorOrderTest {
    private static final List<MatchField> FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.CITY));

    @Test
    void theModelEstimatedFromManyCandidatePairsDoesNotDependOnRecordOrder() {
        final Random random = new Random(7);
        final String[] firsts = {"Anna", "Anne", "Ann", "Hanna", "Johanna"};
        final List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 650; i++) {
            // one last name for all: one block of 650 records, 210,925 candidate pairs
            rows.add(new String[] {firsts[random.nextInt(firsts.length)] + (random.nextInt(4) == 0 ? "" : (char) ('a' + random.nextInt(26))),
                    "Lindqvist", "City" + random.nextInt(40)});
        }
        final String expected = model(rows);
        final List<String[]> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, random);
        assertEquals(expected, model(shuffled));
    }

    private static String model(final List<String[]> rows) {
        // one pass, on the last name
        final Matcher matcher = new Matcher(FIELDS, MatchSettings.defaults(), "DE",
                List.of(new BlockingRule("last_name", List.of(BlockingRule.Part.of(1, BlockingTransform.EXACT)))), List.of());
        final CandidateIndex index = new InMemoryCandidateIndex(matcher.getBlockingRules(), 1000, 10_000_000, 1, MatchSettings.CALLING_THREAD);
        rows.forEach(row -> index.add(matcher.keys(row)));
        final long[] pairs = new long[1];
        index.forEachCandidatePair(0, 1, (left, right) -> pairs[0]++);
        assertTrue(pairs[0] > 200_000, pairs[0] + " candidate pairs");
        final MatchModel defaults = new MatchModel(DefaultWeights.comparisonsFor(FIELDS, Nicknames.bundled()), -10, matcher.newTermFrequencies());
        final MatchModel estimated = new WeightEstimator().estimate(defaults, index);
        final StringBuilder text = new StringBuilder();
        for (final Comparison comparison : estimated.getComparisons()) {
            text.append(Arrays.toString(comparison.getM())).append(Arrays.toString(comparison.getU())).append('\n');
        }
        return text.toString();
    }
}
