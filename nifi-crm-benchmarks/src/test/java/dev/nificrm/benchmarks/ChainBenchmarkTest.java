package dev.nificrm.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainBenchmarkTest {
    @TempDir
    Path data;

    @Test
    void eachStepTakesWhatTheLastPassedOnAndTheMergeAccountsForEveryRecordItWasGiven() {
        final ChainBenchmark.Chain chain = ChainBenchmark.chain(400, data, new PrintStream(OutputStream.nullOutputStream()));
        final List<ChainBenchmark.Step> steps = chain.steps();
        assertEquals(List.of("CleanCRMRecord", "MapCRMRecord", "MatchCRMRecord", "MergeCRMRecord"), steps.stream().map(ChainBenchmark.Step::name).toList());
        assertEquals(400, steps.getFirst().recordsIn());
        for (int i = 1; i < steps.size(); i++) {
            assertEquals(steps.get(i - 1).passedRecords(), steps.get(i).recordsIn(), steps.get(i).name());
        }
        final ChainBenchmark.Step match = steps.get(2);
        final ChainBenchmark.Step merge = steps.getLast();
        final long golden = merge.recordsOut().get("merged");
        assertTrue(golden < merge.recordsIn() && golden > merge.recordsIn() - match.recordsOut().get("matched"),
                "the matched records were merged into fewer golden records: " + match.recordsOut() + " -> " + merge.recordsOut());
        assertTrue(chain.report().contains("chain clean -> map -> match -> merge"), chain.report());
    }
}
