package dev.nificrm.match;

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
 */
public final class ReferenceCandidateIndex implements CandidateIndex {
    private final CandidateIndex input;
    private final int inputCount;
    private final boolean inputPairs;
    private final List<KeySource> references = new ArrayList<>();
    private int[] lefts = new int[256];
    private int[] rights = new int[256];
    private int pairCount;

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
     * Adds a reference record whose keys are made on each request ({@link #keys(int)} asks once per candidate pair)
     * and returns its number (after every input record).
     */
    public int addReference(final KeySource keys) {
        references.add(keys);
        return inputCount + references.size() - 1;
    }

    /** Adds a candidate pair of an input record and a reference record. */
    public void addPair(final int inputRecord, final int referenceRecord) {
        if (inputRecord >= inputCount || referenceRecord < inputCount || referenceRecord >= size()) {
            throw new IllegalArgumentException("A pair joins an input record and a reference record");
        }
        append(inputRecord, referenceRecord);
    }

    private void append(final int left, final int right) {
        if (pairCount == lefts.length) {
            lefts = Arrays.copyOf(lefts, pairCount * 2);
            rights = Arrays.copyOf(rights, pairCount * 2);
        }
        lefts[pairCount] = left;
        rights[pairCount] = right;
        pairCount++;
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
        for (int pair = 0; pair < pairCount; pair++) {
            if (rights[pair] >= inputCount && records.get(lefts[pair])) {
                consumer.accept(lefts[pair], rights[pair]);
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
            }
        }
        lefts = new int[0];
        rights = new int[0];
        pairCount = 0;
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
        final KeySource reference = references.get(record - inputCount);
        return reference == null ? null : reference.keys();
    }

    @Override
    public void forEachCandidatePair(final int partition, final int partitions, final PairConsumer consumer) {
        if (inputPairs) {
            input.forEachCandidatePair(partition, partitions, consumer);
        }
        for (int pair = partition; pair < pairCount; pair += partitions) {
            consumer.accept(lefts[pair], rights[pair]);
        }
    }
}
