package dev.nificrm.match;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The records of an input together with reference records they are matched against (the members of a persistent
 * store that share a blocking key with an input record): input records keep their numbers, reference records are
 * numbered after them, and the candidate pairs are the input's own pairs (when wanted) plus the pairs of an input
 * record and a reference record added with {@link #addPair}. Reference records are never paired with each other:
 * they were matched when they were stored (the matcher weighs a few such pairs for ties alone:
 * {@link #forEachReferencePair}).
 * <p>
 * A reference record whose keys are made on each request ({@link #addReference}) has them made once and held while the
 * index holds it when it is in more than one candidate pair; one in a single pair (most of a store's candidates) has
 * them made on each request and let go with the pair, and for that pair's scoring written into the scoring thread's
 * array, its values equal to the input record's given as the input's strings ({@link #keys(int, String[], CandidateKeys)}).
 * <p>
 * The per-reference and per-pair arrays are held in pages ({@link IntPages}; the held keys in pages of as many), not one
 * array each: a store's batch has some 130,000 references and pairs, and one array each grown by doubling was a G1
 * humongous object at every growth past 65,536.
 */
public final class ReferenceCandidateIndex implements CandidateIndex {
    /** The held keys' elements, read and written by the scoring threads: written with release, read with acquire. */
    private static final VarHandle HELD = MethodHandles.arrayElementVarHandle(String[][].class);
    private static final int PAGE_BITS = Integer.numberOfTrailingZeros(IntPages.PAGE);
    private static final int IN_PAGE = IntPages.PAGE - 1;
    private static final int FIRST_PAGE = 256;

    private final CandidateIndex input;
    private final int inputCount;
    private final boolean inputPairs;
    private final List<KeySource> references = new ArrayList<>();
    /** Per reference record, its candidate pairs. */
    private final IntPages pairsOf = new IntPages();
    /**
     * Per reference record in more than one candidate pair, its keys once made; null until asked for. In pages of
     * {@link IntPages#PAGE}, grown as {@link IntPages} grows.
     */
    private String[][][] held = {};
    private IntPages lefts = new IntPages();
    private IntPages rights = new IntPages();

    /**
     * @param input      the input records and their blocking
     * @param inputPairs whether the input records are also matched with each other
     */
    public ReferenceCandidateIndex(final CandidateIndex input, final boolean inputPairs) {
        this.input = input;
        this.inputCount = input.size();
        this.inputPairs = inputPairs;
    }

    /** Adds a reference record's keys and returns its number (after every input record). */
    @Override
    public int add(final String[] keys) {
        return addReference(() -> keys);
    }

    /**
     * Adds a reference record whose keys are made on request and returns its number (after every input record): made
     * on each request while it is in one candidate pair at most, made once and held by the index when in several
     * ({@link #keys(int)}). Add references and pairs before pairs are handed out.
     */
    public int addReference(final KeySource keys) {
        final int number = references.size();
        references.add(keys);
        pairsOf.add(0);
        final int page = number >>> PAGE_BITS;
        if (page == held.length) {
            held = Arrays.copyOf(held, page + 1);
            held[page] = new String[page == 0 ? FIRST_PAGE : IntPages.PAGE][];
        } else if ((number & IN_PAGE) == held[page].length) {
            held[page] = Arrays.copyOf(held[page], Math.min(IntPages.PAGE, held[page].length * 2));
        }
        return inputCount + number;
    }

    /** Adds a candidate pair of an input record and a reference record. */
    public void addPair(final int inputRecord, final int referenceRecord) {
        if (inputRecord >= inputCount || referenceRecord < inputCount || referenceRecord >= size()) {
            throw new IllegalArgumentException("A pair joins an input record and a reference record");
        }
        pairsOf.increment(referenceRecord - inputCount);
        append(inputRecord, referenceRecord);
    }

    private void append(final int left, final int right) {
        lefts.add(left);
        rights.add(right);
    }

    /** The length of the longest array the index holds itself, for the tests. */
    int longestArray() {
        int longest = Math.max(held.length, Math.max(pairsOf.longestArray(), Math.max(lefts.longestArray(), rights.longestArray())));
        for (final String[][] page : held) {
            longest = Math.max(longest, page.length);
        }
        return longest;
    }

    /**
     * Adds a candidate pair of two input records although the input records are not matched with each other: the
     * second is a stored record, in the version the batch brings, and the first is matched with it as with any stored
     * record.
     */
    public void addStoredInputPair(final int inputRecord, final int storedInputRecord) {
        if (inputPairs || inputRecord >= inputCount || storedInputRecord >= inputCount || inputRecord == storedInputRecord) {
            throw new IllegalArgumentException("A stored input record is paired only when input records are not matched with each other");
        }
        append(inputRecord, storedInputRecord);
    }

    @Override
    public void forEachReferencePair(final BitSet records, final PairConsumer consumer) {
        for (int pair = 0; pair < lefts.size(); pair++) {
            final int left = lefts.get(pair);
            final int right = rights.get(pair);
            if (right >= inputCount && records.get(left)) {
                consumer.accept(left, right);
            }
        }
    }

    /**
     * Lets go of the keys of the reference records not {@code kept} (by record number): once matched, a caller that
     * still holds the result needs only some of them (the best pairs it explains), and the rest would live as long as
     * the result. A reference let go reads as null keys; the candidate pairs are let go too.
     */
    public void release(final IntPredicate kept) {
        for (int reference = 0; reference < references.size(); reference++) {
            if (!kept.test(inputCount + reference)) {
                references.set(reference, null);
                held[reference >>> PAGE_BITS][reference & IN_PAGE] = null;
            }
        }
        lefts = new IntPages();
        rights = new IntPages();
    }

    public int getInputCount() {
        return inputCount;
    }

    @Override
    public int size() {
        return inputCount + references.size();
    }

    @Override
    public String[] keys(final int record) {
        if (record < inputCount) {
            return input.keys(record);
        }
        final int number = record - inputCount;
        final String[] kept = (String[]) HELD.getAcquire(held[number >>> PAGE_BITS], number & IN_PAGE);
        if (kept != null) {
            return kept;
        }
        final KeySource reference = references.get(number);
        if (reference == null) {
            return null;
        }
        final String[] keys = reference.keys();
        if (pairsOf.get(number) > 1) {
            // asked for once per candidate pair: made once (two scoring threads may both make them, and hold either)
            HELD.setRelease(held[number >>> PAGE_BITS], number & IN_PAGE, keys);
        }
        return keys;
    }

    /**
     * As {@link #keys(int)}, but a reference in a single candidate pair (made for that pair alone) has its keys written
     * into {@code room}, its values equal to the partner's given as the partner's strings and the others left as bytes
     * ({@link KeySource#keys(CandidateKeys, String[])}).
     */
    @Override
    public CandidateKeys keys(final int record, final String[] partner, final CandidateKeys room) {
        if (record < inputCount) {
            return room.set(input.keys(record));
        }
        final int number = record - inputCount;
        if (pairsOf.get(number) > 1) {
            return room.set(keys(record));
        }
        final KeySource reference = references.get(number);
        return reference == null ? room.set(null) : reference.keys(room, partner);
    }

    @Override
    public void forEachCandidatePair(final int partition, final int partitions, final PairConsumer consumer) {
        if (inputPairs) {
            input.forEachCandidatePair(partition, partitions, consumer);
        }
        for (int pair = partition; pair < lefts.size(); pair += partitions) {
            consumer.accept(lefts.get(pair), rights.get(pair));
        }
    }
}
