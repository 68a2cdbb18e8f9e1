package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Precision and recall of company matching kind of error by kind of error ({@link CompanyErrorGenerator}): for each kind,
 * 300 generated companies ({@link AccountGenerator}, 40 % with more records) and 120 companies (or pairs of companies)
 * of the kind, two records each, matched together on name, street, city, postal code, phone and website with the
 * defaults. Counted are the pairs with at least one record of the kind. Prints the table.
 */
class CompanyErrorKindsQualityTest {
    private static final int COMPANIES = 120;

    @Test
    void everyKindOfErrorMeetsItsFloors() {
        final Map<CompanyErrorGenerator.Kind, EvaluationData.Quality> qualities = measure();
        final StringBuilder table = new StringBuilder("company errors by kind (defaults):\n");
        qualities.forEach((kind, quality) -> table.append(String.format(Locale.ROOT, "  %-32s %s%n", kind, quality)));
        System.out.print(table);
        qualities.forEach((kind, quality) -> {
            assertTrue(quality.precision() >= 0.98, kind + " precision " + quality);
            // two companies at one address and switchboard were all merged (P 0.333) before names that differ outright held them apart
            assertTrue(kind != CompanyErrorGenerator.Kind.ONE_SWITCHBOARD || quality.precision() == 1, kind + " precision " + quality);
            // a parent and its subsidiary sharing name words, street, switchboard and website were merged before two
            // company identifiers that differ held them apart
            assertTrue(kind != CompanyErrorGenerator.Kind.PARENT_AND_SUBSIDIARY || quality.precision() == 1, kind + " precision " + quality);
            // two companies of one group sharing the group's name word, and half the time its website, are distinct legal
            // entities: none merged (P 1.000 as measured when the kind was added)
            assertTrue(kind != CompanyErrorGenerator.Kind.GROUP_COMPANIES || quality.precision() == 1, kind + " precision " + quality);
            // every kind is at 0.99 or more; LEGAL_FORM_FIRST was 0.958 while a form first without a country was kept, JOINED_NAMES
            // 0.675 while and in other languages (und, et, y, e, en, och, og) was a word of its own, SPACED_INITIALS 0.850 while
            // initials that spell a word (A. T., D.E., T.H.E.) were keyed as the word (at systems, a name of common words only),
            // HTML_ENTITIES 0.942 while &amp;, &#39; and &quot; were read as words (kamlit and amp venvel)
            assertTrue(quality.recall() >= 0.99, kind + " recall " + quality);
        });
    }

    static Map<CompanyErrorGenerator.Kind, EvaluationData.Quality> measure() {
        final Map<CompanyErrorGenerator.Kind, EvaluationData.Quality> qualities = new EnumMap<>(CompanyErrorGenerator.Kind.class);
        for (final CompanyErrorGenerator.Kind kind : CompanyErrorGenerator.Kind.values()) {
            final Generated generated = generate(kind);
            final List<String> clusters = OrganisationQualityTest.match(fields(kind), generated.accounts()).clusterIds();
            qualities.put(kind, touching(clusters, generated.accounts().stream().map(AccountGenerator.Account::entity).toList(), generated.first()));
        }
        return qualities;
    }

    /**
     * The fields a kind is matched on: the account fields, the country for the kinds whose records hold one (the
     * generated accounts hold none), and the country and company identifier for the kinds whose records hold an
     * identifier, so that the kinds without are matched as they were.
     */
    static List<MatchField> fields(final CompanyErrorGenerator.Kind kind) {
        if (kind.withIdentifier()) {
            return OrganisationQualityTest.IDENTIFIED_ACCOUNT_COLUMNS;
        }
        return kind.withCountry() ? OrganisationQualityTest.ACCOUNT_COLUMNS : OrganisationQualityTest.ACCOUNT_FIELDS;
    }

    /** A kind's accounts: the generated accounts, then from {@code first} the kind's records, two by two. */
    record Generated(List<AccountGenerator.Account> accounts, int first) {
    }

    /** The accounts a kind is measured on: seeded by the kind's place among the kinds, so a kind added last changes no other. */
    static Generated generate(final CompanyErrorGenerator.Kind kind) {
        final long seed = 20_261_205_0L + 1 + kind.ordinal();
        final List<AccountGenerator.Account> accounts = new ArrayList<>(new AccountGenerator(seed, 0.25).generate(300, 0.4));
        final int first = accounts.size();
        accounts.addAll(new CompanyErrorGenerator(~seed).generate(kind, COMPANIES));
        return new Generated(accounts, first);
    }

    /** Pairwise quality over the pairs with at least one record at or after {@code first}. */
    static EvaluationData.Quality touching(final List<String> clusters, final List<String> truth, final int first) {
        long truePositives = 0;
        long predicted = 0;
        long truePairs = 0;
        final Map<String, List<Integer>> byCluster = new HashMap<>();
        final Map<String, List<Integer>> byEntity = new HashMap<>();
        for (int record = 0; record < clusters.size(); record++) {
            byCluster.computeIfAbsent(clusters.get(record), cluster -> new ArrayList<>()).add(record);
            byEntity.computeIfAbsent(truth.get(record), entity -> new ArrayList<>()).add(record);
        }
        for (final List<Integer> members : byCluster.values()) {
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    if (members.get(i) >= first || members.get(j) >= first) {
                        predicted++;
                        if (truth.get(members.get(i)).equals(truth.get(members.get(j)))) {
                            truePositives++;
                        }
                    }
                }
            }
        }
        for (final List<Integer> members : byEntity.values()) {
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    if (members.get(i) >= first || members.get(j) >= first) {
                        truePairs++;
                    }
                }
            }
        }
        return new EvaluationData.Quality(truePositives, predicted, truePairs);
    }
}
