package dev.nificrm.match;

import java.util.Arrays;

/**
 * A growable list of scored pairs in primitive arrays: two record numbers and a match weight each, without an object
 * per pair.
 */
final class ScoredPairs {
    private int[] lefts = new int[1024];
    private int[] rights = new int[1024];
    private float[] weights = new float[1024];
    private int size;

    void add(final int left, final int right, final float weight) {
        if (size == lefts.length) {
            final int capacity = size * 2;
            lefts = Arrays.copyOf(lefts, capacity);
            rights = Arrays.copyOf(rights, capacity);
            weights = Arrays.copyOf(weights, capacity);
        }
        lefts[size] = left;
        rights[size] = right;
        weights[size] = weight;
        size++;
    }

    void addAll(final ScoredPairs other) {
        for (int i = 0; i < other.size; i++) {
            add(other.lefts[i], other.rights[i], other.weights[i]);
        }
    }

    int size() {
        return size;
    }

    int left(final int index) {
        return lefts[index];
    }

    int right(final int index) {
        return rights[index];
    }

    float weight(final int index) {
        return weights[index];
    }

    /** The indexes of the pairs by descending weight, ties by record numbers, so the order never depends on threads. */
    int[] orderByWeightDescending() {
        final Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            final int byWeight = Float.compare(weights[b], weights[a]);
            if (byWeight != 0) {
                return byWeight;
            }
            final int byLeft = Integer.compare(lefts[a], lefts[b]);
            return byLeft != 0 ? byLeft : Integer.compare(rights[a], rights[b]);
        });
        final int[] result = new int[size];
        for (int i = 0; i < size; i++) {
            result[i] = order[i];
        }
        return result;
    }
}
