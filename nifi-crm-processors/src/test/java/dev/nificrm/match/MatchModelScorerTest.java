package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scorer with a cut-off returns a pair's weight to the bit whenever it reaches the cut-off, and otherwise a weight
 * below the cut-off (as a float too) that is at least the pair's: on pairs of the public evaluation data (Febrl's
 * addresses imply cities, its names are weighed by their frequency), at cut-offs around and at the pairs' own weights.
 */
class MatchModelScorerTest {

    @Test
    void aPairReachingTheCutOffKeepsItsExactWeightAndAPairLeftIsBelowIt() throws IOException {
        final Matcher matcher = new Matcher(MatchQualityTest.FEBRL_FIELDS, MatchSettings.defaults(), "AU");
        final Function<Map<String, String>, String[]> values = row -> new String[] {row.get("given_name"), row.get("surname"),
                row.get("street_number"), row.get("address_1"), row.get("address_2"), row.get("suburb"), row.get("postcode"),
                row.get("state"), row.get("date_of_birth"), row.get("soc_sec_id")};
        final List<Map<String, String>> rows = EvaluationData.readCsv(EvaluationData.evalDirectory().resolve("febrl").resolve("dataset1.csv"));
        final CandidateIndex index = matcher.newIndex();
        rows.forEach(row -> index.add(matcher.keys(values.apply(row))));
        final MatchModel model = matcher.match(index).getModel();
        final MatchModel.Scorer scorer = model.scorer();
        final Random random = new Random(7);
        final double[] fixedCutoffs = {Double.NEGATIVE_INFINITY, -40, -20, -8, 0, MatchModel.weight(0.8), 12, 30};
        final long[] checked = {0};
        final long[] left = {0};
        final CandidateIndex.PairConsumer check = (a, b) -> {
            final String[] first = index.keys(a);
            final String[] second = index.keys(b);
            final double weight = model.score(first, second);
            final double[] cutoffs = {weight, Math.nextDown((double) (float) weight), weight + 1e-7, weight - 1e-7,
                    weight + 3, weight - 3, fixedCutoffs[random.nextInt(fixedCutoffs.length)]};
            for (final double cutoff : cutoffs) {
                final double scored = scorer.score(first, second, cutoff);
                checked[0]++;
                if (Double.doubleToRawLongBits(scored) == Double.doubleToRawLongBits(weight)) {
                    continue;
                }
                final String pair = a + "-" + b + " weight " + weight + " cutoff " + cutoff + " scored " + scored;
                assertTrue(weight < cutoff, "a pair reaching the cut-off is scored exactly: " + pair);
                assertTrue(scored < cutoff && (float) scored < cutoff, "a pair left is below the cut-off: " + pair);
                assertTrue(scored >= weight, "a pair left is scored at least at its weight: " + pair);
                left[0]++;
            }
            assertEquals(Double.doubleToRawLongBits(weight), Double.doubleToRawLongBits(scorer.score(first, second, Double.NEGATIVE_INFINITY)),
                    "scored without a cut-off");
        };
        index.forEachCandidatePair(0, 1, check);
        for (int i = 0; i < 20_000; i++) {
            check.accept(random.nextInt(index.size()), random.nextInt(index.size()));
        }
        assertTrue(checked[0] > 100_000, "pairs checked: " + checked[0]);
        // the cut-off saves work: most checks three bits above a pair's weight leave the pair early
        assertTrue(left[0] > checked[0] / 10, "pairs left early: " + left[0] + " of " + checked[0]);
    }
}
