package dev.nificrm.match;

import dev.nificrm.match.BlockingRule.Part;
import dev.nificrm.roles.BlockingTransform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InMemoryCandidateIndexTest {
    private static final List<BlockingRule> RULES = List.of(
            new BlockingRule("email", List.of(Part.of(0, BlockingTransform.EXACT))),
            new BlockingRule("last_name~initial+city", List.of(Part.of(1, BlockingTransform.INITIAL), Part.of(2, BlockingTransform.EXACT))));

    @Test
    void handsOutEachPairOnceAcrossPasses() {
        final InMemoryCandidateIndex index = new InMemoryCandidateIndex(RULES, 10);
        index.add(new String[] {"a@x.com", "smith", "leeds"});
        index.add(new String[] {"a@x.com", "smyth", "leeds"});
        index.add(new String[] {null, "stone", "leeds"});
        index.add(new String[] {"b@x.com", "jones", "york"});

        assertEquals(List.of("0-1", "0-2", "1-2"), pairs(index, 1));
    }

    @Test
    void skipsBlocksAboveTheMaximumSize() {
        final InMemoryCandidateIndex index = new InMemoryCandidateIndex(RULES, 2);
        index.add(new String[] {"info@acme.com", "adams", "leeds"});
        index.add(new String[] {"info@acme.com", "brown", "york"});
        index.add(new String[] {"info@acme.com", "clark", "hull"});
        index.add(new String[] {"x@y.com", "cole", "hull"});

        assertEquals(List.of("2-3"), pairs(index, 1));
    }

    @Test
    void pairsIdenticalRecordsInAnOversizedBlockWithTheFirstOfThem() {
        final InMemoryCandidateIndex index = new InMemoryCandidateIndex(RULES, 2);
        index.add(new String[] {"info@acme.com", "adams", "leeds"});
        index.add(new String[] {"info@acme.com", "adams", "leeds"});
        index.add(new String[] {"info@acme.com", "adams", "leeds"});
        index.add(new String[] {"info@acme.com", "brown", "york"});
        index.add(new String[] {null, null, null});
        index.add(new String[] {null, null, null});

        // every pass skips the oversized blocks; the identical records are still paired, linearly, and records without
        // any key are never paired
        assertEquals(List.of("0-1", "0-2"), pairs(index, 1));
        assertEquals(List.of("0-1", "0-2"), pairs(index, 2).stream().sorted().toList());
    }

    @Test
    void blocksOnTheEmailDomainWithTheFirstInitial() {
        final BlockingRule rule = new BlockingRule("email~domain+first_name~initial",
                List.of(Part.of(0, BlockingTransform.DOMAIN), Part.of(1, BlockingTransform.INITIAL)));
        assertEquals(rule.key(new String[] {"j.smith@acme.com", "john"}), rule.key(new String[] {"jsmith@acme.com", "jon"}));
        assertNotEquals(rule.key(new String[] {"j.smith@acme.com", "john"}), rule.key(new String[] {"j.smith@acme.org", "john"}));
        assertNull(rule.key(new String[] {"no-domain@", "john"}));
    }

    @Test
    void partitionsCoverEveryPairOnce() {
        final InMemoryCandidateIndex index = new InMemoryCandidateIndex(RULES, 10);
        for (int i = 0; i < 30; i++) {
            index.add(new String[] {"p" + (i % 7) + "@x.com", "s" + (i % 3), "c" + (i % 2)});
        }
        final List<String> whole = pairs(index, 1);
        final List<String> split = pairs(index, 3);
        assertEquals(whole.stream().sorted().toList(), split.stream().sorted().toList());
    }

    private static List<String> pairs(final CandidateIndex index, final int partitions) {
        final List<String> pairs = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            index.forEachCandidatePair(partition, partitions, (left, right) -> pairs.add(left + "-" + right));
        }
        return pairs;
    }
}
