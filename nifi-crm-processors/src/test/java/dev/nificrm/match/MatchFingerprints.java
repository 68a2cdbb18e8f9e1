package dev.nificrm.match;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Fingerprints of everything a match run decides on the public evaluation data: per pair of records every comparison's
 * level and the exact bits of the match weight, and per record its cluster, best partner and probability, outcome and
 * explanation, each list condensed into a SHA-256. {@code match-fingerprints.txt} holds the fingerprints the matcher
 * gave before its comparators learnt to skip work whose result they can prove; {@link MatchResultsUnchangedTest}
 * asserts that every optimisation since leaves them as they were. {@link #main} prints the current fingerprints in
 * that file's format (to record them again after an intended change of results).
 */
final class MatchFingerprints {
    /** Data sets small enough to score every pair of records, not only the candidate pairs. */
    private static final int ALL_PAIRS_LIMIT = 1_000;

    private MatchFingerprints() {
    }

    public static void main(final String[] arguments) throws IOException {
        for (final String line : all()) {
            System.out.println(line);
        }
    }

    /** One line per data set and what was fingerprinted: {@code name pairs=N pairDigest=... resultDigest=...}. */
    static List<String> all() throws IOException {
        final Path eval = EvaluationData.evalDirectory();
        final List<String> lines = new ArrayList<>();
        final Function<Map<String, String>, String[]> febrl = row -> new String[] {row.get("given_name"), row.get("surname"),
                row.get("street_number"), row.get("address_1"), row.get("address_2"), row.get("suburb"), row.get("postcode"),
                row.get("state"), row.get("date_of_birth"), row.get("soc_sec_id")};
        final Function<Map<String, String>, String[]> splink = row -> new String[] {row.get("first_name"), row.get("surname"),
                row.get("dob"), row.get("city"), row.get("email")};
        final Function<Map<String, String>, String[]> restaurant = row -> new String[] {row.get("name"), row.get("address"), row.get("city")};
        lines.add(fingerprint("febrl/dataset1", new Matcher(MatchQualityTest.FEBRL_FIELDS, MatchSettings.defaults(), "AU"),
                EvaluationData.readCsv(eval.resolve("febrl").resolve("dataset1.csv")), febrl));
        lines.add(fingerprint("febrl/dataset2", new Matcher(MatchQualityTest.FEBRL_FIELDS, MatchSettings.defaults(), "AU"),
                EvaluationData.readCsv(eval.resolve("febrl").resolve("dataset2.csv")), febrl));
        final List<Map<String, String>> splinkRows = EvaluationData.readCsv(eval.resolve("splink").resolve("fake_1000.csv"));
        lines.add(fingerprint("splink/fake_1000", new Matcher(MatchQualityTest.SPLINK_FIELDS, MatchSettings.defaults(), "GB"), splinkRows, splink));
        lines.add(fingerprint("splink/fake_1000 estimated",
                new Matcher(MatchQualityTest.SPLINK_FIELDS, MatchSettings.defaults().withEstimateWeights(true), "GB"), splinkRows, splink));
        final List<Map<String, String>> restaurants = new ArrayList<>(EvaluationData.readCsv(eval.resolve("orgs").resolve("restaurant-1.csv")));
        restaurants.addAll(EvaluationData.readCsv(eval.resolve("orgs").resolve("restaurant-2.csv")));
        lines.add(fingerprint("orgs/restaurants", new Matcher(OrganisationQualityTest.RESTAURANT_FIELDS, MatchSettings.defaults(), "US"),
                restaurants, restaurant));
        return lines;
    }

    /**
     * Matches the rows and fingerprints the pairs (every pair of up to {@value #ALL_PAIRS_LIMIT} records, otherwise the
     * candidate pairs) and the result.
     */
    static String fingerprint(final String name, final Matcher matcher, final List<Map<String, String>> rows,
                              final Function<Map<String, String>, String[]> values) {
        final CandidateIndex index = matcher.newIndex();
        for (final Map<String, String> row : rows) {
            index.add(matcher.keys(values.apply(row)));
        }
        final MatchResult result = matcher.match(index);
        final MatchModel model = result.getModel();
        final MessageDigest pairDigest = sha256();
        final int[] levels = new int[model.getComparisons().size()];
        final long[] pairs = {0};
        final CandidateIndex.PairConsumer scorer = (left, right) -> {
            model.levels(index.keys(left), index.keys(right), levels);
            final double weight = model.score(index.keys(left), index.keys(right));
            final StringBuilder line = new StringBuilder(64).append(left).append(' ').append(right);
            for (final int level : levels) {
                line.append(' ').append(level);
            }
            line.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(weight))).append('\n');
            pairDigest.update(line.toString().getBytes(StandardCharsets.UTF_8));
            pairs[0]++;
        };
        if (index.size() <= ALL_PAIRS_LIMIT) {
            for (int left = 0; left < index.size(); left++) {
                for (int right = left + 1; right < index.size(); right++) {
                    scorer.accept(left, right);
                }
            }
        } else {
            index.forEachCandidatePair(0, 1, scorer);
        }
        final MessageDigest resultDigest = sha256();
        for (int record = 0; record < result.size(); record++) {
            final String line = record + " " + result.cluster(record) + ' ' + result.clusterSize(record) + ' ' + result.clusterId(record)
                    + ' ' + result.bestPartner(record) + ' ' + Long.toHexString(Double.doubleToRawLongBits(result.bestProbability(record)))
                    + ' ' + result.outcome(record) + ' ' + result.explanation(record) + '\n';
            resultDigest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return String.format(Locale.ROOT, "%s pairs=%d candidatePairs=%d clusters=%d matched=%d review=%d pairDigest=%s resultDigest=%s",
                name, pairs[0], result.getCandidatePairs(), result.getClusterCount(), result.getMatchedCount(), result.getReviewCount(),
                HexFormat.of().formatHex(pairDigest.digest()), HexFormat.of().formatHex(resultDigest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
