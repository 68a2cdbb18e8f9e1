package dev.nificrm.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The categories of profile samples: the most specific step on the stack takes the sample. */
class JfrBreakdownTest {

    @Test
    void aStoreReadIsNamedByItsMethodAndTheResolverStepThatAsked() {
        assertEquals("store read findKeys ← termFrequencies", JfrBreakdown.categorise(List.of(
                "org.sqlite.core.NativeDB.step", "dev.nificrm.store.SqliteDialect.runIn", "dev.nificrm.store.JdbcEntityStore.findKeys",
                "dev.nificrm.benchmarks.TimedEntityStore.findKeys", "dev.nificrm.store.EntityResolver$Attempt.termFrequencies",
                "dev.nificrm.store.EntityResolver$Attempt.<init>", "dev.nificrm.store.EntityResolver.resolve")));
    }

    @Test
    void theResolversWorkInParallelIsTheResolversNotTheMatchers() {
        // its reads of blocks' members and its hashing of keys run under the matching package's parallel tasks
        assertEquals("store read findBlockMembers ← inParts", JfrBreakdown.categorise(List.of("dev.nificrm.store.KeyIndex.blockMembers",
                "dev.nificrm.store.KeyLog.blockMembers", "dev.nificrm.store.JdbcEntityStore.findBlockMembers",
                "dev.nificrm.benchmarks.TimedEntityStore.findBlockMembers", "dev.nificrm.store.EntityResolver$Attempt$$Lambda.0x0000000064120d60.apply",
                "dev.nificrm.store.EntityResolver$Attempt.lambda$inParts$0",
                "dev.nificrm.match.ParallelTasks.work", "dev.nificrm.match.ParallelTasks.run", "dev.nificrm.match.Matcher.inParallel",
                "dev.nificrm.store.EntityResolver$Attempt.inParts", "dev.nificrm.store.EntityResolver$Attempt.readWholeOrOldest")));
        assertEquals("resolver (grouping, planning)", JfrBreakdown.categorise(List.of("dev.nificrm.store.KeyHash$Hasher.mixBlocks",
                "dev.nificrm.store.KeyHash$Hasher.hash", "dev.nificrm.store.EntityResolver$Attempt.hashKeys",
                "dev.nificrm.store.EntityResolver$Attempt.lambda$inputBlockHashes$0", "dev.nificrm.match.ParallelTasks.work")));
        assertEquals("resolver (grouping, planning)", JfrBreakdown.categorise(List.of("java.lang.String.equals",
                "dev.nificrm.match.StringNumbers.numberOf", "dev.nificrm.store.EntityResolver$Attempt.groupOf",
                "dev.nificrm.store.EntityResolver$Attempt.registerEntities")));
    }

    @Test
    void theMatchModelIsTheTermFrequenciesAndThePriorNotTheTiesScoredAfterThePairs() {
        assertEquals("match model (term frequencies, prior)", JfrBreakdown.categorise(List.of("java.util.HashMap.merge",
                "dev.nificrm.match.TermFrequencies.add", "dev.nificrm.store.EntityResolver$Attempt.termFrequencies",
                "dev.nificrm.store.EntityResolver$Attempt.matchWholeEntities")));
        assertEquals("scoring ties (stored pairs)", JfrBreakdown.categorise(List.of("java.lang.String.<init>",
                "dev.nificrm.match.CandidateKeys.decode", "dev.nificrm.match.Matcher.scoreTies", "dev.nificrm.match.Matcher.score",
                "dev.nificrm.store.EntityResolver$Attempt.matchWholeEntities")));
        assertEquals("matcher (other)", JfrBreakdown.categorise(List.of("dev.nificrm.match.IntPages.<init>", "dev.nificrm.match.Matcher.cluster",
                "dev.nificrm.store.EntityResolver$Attempt.matchWholeEntities")));
    }

    @Test
    void theCommitOfAPendingWriteIsNotAWrite() {
        assertEquals("store commit", JfrBreakdown.categorise(List.of("org.sqlite.core.NativeDB.step",
                "dev.nificrm.store.JdbcEntityStore$JdbcPendingWrite.commit", "dev.nificrm.benchmarks.StoreBenchmark.match")));
        assertEquals("store write", JfrBreakdown.categorise(List.of("org.postgresql.core.PGStream.receiveChar",
                "dev.nificrm.store.JdbcEntityStore.write", "dev.nificrm.store.EntityResolver.resolve")));
    }

    @Test
    void aComparatorCountsAsScoringOrAsClusteringByWhoCalledIt() {
        final String comparator = "org.apache.commons.text.similarity.JaroWinklerSimilarity.matches";
        assertEquals("scoring pairs", JfrBreakdown.categorise(List.of(comparator, "dev.nificrm.match.NameComparator.compare",
                "dev.nificrm.match.MatchModel.score", "dev.nificrm.match.ReferenceCandidateIndex.forEachCandidatePair",
                "dev.nificrm.match.Matcher.scorePartition", "dev.nificrm.match.Matcher.match", "dev.nificrm.store.EntityResolver$Attempt.<init>")));
        assertEquals("clustering", JfrBreakdown.categorise(List.of(comparator, "dev.nificrm.match.MatchModel.score",
                "dev.nificrm.match.Clusterer.cluster", "dev.nificrm.match.Matcher.match")));
    }

    @Test
    void theResolversOwnWorkAndEverythingElseHaveCategoriesToo() {
        assertEquals("resolver (grouping, planning)", JfrBreakdown.categorise(List.of("java.lang.Integer.equals",
                "dev.nificrm.store.EntityResolver$Attempt.rootGroup", "dev.nificrm.store.EntityResolver$Attempt.plan")));
        assertEquals("comparison keys", JfrBreakdown.categorise(List.of("dev.nificrm.match.ComparisonKeys.normalise",
                "dev.nificrm.match.Matcher.keys", "dev.nificrm.benchmarks.StoreBenchmark.match")));
        assertEquals("other", JfrBreakdown.categorise(List.of("java.lang.Thread.run")));
        assertEquals("not timed: working copy", JfrBreakdown.categorise(List.of("sun.nio.ch.Net.poll", "org.postgresql.copy.CopyManager.copyIn",
                "dev.nificrm.benchmarks.PostgresStoreFixture.openWorkingCopy", "dev.nificrm.benchmarks.StoreBenchmark.match")));
    }
}
