package dev.nificrm.store;

import dev.nificrm.match.BlockingRule;
import dev.nificrm.match.MatchOutcome;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.roles.BlockingTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.nificrm.store.EntityStoreContractTest.PERSON_FIELDS;
import static dev.nificrm.store.EntityStoreContractTest.batch;
import static dev.nificrm.store.EntityStoreContractTest.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated stores whose blocks (people of one last name, each a different customer) outgrow the stored pairs a
 * FlowFile's pass may read, against an independent reading of the usage page: per pass, the stored blocks the FlowFile's
 * records are in are read smallest first (blocks of one size all or none) while their members fit the budget (one pair
 * per record searched, at least the minimum); a block beyond it, within the Maximum Block Size, is compared with its
 * oldest stored record only, so a record there finds its customer when that is the oldest one, and otherwise is not
 * matched and says that the block was read in part. Before, such a block gave no candidate at all: the record became a
 * new customer with "no candidate pair", also when its customer was the block's oldest record.
 */
class StoredBlockBudgetPropertyTest {
    private static final Matcher LAST_NAME_ONLY = new Matcher(PERSON_FIELDS, MatchSettings.defaults(), "US",
            List.of(new BlockingRule("last_name", List.of(BlockingRule.Part.of(1, BlockingTransform.EXACT)))), List.of());
    private static final String[] LAST_NAMES = {"Lee", "Novak", "Berg", "Khan", "Ito", "Chen", "Raman", "Hardy", "Petrova", "Garcia", "Okafor", "Silva"};
    private static final String[] FIRST_NAMES = {"Ann", "Tom", "Wei", "Priya", "Olga", "Ken", "Lars", "Mia", "Ravi", "Sofia", "Jonas", "Amara",
            "Hugo", "Lena", "Omar", "Nina", "Pablo", "Yuki", "Ida", "Carl"};

    @TempDir
    Path directory;

    @Test
    void aStoredBlockBeyondTheBudgetIsComparedWithItsOldestRecordAndSaysSo() {
        final Random random = new Random(69);
        // records in a block read whole, in one read in part meeting their customer, in one read in part missing it
        final int[] kinds = new int[3];
        for (int round = 0; round < 12; round++) {
            final long minimumPairs = 4 + random.nextInt(20);
            final int blockCount = 3 + random.nextInt(LAST_NAMES.length - 3);
            // per block (a last name), its stored people, each a different customer
            final int[] sizes = new int[blockCount];
            final List<String[]> stored = new ArrayList<>();
            final int[] firstRow = new int[blockCount];
            for (int block = 0; block < blockCount; block++) {
                sizes[block] = 1 + random.nextInt(FIRST_NAMES.length);
                firstRow[block] = stored.size();
                for (int person = 0; person < sizes[block]; person++) {
                    stored.add(person(block, person));
                }
            }
            // one record of a stored customer per block searched (some blocks not searched at all)
            final List<int[]> searched = new ArrayList<>();
            for (int block = 0; block < blockCount; block++) {
                if (random.nextInt(4) > 0) {
                    searched.add(new int[] {block, random.nextInt(3) == 0 ? 0 : random.nextInt(sizes[block])});
                }
            }
            if (searched.isEmpty()) {
                continue;
            }
            final long limit = limit(sizes, searched, Math.max(minimumPairs, searched.size()));

            try (EntityStore store = JdbcEntityStore.sqlite(directory.resolve("store-" + round + ".db"))) {
                final EntityResolver resolver = new EntityResolver(LAST_NAME_ONLY, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE,
                        new GoldenIds(), minimumPairs);
                final Resolution first = commit(resolver, batch(LAST_NAME_ONLY, "crm", stored.toArray(new String[0][])));
                final String[][] rows = new String[searched.size()][];
                for (int i = 0; i < rows.length; i++) {
                    final String[] person = person(searched.get(i)[0], searched.get(i)[1]);
                    rows[i] = Arrays.copyOf(person, person.length);
                    rows[i][0] = "web-" + i;
                }
                final Resolution second = commit(resolver, batch(LAST_NAME_ONLY, "web", rows));
                long expectedStoredPairs = 0;
                for (int i = 0; i < rows.length; i++) {
                    final int block = searched.get(i)[0];
                    final int person = searched.get(i)[1];
                    final boolean whole = sizes[block] <= limit;
                    expectedStoredPairs += whole ? sizes[block] : 1;
                    final String context = "round " + round + ", budget " + Math.max(minimumPairs, searched.size()) + ", limit " + limit
                            + ", block of " + sizes[block] + ", person " + person + ": " + second.explanation(i);
                    final String customer = first.goldenId(firstRow[block] + person);
                    kinds[whole ? 0 : person == 0 ? 1 : 2]++;
                    if (whole || person == 0) {
                        assertEquals(customer, second.goldenId(i), context);
                        assertEquals(MatchOutcome.MATCHED, second.outcome(i), context);
                    } else {
                        assertEquals(EntityStatus.NEW, second.status(i), context);
                        assertEquals(MatchOutcome.UNMATCHED, second.outcome(i), context);
                        assertTrue(second.explanation(i).contains("read in part"), context);
                        assertTrue(second.explanation(i).contains("last_name"), context);
                    }
                }
                // the batch's records share no last name, so every pair scored is a stored one
                assertEquals(expectedStoredPairs, second.getMatchResult().getCandidatePairs(), "round " + round + ", limit " + limit);
            }
        }
        assertTrue(kinds[0] > 0 && kinds[1] > 0 && kinds[2] > 0, Arrays.toString(kinds));
    }

    @Test
    void recordsReadInPartUnderTheSamePassesShareOneNote() {
        final String[][] searching = newLees();
        try (EntityStore store = JdbcEntityStore.sqlite(directory.resolve("notes.db"))) {
            final EntityResolver resolver = new EntityResolver(LAST_NAME_ONLY, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE,
                    new GoldenIds(), 4);
            commit(resolver, batch(LAST_NAME_ONLY, "crm", storedLees()));
            final Resolution second = commit(resolver, batch(LAST_NAME_ONLY, "web", searching));
            final String note = second.partlyReadNote(0);
            assertTrue(note != null && note.contains("last_name"), second.explanation(0));
            for (int i = 0; i < searching.length; i++) {
                assertEquals(MatchOutcome.UNMATCHED, second.outcome(i), second.explanation(i));
                // the same text, and the same string: a FlowFile's thousands of such records do not each make their own
                assertSame(note, second.partlyReadNote(i), "record " + i);
                assertTrue(second.explanation(i).endsWith(note), second.explanation(i));
            }
        }
    }

    @Test
    void aBlockReadInPartIsAskedForItsOldestMemberNotItsList() {
        final long[] listed = new long[1];
        final List<Long> oldest = new ArrayList<>();
        try (EntityStore real = JdbcEntityStore.sqlite(directory.resolve("oldest.db"))) {
            final EntityStore store = (EntityStore) Proxy.newProxyInstance(EntityStore.class.getClassLoader(), new Class<?>[] {EntityStore.class},
                    (proxy, method, arguments) -> {
                        final Object result;
                        try {
                            result = method.invoke(real, arguments);
                        } catch (final InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (result instanceof long[][] lists) {
                            for (final long[] members : lists) {
                                listed[0] += members == null ? 0 : members.length;
                            }
                        } else if (method.getName().equals("findOldestBlockMembers")) {
                            for (final long member : (long[]) result) {
                                oldest.add(member);
                            }
                        }
                        return result;
                    });
            final EntityResolver resolver = new EntityResolver(LAST_NAME_ONLY, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE,
                    new GoldenIds(), 4);
            final Resolution first = commit(resolver, batch(LAST_NAME_ONLY, "crm", storedLees()));
            listed[0] = 0;
            // one copy of the oldest stored Lee among the newcomers: the block's oldest record is still compared
            final String[][] searching = newLees();
            searching[0] = person(0, 0);
            searching[0][0] = "web-0";
            final Resolution second = commit(resolver, batch(LAST_NAME_ONLY, "web", searching));
            assertEquals(first.goldenId(0), second.goldenId(0), second.explanation(0));
            assertEquals(MatchOutcome.MATCHED, second.outcome(0), second.explanation(0));
            for (int i = 1; i < searching.length; i++) {
                assertTrue(second.partlyRead(i), second.explanation(i));
            }
            // the block of 20 is read in part: its oldest member alone, not its 20 members to take the oldest from
            assertEquals(0, listed[0], "members read in block lists");
            assertEquals(1, oldest.size(), oldest.toString());
        }
    }

    @Test
    void blocksReadInPartAreAskedForTheirOldestMembersInPartsSideBySide() throws InterruptedException {
        // 4,100 last names, two stored customers under each; one newcomer under each searching: a budget of 4,100 pairs
        // against blocks of 2 reads every block in part, 4,100 oldest members asked for, as many as two parts hold
        final int names = 4_100;
        final String[][] stored = new String[names * 2][];
        final String[][] newcomers = new String[names][];
        for (int name = 0; name < names; name++) {
            final String last = "Q" + letters(name);
            stored[name * 2] = new String[] {"crm-" + name + "-a", "Ann", last, "ann." + letters(name) + "@example.com", null, "1950-01-01"};
            stored[name * 2 + 1] = new String[] {"crm-" + name + "-b", "Tom", last, "tom." + letters(name) + "@example.com", null, "1960-02-02"};
            newcomers[name] = new String[] {"web-" + name, "Xavier", last, "xv." + letters(name) + "@mail.test", null, "1999-03-03"};
        }
        final List<Integer> oldestAsked = new ArrayList<>();
        final ExecutorService helpers = Executors.newSingleThreadExecutor();
        try (EntityStore real = JdbcEntityStore.sqlite(directory.resolve("oldest-in-parts.db"))) {
            final EntityStore store = (EntityStore) Proxy.newProxyInstance(EntityStore.class.getClassLoader(), new Class<?>[] {EntityStore.class},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("findOldestBlockMembers")) {
                            synchronized (oldestAsked) {
                                oldestAsked.add(((long[]) arguments[0]).length);
                            }
                        }
                        try {
                            return method.invoke(real, arguments);
                        } catch (final InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            final Matcher twoThreads = new Matcher(PERSON_FIELDS, MatchSettings.defaults().withParallelism(2, helpers), "US",
                    LAST_NAME_ONLY.getBlockingRules(), List.of());
            final EntityResolver resolver = new EntityResolver(twoThreads, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE,
                    new GoldenIds(), 1);
            commit(resolver, batch(twoThreads, "crm", stored));
            oldestAsked.clear();
            final Resolution second = commit(resolver, batch(twoThreads, "web", newcomers));
            for (int i = 0; i < names; i++) {
                assertTrue(second.partlyRead(i), second.explanation(i));
                assertEquals(MatchOutcome.UNMATCHED, second.outcome(i), second.explanation(i));
            }
            // two parts of 2,050 blocks, one on each thread; before, one read of all 4,100 on the calling thread
            assertEquals(List.of(names / 2, names / 2), oldestAsked);
            // one candidate per block read in part: its oldest member
            assertEquals(names, second.getMatchResult().getCandidatePairs());
        } finally {
            helpers.shutdown();
            assertTrue(helpers.awaitTermination(1, TimeUnit.MINUTES));
        }
    }

    /** A number written in letters (a for 0, b for 1, ..., ba for 26): last names without digits. */
    private static String letters(final int number) {
        final StringBuilder letters = new StringBuilder();
        int rest = number;
        do {
            letters.insert(0, (char) ('a' + rest % 26));
            rest /= 26;
        } while (rest > 0);
        return letters.toString();
    }

    /** 20 stored Lees, each a customer of their own: with a budget of 6 pairs and 6 Lees searching, a block read in part. */
    private static String[][] storedLees() {
        final String[][] stored = new String[FIRST_NAMES.length][];
        for (int person = 0; person < stored.length; person++) {
            stored[person] = person(0, person);
        }
        return stored;
    }

    /** Six new Lees, none alike any stored one or each other. */
    private static String[][] newLees() {
        final String[] newcomers = {"Xavier", "Beatrix", "Quentin", "Zelda", "Magnus", "Fiona"};
        final String[] mailboxes = {"xv.lee@mail.test", "bea1977@post.test", "qmail@inbox.test", "zz.top@web.test", "magnus@north.test",
            "fi@isle.test"};
        final String[][] searching = new String[newcomers.length][];
        for (int i = 0; i < searching.length; i++) {
            searching[i] = new String[] {"web-" + i, newcomers[i], LAST_NAMES[0], mailboxes[i], null, String.format("20%02d-0%d-1%d", i, 1 + i, i)};
        }
        return searching;
    }

    /** The largest block read whole: blocks smallest first, those of one size together, while their sizes fit the budget. */
    private static long limit(final int[] sizes, final List<int[]> searched, final long budget) {
        final int[] searchedSizes = searched.stream().mapToInt(record -> sizes[record[0]]).sorted().toArray();
        long spent = 0;
        long limit = 0;
        int from = 0;
        while (from < searchedSizes.length) {
            int to = from;
            while (to < searchedSizes.length && searchedSizes[to] == searchedSizes[from]) {
                to++;
            }
            spent += (long) searchedSizes[from] * (to - from);
            if (spent > budget) {
                break;
            }
            limit = searchedSizes[from];
            from = to;
        }
        return limit;
    }

    /** A stored person: the block's last name, a first name, an email and a birth date of their own. */
    private static String[] person(final int block, final int person) {
        final String first = FIRST_NAMES[person];
        final String last = LAST_NAMES[block];
        return new String[] {"crm-" + block + "-" + person, first, last, (first + "." + last + "@example.com").toLowerCase(),
                null, String.format("19%02d-%02d-%02d", 50 + person * 2, 1 + block, 1 + person)};
    }
}
