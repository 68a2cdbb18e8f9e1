package dev.nificrm.store;

import dev.nificrm.match.EvaluationData;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchResult;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.roles.Role;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Fingerprints of everything the {@link EntityResolver} decides on the public evaluation data, batch after batch against
 * a fresh embedded store with golden ids numbered in order: per record its golden id, status, outcome, score, explanation,
 * review candidate, cross-references, cluster and best partner; per change written every new entity and member (keys and
 * blocks), re-keyed and seen member, merge, move, kept-apart pair, history event (score and explanation), observed block,
 * expected entity and counted delta (a counter's shards summed: the shard is drawn at random). The batches add new
 * people, re-send known records with and without changed keys, records without a source id (twice), review decisions
 * (same, different, a split) and a second system. {@code resolver-fingerprints.txt} holds the fingerprints recorded
 * before the resolver's in-memory work was made cheaper; {@link ResolverResultsUnchangedTest} asserts they stay as they
 * were. {@link #main} prints the current ones in that file's format.
 */
final class ResolverFingerprints {
    private static final List<MatchField> FEBRL_FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.HOUSE_NUMBER), MatchField.of(Role.STREET), MatchField.named("address_2"), MatchField.of(Role.CITY),
            MatchField.of(Role.POSTAL_CODE), MatchField.of(Role.STATE), MatchField.of(Role.BIRTH_DATE), MatchField.of(Role.NATIONAL_ID));
    private static final List<MatchField> SPLINK_FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.BIRTH_DATE), MatchField.of(Role.CITY), MatchField.of(Role.EMAIL));
    private static final Function<Map<String, String>, String[]> FEBRL = row -> new String[] {row.get("given_name"), row.get("surname"),
            row.get("street_number"), row.get("address_1"), row.get("address_2"), row.get("suburb"), row.get("postcode"),
            row.get("state"), row.get("date_of_birth"), row.get("soc_sec_id")};
    private static final Function<Map<String, String>, String[]> SPLINK = row -> new String[] {row.get("first_name"), row.get("surname"),
            row.get("dob"), row.get("city"), row.get("email")};

    /** A folder to write each batch's fingerprinted text to, to find what changed: {@code -Dfingerprints.dump=/tmp/a}. */
    private static final String DUMP = System.getProperty("fingerprints.dump");

    private ResolverFingerprints() {
    }

    public static void main(final String[] arguments) throws IOException {
        for (final String line : all(Files.createTempDirectory("resolver-fingerprints"))) {
            System.out.println(line);
        }
    }

    /** One line per scenario and batch. */
    static List<String> all(final Path directory) throws IOException {
        final Path eval = EvaluationData.evalDirectory();
        final List<String> lines = new ArrayList<>();
        final List<Map<String, String>> febrl1 = EvaluationData.readCsv(eval.resolve("febrl").resolve("dataset1.csv"));
        lines.addAll(febrl(directory, MatchSettings.defaults()));
        try (EntityStore sqlite = JdbcEntityStore.sqlite(directory.resolve("bridges.db"))) {
            final RecordingEntityStore store = new RecordingEntityStore(sqlite);
            final Matcher matcher = new Matcher(FEBRL_FIELDS, MatchSettings.defaults(), "AU");
            final EntityResolver resolver = new EntityResolver(matcher, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE, numbered());
            new Scenario("febrl bridges", matcher, resolver, store, lines).bridges(febrl1.subList(0, 300));
        }
        final ExecutorService helpers = Executors.newFixedThreadPool(1);
        try (EntityStore sqlite = JdbcEntityStore.sqlite(directory.resolve("splink.db"))) {
            final RecordingEntityStore store = new RecordingEntityStore(sqlite);
            final Matcher matcher = new Matcher(SPLINK_FIELDS, MatchSettings.defaults().withParallelism(2, helpers), "GB");
            final EntityResolver resolver = new EntityResolver(matcher, store, true, true, 10, numbered());
            final Scenario scenario = new Scenario("splink small blocks", matcher, resolver, store, lines);
            final List<Map<String, String>> rows = EvaluationData.readCsv(eval.resolve("splink").resolve("fake_1000.csv"));
            for (int from = 0; from < rows.size(); from += 250) {
                final EntityBatch batch = EntityBatch.of(matcher, "splink");
                for (final Map<String, String> row : rows.subList(from, from + 250)) {
                    batch.add(matcher.keys(SPLINK.apply(row)), row.get("unique_id"), null, null);
                }
                scenario.resolve(batch);
            }
        } finally {
            helpers.shutdown();
        }
        return lines;
    }

    /** The lines of the Febrl scenario (five batches against a fresh store), matched with these settings. */
    static List<String> febrl(final Path directory, final MatchSettings settings) throws IOException {
        final Path eval = EvaluationData.evalDirectory();
        final List<String> lines = new ArrayList<>();
        final List<Map<String, String>> febrl2 = EvaluationData.readCsv(eval.resolve("febrl").resolve("dataset2.csv"));
        final List<Map<String, String>> febrl1 = EvaluationData.readCsv(eval.resolve("febrl").resolve("dataset1.csv"));
        try (EntityStore sqlite = JdbcEntityStore.sqlite(directory.resolve("febrl.db"))) {
            final RecordingEntityStore store = new RecordingEntityStore(sqlite);
            final Matcher matcher = new Matcher(FEBRL_FIELDS, settings, "AU");
            final EntityResolver resolver = new EntityResolver(matcher, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE, numbered());
            new Scenario("febrl", matcher, resolver, store, lines).febrlBatches(febrl2, febrl1);
        }
        return lines;
    }

    /** Golden ids numbered in the order they are made. */
    private static Supplier<String> numbered() {
        final int[] next = {0};
        return () -> String.format(Locale.ROOT, "g-%06d", ++next[0]);
    }

    /** One store, one resolver, a line per batch. */
    private record Scenario(String name, Matcher matcher, EntityResolver resolver, RecordingEntityStore store, List<String> lines) {

        void febrlBatches(final List<Map<String, String>> rows, final List<Map<String, String>> otherRows) {
            final List<Resolution> resolutions = new ArrayList<>();
            for (int from = 0; from < 4_000; from += 2_000) {
                final EntityBatch batch = EntityBatch.of(matcher, "febrl");
                for (final Map<String, String> row : rows.subList(from, from + 2_000)) {
                    batch.add(matcher.keys(FEBRL.apply(row)), row.get("rec_id"), null, null);
                }
                resolutions.add(resolve(batch));
            }
            // new people, known records with changed keys, records without a source id (some twice in the batch)
            final EntityBatch third = EntityBatch.of(matcher, "febrl");
            for (final Map<String, String> row : rows.subList(4_000, 5_000)) {
                third.add(matcher.keys(FEBRL.apply(row)), row.get("rec_id"), null, null);
            }
            for (int record = 0; record < 300; record++) {
                final String[] values = FEBRL.apply(rows.get(record));
                if (record % 2 == 0) {
                    values[8] = null;
                } else {
                    final String swap = values[0];
                    values[0] = values[1];
                    values[1] = swap;
                }
                third.add(matcher.keys(values), rows.get(record).get("rec_id"), null, null);
            }
            for (int record = 300; record < 400; record++) {
                third.add(matcher.keys(FEBRL.apply(rows.get(record))), null, null, null);
                if (record % 10 == 0) {
                    third.add(matcher.keys(FEBRL.apply(rows.get(record))), "", null, null);
                }
            }
            resolve(third);
            // the same records without a source id, known records unchanged, and review decisions
            final EntityBatch fourth = EntityBatch.of(matcher, "febrl");
            for (int record = 300; record < 400; record++) {
                fourth.add(matcher.keys(FEBRL.apply(rows.get(record))), null, null, null);
            }
            for (int record = 400; record < 600; record++) {
                fourth.add(matcher.keys(FEBRL.apply(rows.get(record))), rows.get(record).get("rec_id"), null, null);
            }
            final Resolution first = resolutions.getFirst();
            for (int record = 600; record < 700; record++) {
                final Map<String, String> row = rows.get(record);
                final ReviewDecision decision = record < 640 ? ReviewDecision.SAME : ReviewDecision.DIFFERENT;
                final String candidate = record < 640 ? resolutions.get(1).goldenId(record)
                        : record < 680 ? first.goldenId(record) : first.goldenId(record + 1);
                fourth.add(matcher.keys(FEBRL.apply(row)), row.get("rec_id"), decision, candidate);
            }
            resolve(fourth);
            // another system with other people
            final EntityBatch fifth = EntityBatch.of(matcher, "febrl-other");
            for (final Map<String, String> row : otherRows) {
                fifth.add(matcher.keys(FEBRL.apply(row)), row.get("rec_id"), null, null);
            }
            resolve(fifth);
        }

        /**
         * Each person stored twice, once by name and birth date and once by address and national id (records that share
         * nothing), then whole: the whole record links both and merges their entities.
         */
        void bridges(final List<Map<String, String>> rows) {
            final EntityBatch halves = EntityBatch.of(matcher, "halves");
            for (final Map<String, String> row : rows) {
                final String[] values = FEBRL.apply(row);
                halves.add(matcher.keys(new String[] {values[0], values[1], null, null, null, null, null, null, values[8], null}),
                        "name-" + row.get("rec_id"), null, null);
                halves.add(matcher.keys(new String[] {null, null, values[2], values[3], values[4], values[5], values[6], values[7], null,
                        values[9]}), "address-" + row.get("rec_id"), null, null);
            }
            resolve(halves);
            final EntityBatch whole = EntityBatch.of(matcher, "whole");
            for (final Map<String, String> row : rows) {
                whole.add(matcher.keys(FEBRL.apply(row)), row.get("rec_id"), null, null);
            }
            resolve(whole);
        }

        Resolution resolve(final EntityBatch batch) {
            final Resolution resolution = resolver.resolve(batch);
            final List<ChangeSet> changes = store.drain();
            resolution.pendingWrite().commit();
            final MatchResult result = resolution.getMatchResult();
            final MessageDigest records = sha256();
            final StringBuilder dump = DUMP == null ? null : new StringBuilder();
            for (int record = 0; record < resolution.size(); record++) {
                final String line = record + " " + resolution.goldenId(record) + ' ' + resolution.status(record) + ' ' + resolution.outcome(record)
                        + ' ' + Long.toHexString(Double.doubleToRawLongBits(resolution.score(record))) + ' ' + resolution.explanation(record)
                        + ' ' + resolution.candidate(record) + ' ' + new TreeMap<>(resolution.crossReferences(record)) + ' ' + result.cluster(record)
                        + ' ' + result.clusterSize(record) + ' ' + result.bestPartner(record) + '\n';
                records.update(line.getBytes(StandardCharsets.UTF_8));
                if (dump != null) {
                    dump.append(line);
                }
            }
            final MessageDigest written = sha256();
            int members = 0;
            int keyChanges = 0;
            int events = 0;
            for (final ChangeSet change : changes) {
                final String described = describe(change);
                written.update(described.getBytes(StandardCharsets.UTF_8));
                if (dump != null) {
                    dump.append(described);
                }
                members += change.newMembers().size();
                keyChanges += change.keyChanges().size();
                events += change.events().size();
            }
            if (dump != null) {
                try {
                    Files.writeString(Path.of(DUMP, name.replace(' ', '-') + '-' + (lines.size() + 1) + ".txt"), dump);
                } catch (final IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            lines.add(String.format(Locale.ROOT, "%s batch %d: records=%d new=%d merges=%d attempts=%d pairs=%d members=%d keyChanges=%d events=%d "
                            + "recordDigest=%s changeDigest=%s", name, lines.size() + 1, resolution.size(), resolution.getNewEntities(),
                    resolution.getMerges(), resolution.getAttempts(), result.getCandidatePairs(), members, keyChanges, events,
                    HexFormat.of().formatHex(records.digest()), HexFormat.of().formatHex(written.digest())));
            return resolution;
        }

        /** Everything in a change, in the order it holds it (maps by key); a counter's shards are summed. */
        private String describe(final ChangeSet change) {
            final StringBuilder text = new StringBuilder(1 << 16);
            text.append("layout ").append(change.layoutId()).append('\n');
            text.append("entities ").append(change.newEntities()).append('\n');
            for (final ChangeSet.NewMember member : change.newMembers()) {
                text.append("member ").append(member.source()).append(' ').append(member.goldenId()).append(' ').append(member.keys())
                        .append(' ').append(Arrays.toString(member.blocks())).append('\n');
            }
            for (final ChangeSet.KeyChange keyChange : change.keyChanges()) {
                text.append("rekey ").append(keyChange.memberId()).append(' ').append(keyChange.keys()).append(' ')
                        .append(Arrays.toString(keyChange.leftBlocks())).append(' ').append(Arrays.toString(keyChange.joinedBlocks())).append('\n');
            }
            text.append("seen ").append(change.seenMembers()).append('\n');
            text.append("merges ").append(change.merges()).append('\n');
            text.append("moves ").append(change.moves()).append('\n');
            text.append("apart ").append(change.keptApartPairs()).append('\n');
            for (final HistoryEvent event : change.events()) {
                text.append("event ").append(event.kind()).append(' ').append(event.goldenId()).append(' ').append(event.otherGoldenId())
                        .append(' ').append(event.source()).append(' ')
                        .append(event.score() == null ? "-" : Long.toHexString(Double.doubleToRawLongBits(event.score())))
                        .append(' ').append(event.explanation()).append('\n');
            }
            text.append("snapshots ").append(change.snapshots()).append('\n');
            final Map<Long, Long> observed = new TreeMap<>();
            for (int block = 0; block < change.observedHashes().length; block++) {
                observed.put(change.observedHashes()[block], change.observedCounts()[block]);
            }
            text.append("observed ").append(observed).append('\n');
            text.append("expected ").append(change.expectedEntities()).append('\n');
            text.append("counted ").append(counted(change.counterDeltas())).append('\n');
            return text.toString();
        }

        private Map<String, Long> counted(final Map<Long, Long> deltas) {
            final Map<Long, String> counterOfShard = new HashMap<>();
            final List<String> counters = new ArrayList<>();
            counters.add("population");
            for (final MatchField field : matcher.getFields()) {
                counters.add("total:" + field.name());
            }
            for (final String counter : counters) {
                for (final long shard : KeyHash.counter(counter)) {
                    counterOfShard.put(shard, counter);
                }
            }
            final Map<String, Long> counted = new TreeMap<>();
            deltas.forEach((hash, delta) -> counted.merge(counterOfShard.getOrDefault(hash, Long.toHexString(hash)), delta, Long::sum));
            return counted;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
