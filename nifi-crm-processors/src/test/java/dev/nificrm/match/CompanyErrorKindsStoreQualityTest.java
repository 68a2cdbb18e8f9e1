package dev.nificrm.match;

import dev.nificrm.store.EntityBatch;
import dev.nificrm.store.EntityResolver;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import dev.nificrm.store.Resolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link CompanyErrorKindsQualityTest}'s kinds of company error with the stored side: the 300 generated accounts and one
 * record of each of the kind's pairs are matched and stored first, the pairs' other records matched against the store in
 * a second FlowFile, in both orders (the record as first written stored, or the other one). The stored keys and term
 * frequencies must give the decisions one FlowFile gives: each kind's precision and recall equal to the in-FlowFile ones,
 * and the very pairs with a record of the kind that end in one customer the pairs one FlowFile clusters.
 */
class CompanyErrorKindsStoreQualityTest {
    @TempDir
    Path directory;

    @Test
    void everyKindDecidesWithAStoreAsInOneFlowFile() {
        final Map<CompanyErrorGenerator.Kind, EvaluationData.Quality> inOneFlowFile = CompanyErrorKindsQualityTest.measure();
        final Map<CompanyErrorGenerator.Kind, Set<List<Integer>>> pairsInOneFlowFile = new EnumMap<>(CompanyErrorGenerator.Kind.class);
        final Map<CompanyErrorGenerator.Kind, List<Set<List<Integer>>>> storedPairs = new EnumMap<>(CompanyErrorGenerator.Kind.class);
        final Map<CompanyErrorGenerator.Kind, EvaluationData.Quality[]> stored = measureWithStore(pairsInOneFlowFile, storedPairs);
        final StringBuilder table = new StringBuilder("company errors by kind, one FlowFile / first written stored / other stored:\n");
        stored.forEach((kind, qualities) -> table.append(String.format(Locale.ROOT, "  %-32s %s / %s / %s%n", kind, inOneFlowFile.get(kind),
                qualities[0], qualities[1])));
        System.out.print(table);
        stored.forEach((kind, qualities) -> {
            for (int order = 0; order < 2; order++) {
                assertEquals(inOneFlowFile.get(kind).toString(), qualities[order].toString(), kind + ", order " + order + "\n" + table);
                assertEquals(pairsInOneFlowFile.get(kind), storedPairs.get(kind).get(order), kind + ", order " + order);
            }
        });
    }

    private Map<CompanyErrorGenerator.Kind, EvaluationData.Quality[]> measureWithStore(
            final Map<CompanyErrorGenerator.Kind, Set<List<Integer>>> pairsInOneFlowFile,
            final Map<CompanyErrorGenerator.Kind, List<Set<List<Integer>>>> storedPairs) {
        final Map<CompanyErrorGenerator.Kind, EvaluationData.Quality[]> qualities = new EnumMap<>(CompanyErrorGenerator.Kind.class);
        for (final CompanyErrorGenerator.Kind kind : CompanyErrorGenerator.Kind.values()) {
            final Matcher matcher = new Matcher(CompanyErrorKindsQualityTest.fields(kind), MatchSettings.defaults(), "US");
            final CompanyErrorKindsQualityTest.Generated generated = CompanyErrorKindsQualityTest.generate(kind);
            final List<AccountGenerator.Account> accounts = generated.accounts();
            final int first = generated.first();
            final List<String> truth = accounts.stream().map(AccountGenerator.Account::entity).toList();
            pairsInOneFlowFile.put(kind, pairsTouching(OrganisationQualityTest.match(CompanyErrorKindsQualityTest.fields(kind), accounts).clusterIds(), first));
            storedPairs.put(kind, new ArrayList<>());
            final EvaluationData.Quality[] orders = new EvaluationData.Quality[2];
            final List<String[]> values = accounts.stream().map(AccountGenerator.Account::values).toList();
            for (int order = 0; order < 2; order++) {
                final List<String> goldenIds = storedInTwoFlowFiles(matcher, values, first, order, directory.resolve(kind + "-" + order + ".db"));
                orders[order] = CompanyErrorKindsQualityTest.touching(goldenIds, truth, first);
                storedPairs.get(kind).add(pairsTouching(goldenIds, first));
            }
            qualities.put(kind, orders);
        }
        return qualities;
    }

    /**
     * The golden ids of the records matched against an SQLite store in two FlowFiles: the records before {@code first}
     * and one record of each of the pairs from there (the first of each pair in order 0, the second in order 1) stored
     * first, the pairs' other records matched against the store by a second FlowFile.
     */
    static List<String> storedInTwoFlowFiles(final Matcher matcher, final List<String[]> values, final int first, final int order,
                                             final Path database) {
        // the kind's records come in pairs: the record as first written, then the other source's
        return storedInTwoFlowFiles(matcher, values, record -> record < first || (record - first) % 2 == order, database);
    }

    /** The golden ids of the records matched against an SQLite store in two FlowFiles: those {@code storedFirst} takes, then the others. */
    static List<String> storedInTwoFlowFiles(final Matcher matcher, final List<String[]> values, final IntPredicate storedFirst, final Path database) {
        try (EntityStore store = JdbcEntityStore.sqlite(database)) {
            final EntityResolver resolver = new EntityResolver(matcher, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
            final List<Integer> firstBatch = new ArrayList<>();
            final List<Integer> secondBatch = new ArrayList<>();
            for (int record = 0; record < values.size(); record++) {
                (storedFirst.test(record) ? firstBatch : secondBatch).add(record);
            }
            final String[] ids = new String[values.size()];
            resolve(resolver, matcher, values, firstBatch, ids);
            resolve(resolver, matcher, values, secondBatch, ids);
            return List.of(ids);
        }
    }

    /** The pairs of records in one cluster with at least one record at or after {@code first}. */
    static Set<List<Integer>> pairsTouching(final List<String> clusters, final int first) {
        final Map<String, List<Integer>> byCluster = new HashMap<>();
        for (int record = 0; record < clusters.size(); record++) {
            byCluster.computeIfAbsent(clusters.get(record), cluster -> new ArrayList<>()).add(record);
        }
        final Set<List<Integer>> pairs = new TreeSet<>((left, right) -> left.get(0).equals(right.get(0))
                ? Integer.compare(left.get(1), right.get(1)) : Integer.compare(left.get(0), right.get(0)));
        for (final List<Integer> members : byCluster.values()) {
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    if (members.get(j) >= first) {
                        pairs.add(List.of(members.get(i), members.get(j)));
                    }
                }
            }
        }
        return pairs;
    }

    /** Matches the records against the store as one FlowFile and commits; their golden ids go to {@code ids}. */
    private static void resolve(final EntityResolver resolver, final Matcher matcher, final List<String[]> values,
                                final List<Integer> records, final String[] ids) {
        final EntityBatch batch = EntityBatch.of(matcher, "crm");
        for (final int record : records) {
            batch.add(matcher.keys(values.get(record)), "r" + record, null, null);
        }
        final Resolution resolution = resolver.resolve(batch);
        resolution.pendingWrite().commit();
        for (int i = 0; i < records.size(); i++) {
            ids[records.get(i)] = resolution.goldenId(i);
        }
    }
}
