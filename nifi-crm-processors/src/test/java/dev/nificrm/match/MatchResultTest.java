package dev.nificrm.match;

import dev.nificrm.testing.ThreadAllocation;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Explanations shared between the records of a mutual best pair read exactly as the model explains each record; an
 * explanation's text is written without widening its builder; a stored partner's keys are read as the scorer reads them.
 */
class MatchResultTest {
    private static final List<MatchField> FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.BIRTH_DATE), MatchField.of(Role.EMAIL), MatchField.of(Role.PHONE), MatchField.of(Role.CITY),
            MatchField.of(Role.POSTAL_CODE));
    private static final String[] FIRST = {"John", "Jon", "Mary", "Marie", "Wei", "Ana", "Anna", "Robert", "Bob", "Liz"};
    private static final String[] LAST = {"Smith", "Smyth", "Jones", "Chen", "Garcia", "Garsia", "Miller", "Muller"};
    private static final String[] CITIES = {"Springfield", "Springfeld", "Portland", "Austin"};

    @Test
    void sharedExplanationsEqualTheModelsOwnInEitherOrder() {
        final Matcher matcher = new Matcher(FIELDS, MatchSettings.defaults(), "US");
        final CandidateIndex index = people(matcher);
        final MatchResult forward = matcher.match(index);
        final MatchResult backward = matcher.match(index);
        final String[] backwardExplanations = new String[index.size()];
        for (int record = index.size() - 1; record >= 0; record--) {
            backwardExplanations[record] = backward.explanation(record);
        }
        int mutual = 0;
        for (int record = 0; record < index.size(); record++) {
            final String explanation = forward.explanation(record);
            final int partner = forward.bestPartner(record);
            if (partner < 0) {
                assertEquals("no candidate pair", explanation);
            } else {
                // the model's own, led by the link's where one mailbox and one given name accepted the pair
                final String expected = forward.explainPair(index.keys(record), index.keys(partner));
                // a record held apart names the rule, the other cluster's record and the fields the rule reads after it
                assertTrue(explanation.equals(expected) || Arrays.stream(ApartReason.values())
                                .anyMatch(reason -> explanation.equals(expected + " (held apart: " + reason.text() + ")")
                                        || explanation.startsWith(expected + " (held apart: " + reason.text() + ": ")
                                        && explanation.contains(" and a record of the other cluster (match id ") && explanation.endsWith(")"))
                                || explanation.startsWith(expected + " (held apart: a record of the other cluster (match id ")
                                && (explanation.contains(") contradicts ") || explanation.contains(") disagrees outright with "))
                                && explanation.endsWith(")"),
                        () -> explanation + " <> " + expected);
                mutual += forward.bestPartner(partner) == record ? 1 : 0;
            }
            assertEquals(explanation, backwardExplanations[record]);
        }
        assertTrue(mutual > 500, "mutual best pairs: " + mutual);
    }

    /**
     * A store's batch of 10,000 records against a million people clusters some 100,000 records, each its own customer:
     * the two slots a record and a group (the pairs that held records apart and crossed between customers) are held in
     * pages, not in one array of half a G1 region or more (512 KiB at -Xmx512m, a humongous object) each.
     */
    @Test
    void holdsNoSlotArrayOfHalfARegion() {
        final int halfRegionInts = 512 * 1024 / Integer.BYTES;
        final Matcher matcher = new Matcher(FIELDS, MatchSettings.defaults(), "US");
        final CandidateIndex input = matcher.newIndex();
        input.add(matcher.keys(new String[] {"John", "Smith", "1980-01-01", "john@example.com", null, "Springfield", "12345"}));
        final ReferenceCandidateIndex index = new ReferenceCandidateIndex(input, false);
        final int stored = 100_000;
        final String[] storedKeys = matcher.keys(new String[] {"Mary", "Jones", "1970-02-02", "mary@example.com", null, "Austin", "54321"});
        for (int record = 0; record < stored; record++) {
            index.addReference(() -> storedKeys);
        }
        final int[] groups = new int[1 + stored];
        final BitSet settled = new BitSet();
        for (int record = 0; record < groups.length; record++) {
            groups[record] = record;
            settled.set(record, record > 0);
        }
        final MatchContext context = MatchContext.forInput(1).withGroups(groups, MatchContext.KeepApart.NONE)
                .withStatistics(matcher.newTermFrequencies(), 1_000_000).withSettled(settled);
        final MatchResult result = matcher.match(index, context);
        assertTrue(result.longestSlotArray() < halfRegionInts, () -> "longest array " + result.longestSlotArray() + " ints");
        assertEquals(MatchOutcome.UNMATCHED, result.outcome(0));
        for (final int record : new int[] {0, 1, stored / 2, stored}) {
            assertEquals(-1, result.heldApartFrom(record));
            assertEquals(-1, result.heldApartAt(record));
            assertNull(result.crossedBy(record));
        }
    }

    /**
     * An explanation's text is written in a thread's room, a builder made UTF-16 once and kept: a builder of its own
     * widened by the arrow would copy everything before it again at twice the size, and its String a third time; one
     * kept Latin-1 until the arrow made two pieces to join. Byte for byte the same text.
     */
    @Test
    void explanationsAreWrittenInOneUtf16RoomPerThread() {
        final Matcher matcher = new Matcher(FIELDS, MatchSettings.defaults(), "US");
        final CandidateIndex index = people(matcher);
        final MatchResult result = matcher.match(index);
        final MatchModel model = result.getModel();
        final List<String[]> lefts = new ArrayList<>();
        final List<String[]> rights = new ArrayList<>();
        final List<int[]> levels = new ArrayList<>();
        for (int record = 0; record < index.size() && lefts.size() < 1000; record++) {
            final int partner = result.bestPartner(record);
            if (partner >= 0) {
                lefts.add(index.keys(record));
                rights.add(index.keys(partner));
                final int[] pairLevels = new int[FIELDS.size()];
                model.levels(lefts.getLast(), rights.getLast(), pairLevels);
                levels.add(pairLevels);
            }
        }
        final String[] explanations = new String[lefts.size()];
        final long allocated = ThreadAllocation.leastOf(3, () -> {
            for (int pair = 0; pair < explanations.length; pair++) {
                explanations[pair] = model.explain(lefts.get(pair), rights.get(pair), levels.get(pair));
            }
        });
        long characters = 0;
        for (int pair = 0; pair < explanations.length; pair++) {
            assertEquals(model.explain(lefts.get(pair), rights.get(pair)), explanations[pair]);
            characters += explanations[pair].length();
        }
        // the texts as the builder widened by the arrow wrote them, before it was kept Latin-1 (recorded then)
        assertEquals(-303_263_299, String.join("\n", explanations).hashCode());
        assertEquals("first_name=missing(0) last_name=exact(+2.7) birth_date=exact(+14.3) email=missing(0) phone=missing(0) city=implied(0) "
                + "postal_code=exact(+5.7) prior(-12.5) → 0.999", explanations[4]);
        final Matcher companies = new Matcher(List.of(MatchField.of(Role.COMPANY)), MatchSettings.defaults(), "US");
        final CandidateIndex names = companies.newIndex();
        names.add(companies.keys(new String[] {"Contoso Pharmaceuticals Ltd"}));
        names.add(companies.keys(new String[] {"Contoso Pharma Research"}));
        assertEquals("company=contained(+1.2) one field, no prior → 0.700", companies.match(names).explainPair(names.keys(0), names.keys(1)));
        assertEquals(1000, explanations.length);
        // 915 bytes an explanation (of 167 characters on average; the String alone is 374) when each had its own Latin-1
        // builder and two pieces joined by the arrow; widened by the arrow, 1,818. Written in a thread's UTF-16 room: the
        // String and the JDK's try at a Latin-1 copy (the arrow ends it): 562 bytes
        assertTrue(allocated < 700_000, "allocated " + allocated + " bytes for " + explanations.length + " explanations of "
                + characters + " characters");
    }

    /**
     * A stored candidate's explanation reads its keys as the scorer does ({@link CandidateKeys}): its values equal to the
     * input record's are the input's strings, and the others are made strings only where the text reads one (exact
     * agreement weighed by rarity, a value common by nature, an implied field), never all of them again; the pair is
     * weighed from the levels its explanation computed, not scored again. The texts are those of plain string keys,
     * byte for byte as the code that made every stored value a string again wrote them.
     */
    @Test
    void aStoredPartnersExplanationMakesStringsOfTheValuesItReadsAlone() {
        final Matcher matcher = new Matcher(FIELDS, MatchSettings.defaults(), "US");
        final Random random = new Random(260);
        final CandidateIndex input = matcher.newIndex();
        final List<String[]> stored = new ArrayList<>();
        for (int person = 0; person < 1500; person++) {
            final List<List<String>> values = person(random);
            final List<List<String>> stranger = person(random);
            // a copy of a stored person (one in four with a typo, one in six without a value), one in eight of its given name
            // and mailbox alone (accepted by the mailbox link where the model's score is below the match's), or a stranger
            final int kind = random.nextInt(8);
            final String[] copy = keys(matcher, random, kind == 0 ? stranger : values, true);
            if (kind == 1) {
                for (int slot = 0; slot < copy.length; slot++) {
                    copy[slot] = slot == 0 || slot == 3 ? copy[slot] : null;
                }
            }
            input.add(copy);
            stored.add(keys(matcher, random, values, false));
            stored.add(keys(matcher, random, stranger, false));
        }
        final ReferenceCandidateIndex bytes = new ReferenceCandidateIndex(input, false);
        final ReferenceCandidateIndex strings = new ReferenceCandidateIndex(input, false);
        final AtomicInteger allMade = new AtomicInteger();
        final AtomicInteger valuesMade = new AtomicInteger();
        final int[] groups = new int[input.size() + stored.size()];
        for (int record = 0; record < stored.size(); record++) {
            final MatcherTest.EncodedKeys encoded = new MatcherTest.EncodedKeys(stored.get(record), partner -> valuesMade);
            // each stored record in one candidate pair, as most of a store's candidates: its keys made for that pair alone
            final int reference = bytes.addReference(new KeySource() {
                @Override
                public String[] keys() {
                    allMade.incrementAndGet();
                    return encoded.keys();
                }

                @Override
                public CandidateKeys keys(final CandidateKeys room, final String[] partner) {
                    return encoded.keys(room, partner);
                }
            });
            bytes.addPair(record / 2, reference);
            strings.addPair(record / 2, strings.add(stored.get(record)));
            groups[reference] = reference;
        }
        for (int record = 0; record < input.size(); record++) {
            groups[record] = record;
        }
        final MatchContext context = MatchContext.forInput(input.size()).withGroups(groups, MatchContext.KeepApart.NONE)
                .withStatistics(matcher.newTermFrequencies(), 1_000_000);
        final MatchResult fromBytes = matcher.match(bytes, context);
        final MatchResult fromStrings = matcher.match(strings, context);
        allMade.set(0);
        valuesMade.set(0);
        final String[] explanations = new String[input.size()];
        int storedPartners = 0;
        int linked = 0;
        int storedValues = 0;
        int held = 0;
        for (int record = 0; record < input.size(); record++) {
            // as a store asks, naming records by its own ids (none here), not by match ids
            explanations[record] = fromBytes.explanation(record, null, null);
            assertEquals(fromStrings.explanation(record, null, null), explanations[record]);
            final int partner = fromBytes.bestPartner(record);
            if (partner >= input.size()) {
                storedPartners++;
                linked += explanations[record].startsWith(MatchResult.LINK) ? 1 : 0;
                for (final String value : stored.get(partner - input.size())) {
                    storedValues += value == null ? 0 : 1;
                }
            }
            // a held record's explanation names the pair by which it was held, or the record it ties with: their keys made whole
            held += fromBytes.tiedWith(record) >= 0 || fromBytes.heldApartFrom(record) >= 0 ? 1 : 0;
        }
        // the texts as the code that made every stored value of the pair a string again wrote them (recorded then)
        assertEquals(-774_182_155, String.join("\n", explanations).hashCode());
        assertTrue(storedPartners > 1000, storedPartners + " explanations of a stored partner");
        assertTrue(linked > 0, linked + " explanations of the mailbox link");
        // before: every stored partner's keys made strings again (1,510 arrays: the 1,500 partners' 10,500 values, a string
        // each in a store, and the 10 held records' pairs); now 2,215 values (those a comparison, a weight or the mailbox
        // link reads as strings) and the 10 held records' pairs
        assertTrue(allMade.get() <= 2 * held, allMade.get() + " stored records' keys all made strings, " + held + " records held");
        assertTrue(valuesMade.get() < storedValues / 3, valuesMade.get() + " of the stored partners' " + storedValues
                + " values made strings");
    }

    /** A person's keys: a stored record's as they are, an input copy's with a typo (one in four) or without a value (one in six). */
    private static String[] keys(final Matcher matcher, final Random random, final List<List<String>> values, final boolean copy) {
        final String[] keys = new String[FIELDS.size()];
        for (int slot = 0; slot < keys.length; slot++) {
            final List<String> raw = new ArrayList<>(values.get(slot));
            if (copy && random.nextInt(4) == 0) {
                raw.set(0, typo(random, raw.getFirst()));
            }
            if (copy && random.nextInt(6) == 0) {
                raw.clear();
            }
            keys[slot] = raw.isEmpty() ? null : matcher.key(slot, raw);
        }
        return keys;
    }

    /** 1,500 people, each in one to three copies, some with a typo or a value left out. */
    private static CandidateIndex people(final Matcher matcher) {
        final CandidateIndex index = matcher.newIndex();
        final Random random = new Random(11);
        for (int person = 0; person < 1500; person++) {
            final List<List<String>> values = person(random);
            final int copies = 1 + random.nextInt(3);
            for (int copy = 0; copy < copies; copy++) {
                index.add(keys(matcher, random, values, copy > 0));
            }
        }
        return index;
    }

    private static List<List<String>> person(final Random random) {
        final String phone = String.format(Locale.ROOT, "(%03d) %03d-%04d", 200 + random.nextInt(800), 200 + random.nextInt(800),
                random.nextInt(10_000));
        final List<String> phones = random.nextInt(3) == 0
                ? List.of(phone, String.format(Locale.ROOT, "+1 %03d 555 %04d", 200 + random.nextInt(800), random.nextInt(10_000)))
                : List.of(phone);
        final String first = FIRST[random.nextInt(FIRST.length)];
        final String last = LAST[random.nextInt(LAST.length)];
        return List.of(List.of(first), List.of(last),
                List.of(String.format(Locale.ROOT, "19%02d-%02d-%02d", 40 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28))),
                List.of((first + "." + last + random.nextInt(50) + "@example.com").toLowerCase(Locale.ROOT)), phones,
                List.of(CITIES[random.nextInt(CITIES.length)]), List.of(String.valueOf(10_000 + random.nextInt(50))));
    }

    private static String typo(final Random random, final String value) {
        final char[] chars = value.toCharArray();
        final int position = random.nextInt(chars.length);
        chars[position] = Character.isDigit(chars[position]) ? (char) ('0' + random.nextInt(10)) : (char) ('a' + random.nextInt(26));
        return new String(chars);
    }
}
