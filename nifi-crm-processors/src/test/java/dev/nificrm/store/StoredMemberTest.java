package dev.nificrm.store;

import dev.nificrm.match.BlockingRule;
import dev.nificrm.match.CandidateKeys;
import dev.nificrm.match.InMemoryCandidateIndex;
import dev.nificrm.match.MatchContext;
import dev.nificrm.match.MatchResult;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.match.ReferenceCandidateIndex;
import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredMemberTest {

    private static StoredMember member(final String sourceId, final String encodedKeys, final int... positions) {
        final byte[] id = sourceId.getBytes(StandardCharsets.UTF_8);
        final byte[] keys = encodedKeys.getBytes(StandardCharsets.UTF_8);
        final byte[] encoded = new byte[id.length + keys.length];
        System.arraycopy(id, 0, encoded, 0, id.length);
        System.arraycopy(keys, 0, encoded, id.length, keys.length);
        return new StoredMember(7, "g-1", "crm", encoded, id.length, positions);
    }

    @Test
    void makesItsSourceAndKeysFromOneArray() {
        final String separator = String.valueOf(JdbcEntityStore.FIELD_SEPARATOR);
        // keys of a layout (surname, first name, city) asked for as (first name, city, postcode, surname)
        final StoredMember member = member("003A\u00e9", "l\u00e9e" + separator + "\uD83D\uDE00 ann" + separator, 1, 2, -1, 0);
        assertEquals(7, member.memberId());
        assertEquals("g-1", member.goldenId());
        assertEquals(new SourceKey("crm", "003A\u00e9"), member.source());
        assertArrayEquals(new String[] {"\uD83D\uDE00 ann", null, null, "l\u00e9e"}, member.keys(), "an empty key and a field the layout lacks are missing");
        assertNotSame(member.keys(), member.keys(), "a new array on each call: a caller may not share it");
    }

    @Test
    void aMemberWithoutKeysOrSourceIdHasNone() {
        assertArrayEquals(new String[] {null, null}, member("", "", 0, 1).keys());
        assertEquals(new SourceKey("crm", ""), member("", "", 0, 1).source());
        assertArrayEquals(new String[] {"x"}, member("", "x", 0).keys());
    }

    /**
     * The keys a member gives for any layout asked for, found field by field in one pass (h287): seeded encoded keys (empty
     * ones, values beyond ASCII, several values, fewer keys than asked for) asked for in any order, a position twice, one
     * past the keys, none: the keys {@link String#split} finds, as strings and written into a room for a partner (a value
     * equal to the partner's the partner's string, any other its own on request).
     */
    @Test
    void keysAreThoseOfTheirPositionsInAnyLayoutAskedFor() {
        final java.util.Random random = new java.util.Random(287);
        final String separator = String.valueOf(JdbcEntityStore.FIELD_SEPARATOR);
        final String[] values = {"", "", "smith", "anna", "m\u00fcller", "a" + dev.nificrm.match.Comparison.VALUE_SEPARATOR + "b", "10115", "x", "\uD83D\uDE00"};
        for (int i = 0; i < 20_000; i++) {
            final String[] layout = new String[1 + random.nextInt(8)];
            for (int key = 0; key < layout.length; key++) {
                layout[key] = values[random.nextInt(values.length)];
            }
            final int[] positions = new int[random.nextInt(9)];
            for (int field = 0; field < positions.length; field++) {
                positions[field] = random.nextInt(4) == 0 ? -1 : random.nextInt(layout.length + 2);
            }
            final String[] expected = new String[positions.length];
            final String[] partner = new String[positions.length];
            for (int field = 0; field < positions.length; field++) {
                final int position = positions[field];
                expected[field] = position < 0 || position >= layout.length || layout[position].isEmpty() ? null : layout[position];
                partner[field] = random.nextBoolean() ? expected[field] : values[random.nextInt(values.length)];
            }
            final StoredMember member = member("s" + i, String.join(separator, layout), positions);
            final String context = java.util.Arrays.toString(layout) + " asked for as " + java.util.Arrays.toString(positions);
            assertArrayEquals(expected, member.keys(), context);
            final CandidateKeys keys = member.keys(new CandidateKeys(positions.length), partner);
            for (int field = 0; field < positions.length; field++) {
                if (expected[field] != null && expected[field].equals(partner[field]) && expected[field].chars().allMatch(c -> c < 0x80)) {
                    assertFalse(keys.isPending(field), context);
                    assertSame(partner[field], keys.value(field), context);
                }
            }
            assertArrayEquals(expected, keys.strings(), context);
        }
    }

    /**
     * A stored candidate in several candidate pairs has its keys decoded once, not once per pair (h233): 2,000 stored
     * candidates of six keys each (an email, a phone and a birth date no other one shares) each paired with 5 input
     * records, the pairs added per input record as a store adds them and their keys asked for per pair as the scorer
     * asks: before, a new array and the strings the thread's table of decoded values had let go of since, per pair
     * (1.75 MB); now the keys of 2,000 candidates (0.35 MB).
     */
    @Test
    void aCandidateInSeveralPairsIsDecodedOnce() {
        final String separator = String.valueOf(JdbcEntityStore.FIELD_SEPARATOR);
        final InMemoryCandidateIndex input = new InMemoryCandidateIndex(List.<BlockingRule>of(), 10);
        final int records = 5;
        final int candidates = 2_000;
        for (int record = 0; record < records; record++) {
            input.add(new String[] {"person" + record + "@example.com", "smith", "anna", "berlin", "+49301234" + record, "19800101"});
        }
        // the fewest bytes of three rounds, each on candidates added outside the count: the first warms the JIT up, and a
        // compilation or deoptimisation landing in a later one counts no more than the quietest
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        for (int round = 0; round < 3; round++) {
            final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input, false);
            for (int candidate = 0; candidate < candidates; candidate++) {
                index.addReference(member("00" + candidate, "stored" + candidate + "@example.org" + separator + "jones" + candidate % 500
                        + separator + "maria" + separator + "hamburg" + separator + "+4940555" + candidate + separator + "19" + (10 + candidate % 90)
                        + "0" + (1 + candidate % 9) + "1" + candidate % 10, 0, 1, 2, 3, 4, 5));
            }
            for (int record = 0; record < records; record++) {
                for (int candidate = 0; candidate < candidates; candidate++) {
                    index.addPair(record, records + candidate);
                }
            }
            final long[] lengths = {0};
            least.count(() -> index.forEachCandidatePair(0, 1, (left, right) -> lengths[0] += index.keys(left)[0].length() + index.keys(right)[0].length()));
            assertArrayEquals(new String[] {"stored7@example.org", "jones7", "maria", "hamburg", "+49405557", "19170817"}, index.keys(records + 7));
            assertTrue(lengths[0] > 0);
        }
        assertTrue(least.bytes() < 800_000, "allocated " + least.bytes() + " bytes for the keys of 10,000 pairs of 2,000 stored candidates");
    }

    @Test
    void keysForOnePairAreWrittenIntoTheRoomGivenWithThePartnersEqualValuesAndTheOthersLeftAsBytes() {
        final String separator = String.valueOf(JdbcEntityStore.FIELD_SEPARATOR);
        final String[] partner = {"anna", "smith", "anna@example.com", null};
        final StoredMember member = member("9", "smith" + separator + "anna" + separator + "ann@example.com" + separator + "+4930555", 1, 0, 2, 3);
        final CandidateKeys room = new CandidateKeys(4);
        room.set(new String[] {"left", "over", "from", "before"});
        final CandidateKeys keys = member.keys(room, partner);
        assertSame(room, keys, "written into the room");
        assertSame(partner[0], keys.value(0), "a value equal to the partner's is the partner's string");
        assertSame(partner[1], keys.value(1));
        assertFalse(keys.isPending(0));
        assertTrue(keys.isPending(2), "a value unequal to the partner's is left as bytes");
        assertTrue(keys.isPending(3), "also where the partner has none");
        assertTrue(keys.differsAlone(2, partner[2]), "one stored value left as bytes differs from one of the partner");
        assertEquals("ann@example.com", keys.value(2), "made a string on request");
        assertFalse(keys.isPending(2));
        assertArrayEquals(new String[] {"anna", "smith", "ann@example.com", "+4930555"}, keys.strings());
        assertArrayEquals(new String[] {null, null}, member("", "", 0, 1).keys(new CandidateKeys(2), null).strings(), "every slot overwritten");
        assertArrayEquals(member.keys(), member.keys(new CandidateKeys(3), partner).strings(), "a room of another length: a new array");
    }

    /**
     * A stored value beyond ASCII equal to its partner's is left as bytes (the store gives the partner's string for ASCII
     * bytes alone), so it is not told apart from the partner's by being bytes (h254): before, {@link CandidateKeys#differsAlone}
     * said it differed, and a key rule or the mailbox link on it failed where the strings pass.
     */
    @Test
    void aStoredValueBeyondAsciiEqualToThePartnersIsNotToldApartWithoutItsString() {
        final String separator = String.valueOf(JdbcEntityStore.FIELD_SEPARATOR);
        final String[] partner = {"josé", "müller", "josé.müller@bücher.de"};
        final StoredMember member = member("9", "josé" + separator + "müller" + separator + "josé.müller@bücher.de", 0, 1, 2);
        final CandidateKeys keys = member.keys(new CandidateKeys(3), partner);
        assertTrue(keys.isPending(2), "beyond ASCII: left as bytes although equal");
        assertFalse(keys.differsAlone(2, partner[2]), "not known to differ without its string");
        assertFalse(keys.differsAlone(2, "jose.muller@bucher.de"), "beyond ASCII: its string tells");
        assertEquals(partner[2], keys.value(2));
        final CandidateKeys ascii = member("9", "jose" + separator + "muller" + separator + "jose.muller@bucher.de", 0, 1, 2)
                .keys(new CandidateKeys(3), partner);
        assertTrue(ascii.differsAlone(2, partner[2]), "an ASCII value left as bytes is unequal to the partner's");
    }

    /**
     * A store's index of the input records and, for each record, one stored member holding {@code stored[record]} (encoded
     * as the store keeps it), the two paired: the stored members follow the input records.
     */
    private static ReferenceCandidateIndex pairedOneToOne(final InMemoryCandidateIndex input, final String[][] stored) {
        final String separator = String.valueOf(JdbcEntityStore.FIELD_SEPARATOR);
        final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input, false);
        for (int record = 0; record < stored.length; record++) {
            index.addReference(member("00" + record, String.join(separator, stored[record]), 0, 1, 2, 3, 4));
        }
        for (int record = 0; record < stored.length; record++) {
            index.addPair(record, stored.length + record);
        }
        return index;
    }

    /** The keys of input record {@code record} of the allocation tests: Anna Jones with a mailbox, phone and birth date of her own. */
    private static String[] inputPerson(final Matcher matcher, final int record) {
        return matcher.keys(new String[] {"Anna", "Jones" + record % 500, "person" + record + "@example.com",
                "+1 212 555 " + (1000 + record), "19" + (10 + record % 90) + "-0" + (1 + record % 9) + "-1" + record % 10});
    }

    /**
     * A stored candidate in one candidate pair (most of a store's candidates) is compared without a new array of its keys
     * nor strings of the values its partner holds (h240): 2,000 input records, each paired with one stored copy of
     * itself (its email, phone and birth date no other record shares), scored as a store's batch is. Before, each pair
     * made a new array and the strings the thread's table of decoded values had let go of (0.48 MB the scoring); now
     * the stored values equal to the input's are the input's strings, written into one array per partition (0.13 MB).
     */
    @Test
    void aCandidateInOnePairIsComparedWithoutAnArrayOrTheStringsItsPartnerHolds() {
        final Matcher matcher = new Matcher(EntityStoreContractTest.PERSON_FIELDS, MatchSettings.defaults().withParallelism(1, Runnable::run), "US");
        final int records = 2_000;
        // the fewest bytes of three rounds, as aCandidateInSeveralPairsIsDecodedOnce
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        for (int round = 0; round < 3; round++) {
            final InMemoryCandidateIndex input = new InMemoryCandidateIndex(List.<BlockingRule>of(), 10);
            final String[][] inputKeys = new String[records][];
            for (int record = 0; record < records; record++) {
                inputKeys[record] = inputPerson(matcher, record);
                input.add(inputKeys[record]);
            }
            final ReferenceCandidateIndex index = pairedOneToOne(input, inputKeys);
            final MatchContext context = MatchContext.forInput(records).withStatistics(matcher.newTermFrequencies(), 1_000_000);
            final Matcher.Scores scores = least.count(() -> matcher.score(index, context));
            final MatchResult result = matcher.cluster(scores, index, context);
            for (int record = 0; record < records; record++) {
                assertEquals(records + record, result.bestPartner(record), "each record's best partner is its stored copy");
            }
        }
        assertTrue(least.bytes() < 250_000, "allocated " + least.bytes() + " bytes to score 2,000 pairs of input records and stored candidates");
    }

    /**
     * A stored candidate in one candidate pair that is another person (most of a store's candidates: the same name,
     * another mailbox, phone and birth date) is compared without strings of the values a comparator reads as characters
     * (h248): 2,000 input records, each paired with one such stored candidate, scored as a store's batch is, every
     * comparison computed. Before, each pair made strings of the candidate's mailbox, phone and birth date, which no
     * other candidate shares (0.30 MB the scoring); h248 compared the phone and the birth date where the member holds
     * them, and made the mailbox alone a string for its comparator (0.19 MB); now the mailbox is compared there too
     * (h254, 0.08 MB). The weights, best partners and outcomes are those of the candidates' keys given as strings.
     */
    @Test
    void anotherPersonInOnePairIsComparedWithoutStringsOfTheValuesReadAsCharacters() {
        final Matcher matcher = new Matcher(EntityStoreContractTest.PERSON_FIELDS, MatchSettings.defaults().withParallelism(1, Runnable::run), "US");
        final int records = 2_000;
        // the fewest bytes of three rounds, as aCandidateInSeveralPairsIsDecodedOnce
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        for (int round = 0; round < 3; round++) {
            final InMemoryCandidateIndex input = new InMemoryCandidateIndex(List.<BlockingRule>of(), 10);
            final String[][] storedKeys = new String[records][];
            for (int record = 0; record < records; record++) {
                input.add(inputPerson(matcher, record));
                storedKeys[record] = matcher.keys(new String[] {"Anna", "Jones" + record % 500, "other" + record + "@example.org",
                        "+1 312 555 " + (5000 + record), "20" + (10 + record % 90) + "-1" + record % 3 + "-2" + record % 10});
            }
            final ReferenceCandidateIndex index = pairedOneToOne(input, storedKeys);
            final ReferenceCandidateIndex asStrings = new ReferenceCandidateIndex(input, false);
            for (int record = 0; record < records; record++) {
                final String[] keys = storedKeys[record];
                asStrings.addReference(keys::clone);
                asStrings.addPair(record, records + record);
            }
            final MatchContext context = MatchContext.forInput(records).withStatistics(matcher.newTermFrequencies(), 1_000_000);
            final Matcher.Scores scores = least.count(() -> matcher.score(index, context));
            final MatchResult result = matcher.cluster(scores, index, context);
            final MatchResult fromStrings = matcher.cluster(matcher.score(asStrings, context), asStrings, context);
            for (int record = 0; record < records; record++) {
                assertEquals(fromStrings.bestPartner(record), result.bestPartner(record));
                assertEquals(fromStrings.bestProbability(record), result.bestProbability(record), 0.0);
                assertEquals(fromStrings.outcome(record), result.outcome(record));
            }
        }
        assertTrue(least.bytes() < 120_000, "allocated " + least.bytes() + " bytes to score 2,000 pairs of input records and stored candidates of other people");
    }
}
