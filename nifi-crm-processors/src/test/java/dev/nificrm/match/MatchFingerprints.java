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
import java.util.function.Supplier;
import java.util.stream.IntStream;

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

    /**
     * One line per data set and what was fingerprinted: {@code name pairs=N pairDigest=... resultDigest=...}. The data
     * sets are fingerprinted side by side, each line the same as on one thread.
     */
    static List<String> all() throws IOException {
        final Path eval = EvaluationData.evalDirectory();
        final Function<Map<String, String>, String[]> febrl = row -> new String[] {row.get("given_name"), row.get("surname"),
                row.get("street_number"), row.get("address_1"), row.get("address_2"), row.get("suburb"), row.get("postcode"),
                row.get("state"), row.get("date_of_birth"), row.get("soc_sec_id")};
        final Function<Map<String, String>, String[]> splink = row -> new String[] {row.get("first_name"), row.get("surname"),
                row.get("dob"), row.get("city"), row.get("email")};
        final Function<Map<String, String>, String[]> restaurant = row -> new String[] {row.get("name"), row.get("address"), row.get("city")};
        final List<Map<String, String>> febrl1 = EvaluationData.readCsv(eval.resolve("febrl").resolve("dataset1.csv"));
        final List<Map<String, String>> febrl2 = EvaluationData.readCsv(eval.resolve("febrl").resolve("dataset2.csv"));
        final List<Map<String, String>> splinkRows = EvaluationData.readCsv(eval.resolve("splink").resolve("fake_1000.csv"));
        final List<Map<String, String>> restaurants = new ArrayList<>(EvaluationData.readCsv(eval.resolve("orgs").resolve("restaurant-1.csv")));
        restaurants.addAll(EvaluationData.readCsv(eval.resolve("orgs").resolve("restaurant-2.csv")));
        final List<Supplier<String>> dataSets = List.of(
                () -> fingerprint("febrl/dataset1", new Matcher(MatchQualityTest.FEBRL_FIELDS, MatchSettings.defaults(), "AU"), febrl1, febrl),
                () -> fingerprint("febrl/dataset2", new Matcher(MatchQualityTest.FEBRL_FIELDS, MatchSettings.defaults(), "AU"), febrl2, febrl),
                () -> fingerprint("splink/fake_1000", new Matcher(MatchQualityTest.SPLINK_FIELDS, MatchSettings.defaults(), "GB"), splinkRows, splink),
                () -> fingerprint("splink/fake_1000 estimated",
                        new Matcher(MatchQualityTest.SPLINK_FIELDS, MatchSettings.defaults().withEstimateWeights(true), "GB"), splinkRows, splink),
                () -> fingerprint("orgs/restaurants", new Matcher(OrganisationQualityTest.RESTAURANT_FIELDS, MatchSettings.defaults(), "US"),
                        restaurants, restaurant));
        // an ordered parallel stream: the lines come in the list's order
        return dataSets.parallelStream().map(Supplier::get).toList();
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
        final long pairs;
        if (index.size() <= ALL_PAIRS_LIMIT) {
            // each left record's lines made side by side and digested in the records' order: the digest of one thread
            final List<byte[]> lines = IntStream.range(0, index.size()).parallel().mapToObj(left -> {
                final int[] levels = new int[model.getComparisons().size()];
                final StringBuilder line = new StringBuilder(64 * (index.size() - left));
                for (int right = left + 1; right < index.size(); right++) {
                    appendPair(line, model, index, left, right, levels);
                }
                return line.toString().getBytes(StandardCharsets.UTF_8);
            }).toList();
            lines.forEach(pairDigest::update);
            pairs = (long) index.size() * (index.size() - 1) / 2;
        } else {
            final int[] levels = new int[model.getComparisons().size()];
            final long[] candidatePairs = {0};
            final StringBuilder line = new StringBuilder(64);
            index.forEachCandidatePair(0, 1, (left, right) -> {
                line.setLength(0);
                appendPair(line, model, index, left, right, levels);
                pairDigest.update(line.toString().getBytes(StandardCharsets.UTF_8));
                candidatePairs[0]++;
            });
            pairs = candidatePairs[0];
        }
        final MessageDigest resultDigest = sha256();
        for (int record = 0; record < result.size(); record++) {
            final String line = record + " " + result.cluster(record) + ' ' + result.clusterSize(record) + ' ' + result.clusterId(record)
                    + ' ' + result.bestPartner(record) + ' ' + Long.toHexString(Double.doubleToRawLongBits(result.bestProbability(record)))
                    + ' ' + result.outcome(record) + ' ' + result.explanation(record) + '\n';
            resultDigest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return String.format(Locale.ROOT, "%s pairs=%d candidatePairs=%d clusters=%d matched=%d review=%d pairDigest=%s resultDigest=%s",
                name, pairs, result.getCandidatePairs(), result.getClusterCount(), result.getMatchedCount(), result.getReviewCount(),
                HexFormat.of().formatHex(pairDigest.digest()), HexFormat.of().formatHex(resultDigest.digest()));
    }

    /** A pair's line: the two records, each comparison's level and the exact bits of the match weight. */
    private static void appendPair(final StringBuilder line, final MatchModel model, final CandidateIndex index, final int left,
                                   final int right, final int[] levels) {
        model.levels(index.keys(left), index.keys(right), levels);
        final double weight = model.score(index.keys(left), index.keys(right));
        line.append(left).append(' ').append(right);
        for (final int level : levels) {
            line.append(' ').append(level);
        }
        line.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(weight))).append('\n');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
