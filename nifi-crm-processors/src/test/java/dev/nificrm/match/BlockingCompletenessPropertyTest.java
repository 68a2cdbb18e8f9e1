package dev.nificrm.match;

import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated records (small pools of names, emails, phones, dates, cities and streets, so that blocks form and some
 * outgrow the Maximum Block Size; fields missing, empty or holding two values) against an independent reading of what
 * the usage page promises about blocking: two records are a candidate pair exactly when a pass (an automatic one or
 * one of a Key Rule of several fields) gives them a common key in a block of at most the Maximum Block Size, a record
 * being in the block of every combination of its fields' values; or when they are identical in every compared field
 * (each with the first of them). Each such pair is handed out once, whatever the number of partitions. A pass hands out
 * about one pair per record (at least its budget): its largest blocks within the Maximum Block Size beyond that pair
 * their first record with each other one, so no record of such a block is left without a candidate.
 */
class BlockingCompletenessPropertyTest {
    private static final List<MatchField> FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.EMAIL), MatchField.of(Role.PHONE), MatchField.of(Role.BIRTH_DATE), MatchField.of(Role.CITY),
            MatchField.of(Role.POSTAL_CODE), MatchField.of(Role.STREET));
    private static final String[][] POOLS = {
            {"Anna", "Anne", "Ana", "Bo", "Jürgen", "Juergen", "Maja", "Al"},
            {"Lee", "Li", "Müller", "Mueller", "Novak", "Ek"},
            {"ann@x.com", "ab@x.com", "anna.lee@y.org", "bo@y.org", "info@z.com", "jo@y.org", "maja.novak@x.com"},
            {"+1 415 555 0101", "4155550102", "+1 415 555 0103", "(415) 555-0101"},
            {"1980-01-15", "15.01.1980", "1981-02-03", "19800115", "1975-07-30"},
            {"Köln", "Koeln", "Berlin", "Bern", "Oslo"},
            {"10115", "50667", "0150"},
            {"Main St 5", "5 Main Street", "Hauptstr. 12", "Elm Rd", "12 Elm Road"}};
    private static final String[] KEY_RULES = {"", "email", "phone + birth_date", "last_name + city + postal_code", "email; first_name + phone"};

    @Test
    void everyPairABlockingKeySharesIsHandedOutOnce() {
        checkPairs(new Random(52), 2, 6, InMemoryCandidateIndex.MINIMUM_PAIR_BUDGET);
    }

    /**
     * A pass whose blocks hold more pairs than its budget (one per record, at least the minimum: 10,000 for a batch
     * matched against an Entity Store) pairs the first record of each block it leaves out with each other one. Before,
     * such a block was dropped like an oversized one, and 150 exports of one contact that differ in a phone number,
     * matched with a store, became 150 customers (MatchCRMRecordStoreTest).
     */
    @Test
    void blocksBeyondThePassBudgetPairTheirFirstRecordWithEachOther() {
        checkPairs(new Random(58), 4, 20, 1);
    }

    private static void checkPairs(final Random random, final int smallestBlockSize, final int blockSizes, final long minimumBudget) {
        for (int round = 0; round < 60; round++) {
            final int maximumBlockSize = smallestBlockSize + random.nextInt(blockSizes);
            final List<KeyRule> keyRules = KeyRule.parseAll(KEY_RULES[random.nextInt(KEY_RULES.length)], FIELDS);
            final Matcher matcher = new Matcher(FIELDS, MatchSettings.defaults().withMaximumBlockSize(maximumBlockSize), "US", keyRules);
            final List<String[]> records = new ArrayList<>();
            final int count = 20 + random.nextInt(60);
            for (int i = 0; i < count; i++) {
                records.add(record(matcher, random));
            }
            final Set<List<Integer>> expected = expectedPairs(matcher, records, maximumBlockSize, Math.max(minimumBudget, count));
            for (int partitions = 1; partitions <= 3; partitions++) {
                final CandidateIndex index = matcher.newIndex(minimumBudget);
                records.forEach(keys -> index.add(keys.clone()));
                final Map<List<Integer>, Integer> handedOut = new HashMap<>();
                for (int partition = 0; partition < partitions; partition++) {
                    index.forEachCandidatePair(partition, partitions, (left, right) -> {
                        assertTrue(left < right, left + " " + right);
                        handedOut.merge(List.of(left, right), 1, Integer::sum);
                    });
                }
                final String context = "round " + round + ", block size " + maximumBlockSize + ", key rules " + keyRules + ", partitions " + partitions;
                final Set<List<Integer>> missed = new TreeSet<>(BlockingCompletenessPropertyTest::comparePairs);
                expected.stream().filter(pair -> !handedOut.containsKey(pair)).forEach(missed::add);
                assertEquals(Set.of(), missed.stream().limit(3).map(pair -> describe(pair, records)).collect(java.util.stream.Collectors.toSet()),
                        missed.size() + " of " + expected.size() + " pairs missed; " + context);
                final List<String> extra = handedOut.keySet().stream().filter(pair -> !expected.contains(pair)).map(pair -> describe(pair, records)).limit(3).toList();
                assertEquals(List.of(), extra, "pairs no key shares; " + context);
                final List<List<Integer>> twice = handedOut.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).limit(3).toList();
                assertEquals(List.of(), twice, "pairs handed out twice; " + context);
            }
        }
    }

    private static int comparePairs(final List<Integer> left, final List<Integer> right) {
        final int first = Integer.compare(left.get(0), right.get(0));
        return first != 0 ? first : Integer.compare(left.get(1), right.get(1));
    }

    private static String describe(final List<Integer> pair, final List<String[]> records) {
        return pair + " " + String.join("|", java.util.Arrays.stream(records.get(pair.get(0))).map(String::valueOf).toList()).replace(Comparison.VALUE_SEPARATOR, ',')
                + " / " + String.join("|", java.util.Arrays.stream(records.get(pair.get(1))).map(String::valueOf).toList()).replace(Comparison.VALUE_SEPARATOR, ',');
    }

    /** A record's comparison keys: each field missing, empty, one value or two values of its pool. */
    private static String[] record(final Matcher matcher, final Random random) {
        final String[] keys = new String[FIELDS.size()];
        for (int slot = 0; slot < keys.length; slot++) {
            final double draw = random.nextDouble();
            final String[] pool = POOLS[slot];
            final List<String> values = new ArrayList<>();
            if (draw < 0.2) {
                continue;
            } else if (draw < 0.25) {
                values.add("");
            } else if (draw < 0.45) {
                values.add(pool[random.nextInt(pool.length)]);
                values.add(pool[random.nextInt(pool.length)]);
            } else {
                values.add(pool[random.nextInt(pool.length)]);
            }
            keys[slot] = matcher.key(slot, values);
        }
        return keys;
    }

    /**
     * The pairs the page promises: sharing a key in a block of at most the maximum size, or identical (with the first of
     * them); where a pass's blocks of at most the maximum size hold more pairs than the budget, its largest blocks (all
     * of one size together) pair their first record with each other one.
     */
    private static Set<List<Integer>> expectedPairs(final Matcher matcher, final List<String[]> records, final int maximumBlockSize,
                                                    final long budget) {
        final Set<List<Integer>> pairs = new HashSet<>();
        for (final BlockingRule rule : matcher.getBlockingRules()) {
            final Map<List<String>, List<Integer>> blocks = new HashMap<>();
            for (int record = 0; record < records.size(); record++) {
                for (final List<String> key : keysOf(rule, records.get(record), matcher.phoneticCodes())) {
                    blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
                }
            }
            int fullyPaired = maximumBlockSize;
            long pairsUpToSize = 0;
            for (int size = 2; size <= maximumBlockSize; size++) {
                final int ofSize = size;
                pairsUpToSize += blocks.values().stream().filter(block -> block.size() == ofSize).count() * size * (size - 1) / 2;
                if (pairsUpToSize > budget) {
                    fullyPaired = size - 1;
                    break;
                }
            }
            for (final List<Integer> block : blocks.values()) {
                if (block.size() <= fullyPaired) {
                    addPairs(block, pairs);
                } else if (block.size() <= maximumBlockSize) {
                    block.stream().skip(1).forEach(other -> pairs.add(List.of(block.get(0), other)));
                }
            }
        }
        final Map<String, Integer> firstOfContent = new HashMap<>();
        for (int record = 0; record < records.size(); record++) {
            final String[] keys = records.get(record);
            if (java.util.Arrays.stream(keys).allMatch(java.util.Objects::isNull)) {
                continue;
            }
            final Integer first = firstOfContent.putIfAbsent(java.util.Arrays.asList(keys).toString(), record);
            if (first != null) {
                pairs.add(List.of(first, record));
            }
        }
        return pairs;
    }

    private static void addPairs(final List<Integer> block, final Set<List<Integer>> pairs) {
        for (int i = 0; i < block.size(); i++) {
            for (int j = i + 1; j < block.size(); j++) {
                pairs.add(List.of(Math.min(block.get(i), block.get(j)), Math.max(block.get(i), block.get(j))));
            }
        }
    }

    /**
     * Every key of a record under a rule: each combination of one value per part (a part's field, or its fallback field
     * when the record has none), each value transformed; a combination in which a transform makes nothing is no key.
     */
    private static Set<List<String>> keysOf(final BlockingRule rule, final String[] keys, final PhoneticCodes codes) {
        List<List<String>> combinations = List.of(List.of());
        for (final BlockingRule.Part part : rule.parts()) {
            String field = keys[part.slot()];
            if (field == null && part.fallbackSlot() >= 0) {
                field = keys[part.fallbackSlot()];
            }
            if (field == null) {
                return Set.of();
            }
            final List<String> made = new ArrayList<>();
            for (final String value : field.split(String.valueOf(Comparison.VALUE_SEPARATOR))) {
                final String transformed = value.isEmpty() ? null : BlockingRule.apply(part.transform(), value, codes);
                if (transformed != null) {
                    made.add(transformed);
                }
            }
            final List<List<String>> longer = new ArrayList<>();
            for (final List<String> combination : combinations) {
                for (final String value : made) {
                    final List<String> grown = new ArrayList<>(combination);
                    grown.add(value);
                    longer.add(grown);
                }
            }
            combinations = longer;
        }
        final Set<List<String>> made = new HashSet<>();
        for (final List<String> combination : combinations) {
            final List<String> key = new ArrayList<>(combination);
            if (rule.getName().startsWith("{") && key.get(0).compareTo(key.get(1)) > 0) {
                key.set(0, combination.get(1));
                key.set(1, combination.get(0));
            }
            made.add(key);
        }
        return made;
    }
}
