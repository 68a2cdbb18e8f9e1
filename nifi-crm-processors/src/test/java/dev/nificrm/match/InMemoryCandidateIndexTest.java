package dev.nificrm.match;

import dev.nificrm.match.BlockingRule.Part;
import dev.nificrm.roles.BlockingTransform;
import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A field holding several values (a phone and a mobile) blocks on each: a record is found by any of them, a pair
     * sharing two values is handed out once, and a pair an earlier pass found by another value is not handed out again.
     */
    @Test
    void blocksOnEveryValueOfAFieldHoldingSeveral() {
        final String phones = "phone-1" + Comparison.VALUE_SEPARATOR + "mobile-2";
        final List<BlockingRule> rules = List.of(new BlockingRule("city", List.of(Part.of(2, BlockingTransform.EXACT))),
                new BlockingRule("phone", List.of(Part.of(1, BlockingTransform.EXACT))));
        final InMemoryCandidateIndex index = new InMemoryCandidateIndex(rules, 10);
        index.keepBlockingKeys();
        index.add(new String[] {"a", phones, "leeds"});
        index.add(new String[] {"b", "mobile-2", "york"});
        index.add(new String[] {"c", phones, "hull"});
        index.add(new String[] {"d", "mobile-2" + Comparison.VALUE_SEPARATOR + "phone-1", "bath"});
        index.add(new String[] {"e", "phone-1", "leeds"});

        final List<String> found = pairs(index, 1);
        assertEquals(List.of("0-4", "0-2", "0-3", "1-2", "1-3", "2-3", "0-1", "2-4", "3-4").stream().sorted().toList(),
                found.stream().sorted().toList());
        assertEquals(found.size(), found.stream().distinct().count(), "each pair once: " + found);
        assertEquals(found.stream().sorted().toList(), pairs(index, 3).stream().sorted().toList());

        final InMemoryCandidateIndex.BlockingKeys keys = index.blockingKeys(1);
        assertEquals("phone-1", keys.keys()[keys.keyOf()[0]]);
        assertEquals(List.of("mobile-2"), otherKeys(keys, 0));
        assertEquals(List.of(), otherKeys(keys, 1));
        assertEquals(List.of("phone-1"), otherKeys(keys, 3));
    }

    @Test
    void aRuleOfSeveralPartsCombinesTheValuesOfEach() {
        final BlockingRule rule = new BlockingRule("phone+city", List.of(Part.of(0, BlockingTransform.EXACT), Part.of(1, BlockingTransform.INITIAL)));
        final String separator = String.valueOf(Comparison.VALUE_SEPARATOR);
        assertNull(rule.otherKeys(new String[] {"1", "leeds"}));
        assertEquals("1|l|", rule.key(new String[] {"1" + separator + "2", "leeds" + separator + "london" + separator + "york"}));
        assertEquals(List.of("1|y|", "2|l|", "2|y|"),
                List.of(rule.otherKeys(new String[] {"1" + separator + "2", "leeds" + separator + "london" + separator + "york"})));
        final String[] many = {String.join(separator, "1", "2", "3", "4", "5"), String.join(separator, "a", "b", "c")};
        assertEquals(BlockingRule.MAXIMUM_KEYS - 1, rule.otherKeys(many).length, "at most eight keys in all");
    }

    /**
     * A first value that makes no key under a rule (a local part too short to block on, a street line without a house
     * number) no longer takes the record out of the blocks of its other values: it was in none of the rule's blocks.
     */
    @Test
    void aRecordWhoseFirstValueMakesNoKeyIsInTheBlocksOfItsOtherValues() {
        final String separator = String.valueOf(Comparison.VALUE_SEPARATOR);
        final BlockingRule rule = new BlockingRule("email~local_part", List.of(Part.of(0, BlockingTransform.LOCAL_PART)));
        assertEquals("anna.lee", rule.key(new String[] {"ab@x.com" + separator + "anna.lee@y.org" + separator + "al.smith@z.org"}));
        assertEquals(List.of("al.smith"), List.of(rule.otherKeys(new String[] {"ab@x.com" + separator + "anna.lee@y.org" + separator + "al.smith@z.org"})));
        assertNull(rule.key(new String[] {"ab@x.com" + separator + "bo@y.org"}));

        final InMemoryCandidateIndex index = new InMemoryCandidateIndex(List.of(rule), 10);
        index.add(new String[] {"ab@x.com" + separator + "anna.lee@y.org" + separator + "al.smith@z.org"});
        index.add(new String[] {"anna.lee@x.com"});
        index.add(new String[] {"al.smith@y.org"});
        assertEquals(List.of("0-1", "0-2"), pairs(index, 1).stream().sorted().toList());
    }

    /**
     * The passes write each record's key into one builder and make a string only of a key they have not seen (h231b):
     * 20,000 records of 40 kinds under four rules and the pass of identical records made a key string, and a builder for
     * it, per record and pass before (15.8 MB); now the blocks cost their arrays (3.5 MB).
     */
    @Test
    void aPassMakesAStringOnlyOfAKeyItHasNotSeen() {
        final List<BlockingRule> rules = List.of(
                new BlockingRule("email", List.of(Part.of(0, BlockingTransform.EXACT))),
                new BlockingRule("last_name~initial+city", List.of(Part.of(1, BlockingTransform.INITIAL), Part.of(2, BlockingTransform.EXACT))),
                new BlockingRule("first_name+last_name", List.of(Part.of(3, BlockingTransform.EXACT), Part.of(1, BlockingTransform.EXACT)), true),
                new BlockingRule("city~place_prefix+birth_date~year+last_name~prefix", List.of(Part.of(2, BlockingTransform.PLACE_PREFIX),
                        Part.of(4, BlockingTransform.YEAR), Part.of(1, BlockingTransform.PREFIX))));
        final int records = 20_000;
        // the fewest bytes of three rounds, each on an index filled outside the count: the first warms the JIT up, and a
        // compilation or deoptimisation landing in a later one counts no more than the quietest
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        for (int round = 0; round < 3; round++) {
            final InMemoryCandidateIndex index = ofFortyKinds(rules, records);
            final String blocks = least.count(index::describeBlocks);
            assertEquals("email: 40 blocks, 19960 pairs", blocks.substring(0, blocks.indexOf(',', blocks.indexOf(',') + 1)));
        }
        assertTrue(least.bytes() < 6_000_000, "allocated " + least.bytes() + " bytes for the blocks of " + records + " records");
    }

    /**
     * A thread's passes number their keys in one table, emptied from pass to pass (h290): 10,000 records of 40 kinds
     * under 16 rules made a table of 32,768 slots (256 KiB) a pass, 5.8 MB in all; now one a thread (1.9 MB in all, the
     * blocks' arrays and the pass of identical records' table).
     */
    @Test
    void aThreadsPassesNumberTheirKeysInOneTable() {
        final List<BlockingRule> rules = new ArrayList<>();
        for (int rule = 0; rule < 16; rule++) {
            rules.add(new BlockingRule("field" + rule % 5 + "-" + rule, List.of(Part.of(rule % 5, BlockingTransform.EXACT))));
        }
        final int records = 10_000;
        // the fewest bytes of three rounds, as the test above
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        for (int round = 0; round < 3; round++) {
            final InMemoryCandidateIndex index = ofFortyKinds(rules, records);
            final String blocks = least.count(index::describeBlocks);
            assertTrue(blocks.startsWith("field0-0: 40 blocks, 9960 pairs, 0 oversized"), blocks);
            assertTrue(blocks.contains("field3-13: 0 blocks, 0 pairs, 5 oversized"), blocks);
        }
        assertTrue(least.bytes() < 3_000_000, "allocated " + least.bytes() + " bytes for the blocks of " + records + " records under 16 rules");
    }

    /**
     * The pass of identical records numbers the records by their keys themselves (h233): it joined every record's keys
     * into a string, kept for the pass, nearly every record's its own (3.5 MB for these 20,000 records, two of them alike);
     * now its table of record numbers (0.5 MB) and the pass's arrays. Records alike but for a missing key written empty
     * are still identical, and those that differ in one key are not.
     */
    @Test
    void thePassOfIdenticalRecordsMakesNoStringOfARecordsKeys() {
        final int records = 20_000;
        // the fewest bytes of three rounds, as the test above
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        for (int round = 0; round < 3; round++) {
            final InMemoryCandidateIndex index = new InMemoryCandidateIndex(List.of(), 1_000);
            for (int i = 0; i < records - 3; i++) {
                index.add(new String[] {"person" + i + "@example.com", "smithers-johnson" + i % 7, "muenchen am see" + i % 3, "maria-luisa" + i % 5,
                        "19" + (50 + i % 40) + "0607", i % 2 == 0 ? null : "+4930" + (1_000_000 + i)});
            }
            index.add(new String[] {"anna@example.com", "lee", null, "", "19800101", null});
            index.add(new String[] {"anna@example.com", "lee", "", null, "19800101", ""});
            index.add(new String[] {"anna@example.com", "lee", "", null, "19800102", ""});
            final String blocks = least.count(index::describeBlocks);
            assertEquals("identical records: 1 blocks, 1 pairs, 0 oversized; ", blocks);
            assertEquals(List.of((records - 3) + "-" + (records - 2)), pairs(index, 1));
        }
        assertTrue(least.bytes() < 2_000_000, "allocated " + least.bytes() + " bytes for the pass of identical records of " + records + " records");
    }

    private static List<String> otherKeys(final InMemoryCandidateIndex.BlockingKeys keys, final int record) {
        final List<String> others = new ArrayList<>();
        for (int i = keys.otherStarts()[record]; i < keys.otherStarts()[record + 1]; i++) {
            others.add(keys.keys()[keys.otherKeyOf()[i]]);
        }
        return others;
    }

    private static List<String> pairs(final CandidateIndex index, final int partitions) {
        final List<String> pairs = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            index.forEachCandidatePair(partition, partitions, (left, right) -> pairs.add(left + "-" + right));
        }
        return pairs;
    }

    /** An index of {@code records} records of 40 kinds (each kind's values alike), outside any count. */
    private static InMemoryCandidateIndex ofFortyKinds(final List<BlockingRule> rules, final int records) {
        final InMemoryCandidateIndex index = new InMemoryCandidateIndex(rules, 1_000);
        for (int i = 0; i < records; i++) {
            final int kind = i % 40;
            index.add(new String[] {"person" + kind + "@example.com", "smithers" + kind % 7, "muenchen" + kind % 3, "maria" + kind % 5,
                    "19" + (50 + kind) + "-06-07"});
        }
        return index;
    }
}
