package dev.nificrm.match;

import dev.nificrm.match.BlockingRule.Part;
import dev.nificrm.roles.BlockingTransform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceCandidateIndexTest {
    private static final List<BlockingRule> RULES = List.of(new BlockingRule("email", List.of(Part.of(0, BlockingTransform.EXACT))));

    private static InMemoryCandidateIndex input() {
        final InMemoryCandidateIndex input = new InMemoryCandidateIndex(RULES, 10);
        input.add(new String[] {"a@x.com", "smith"});
        input.add(new String[] {"a@x.com", "smyth"});
        input.add(new String[] {"b@x.com", "jones"});
        return input;
    }

    @Test
    void makesAReferencesKeysOnEveryRequest() {
        final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input(), false);
        final AtomicInteger made = new AtomicInteger();
        final int stored = index.addReference(() -> {
            made.incrementAndGet();
            return new String[] {"c@x.com", "stone"};
        });
        final int plain = index.add(new String[] {"d@x.com", "cole"});
        assertEquals(3, stored, "references are numbered after the input records");
        assertEquals(4, plain);
        assertEquals(5, index.size());
        assertEquals(0, made.get(), "nothing is made until asked for");
        assertArrayEquals(new String[] {"c@x.com", "stone"}, index.keys(stored));
        assertArrayEquals(new String[] {"c@x.com", "stone"}, index.keys(stored));
        assertEquals(2, made.get(), "made once per request: nothing holds them");
        assertArrayEquals(new String[] {"d@x.com", "cole"}, index.keys(plain));
        assertArrayEquals(new String[] {"b@x.com", "jones"}, index.keys(2));
    }

    /**
     * A reference in several candidate pairs has its keys made once, on the first request, and held (h233: a store's
     * candidate's keys were decoded once per pair); one in a single pair has them made on each request, as one in none;
     * one let go holds none.
     */
    @Test
    void makesTheKeysOfAReferenceInSeveralPairsOnce() {
        final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input(), false);
        final AtomicInteger madeOfShared = new AtomicInteger();
        final AtomicInteger madeOfSingle = new AtomicInteger();
        final int shared = index.addReference(() -> {
            madeOfShared.incrementAndGet();
            return new String[] {"c@x.com", "stone"};
        });
        final int single = index.addReference(() -> {
            madeOfSingle.incrementAndGet();
            return new String[] {"d@x.com", "cole"};
        });
        index.addPair(0, shared);
        index.addPair(1, single);
        index.addPair(2, shared);
        final List<String[]> asked = new ArrayList<>();
        index.forEachCandidatePair(0, 1, (left, right) -> asked.add(index.keys(right)));
        assertEquals(3, asked.size());
        assertArrayEquals(new String[] {"c@x.com", "stone"}, index.keys(shared));
        assertEquals(1, madeOfShared.get(), "made once for its two pairs and a later request");
        assertSame(asked.get(0), asked.get(2));
        assertArrayEquals(new String[] {"d@x.com", "cole"}, index.keys(single));
        assertEquals(2, madeOfSingle.get(), "made on each request: nothing holds them");
        index.release(record -> record != shared);
        assertNull(index.keys(shared));
    }

    /**
     * The references paired with the input records asked for, for the matcher to score their pairs with each other for
     * ties: a stored input record's pair is no reference's, and the input's own pairs are not handed.
     */
    @Test
    void handsTheReferencePairsOfTheRecordsAskedFor() {
        final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input(), false);
        final int first = index.addReference(() -> new String[] {"a@x.com", "smith"});
        final int second = index.addReference(() -> new String[] {"b@x.com", "jones"});
        index.addPair(0, first);
        index.addPair(2, second);
        index.addPair(0, second);
        index.addStoredInputPair(0, 1);
        final BitSet asked = new BitSet();
        asked.set(0);
        final List<String> handed = new ArrayList<>();
        index.forEachReferencePair(asked, (record, reference) -> handed.add(record + "-" + reference));
        assertEquals(List.of("0-3", "0-4"), handed);
        final List<String> none = new ArrayList<>();
        input().forEachReferencePair(asked, (record, reference) -> none.add(record + "-" + reference));
        assertEquals(List.of(), none, "an index that pairs all its records has no references");
    }

    @Test
    void pairsInputRecordsWithReferencesOnlyAsAsked() {
        final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input(), false);
        final int reference = index.addReference(() -> new String[] {"a@x.com", "smith"});
        index.addPair(2, reference);
        index.addPair(0, reference);
        assertEquals(List.of("2-3", "0-3"), pairs(index, 1), "the input's own pairs are not matched");
        assertEquals(List.of("2-3"), pairs(index, 2).subList(0, 1));
        assertThrows(IllegalArgumentException.class, () -> index.addPair(reference, 0));

        final ReferenceCandidateIndex withInputPairs = new ReferenceCandidateIndex(input(), true);
        withInputPairs.addPair(2, withInputPairs.addReference(() -> new String[] {"b@x.com", "jones"}));
        assertEquals(List.of("0-1", "2-3"), pairs(withInputPairs, 1));
    }

    @Test
    void aReferenceLetGoHasNoKeys() {
        final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input(), false);
        final int kept = index.addReference(() -> new String[] {"c@x.com", "stone"});
        final int released = index.addReference(() -> new String[] {"d@x.com", "cole"});
        index.addPair(0, kept);
        index.release(record -> record != released);
        assertArrayEquals(new String[] {"c@x.com", "stone"}, index.keys(kept));
        assertNull(index.keys(released));
        assertArrayEquals(new String[] {"a@x.com", "smith"}, index.keys(0));
        assertEquals(List.of(), pairs(index, 1), "the pairs are let go too");
    }

    private static List<String> pairs(final CandidateIndex index, final int partitions) {
        final List<String> pairs = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            index.forEachCandidatePair(partition, partitions, (left, right) -> pairs.add(left + "-" + right));
        }
        return pairs;
    }

    /**
     * A store's batch adds some 130,000 references and pairs: arrays of one element each grown by doubling reached
     * 131,072 ints or references (512 KiB, a G1 humongous object at -Xmx512m) every batch (h261b). Held in pages now,
     * with the same pairs in the same order and the same keys.
     */
    @Test
    void holdsNoArrayOfHalfARegion() {
        final int halfRegionElements = 512 * 1024 / Integer.BYTES;
        final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input(), false);
        final int references = 300_000;
        for (int reference = 0; reference < references; reference++) {
            final String[] keys = {"r" + reference + "@x.com", "name"};
            assertEquals(3 + reference, index.addReference(() -> keys));
        }
        for (int reference = 0; reference < references; reference++) {
            index.addPair(reference % 3, 3 + reference);
            if (reference % 2 == 0) {
                index.addPair((reference + 1) % 3, 3 + reference);
            }
        }
        assertTrue(index.longestArray() < halfRegionElements, () -> "longest array " + index.longestArray());
        final List<int[]> pairs = new ArrayList<>();
        index.forEachCandidatePair(0, 1, (left, right) -> pairs.add(new int[] {left, right}));
        int pair = 0;
        for (int reference = 0; reference < references; reference++) {
            assertArrayEquals(new int[] {reference % 3, 3 + reference}, pairs.get(pair++));
            if (reference % 2 == 0) {
                assertArrayEquals(new int[] {(reference + 1) % 3, 3 + reference}, pairs.get(pair++));
            }
        }
        assertEquals(pair, pairs.size());
        final String[] twice = index.keys(3 + 299_998);
        assertSame(twice, index.keys(3 + 299_998), "a reference in two pairs has its keys held");
        assertArrayEquals(new String[] {"r299999@x.com", "name"}, index.keys(3 + 299_999));
        final BitSet first = new BitSet();
        first.set(0);
        final AtomicInteger ofFirst = new AtomicInteger();
        index.forEachReferencePair(first, (left, right) -> ofFirst.incrementAndGet());
        assertEquals(150_000, ofFirst.get());
    }
}
