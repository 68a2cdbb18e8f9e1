package dev.nificrm.benchmarks;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The people of the entity store benchmark, all from one {@link PersonGenerator} seed: the stored population (distinct
 * people, person numbers 0 to {@code entities - 1}) and the batches matched against it, each a shuffled mix of damaged
 * copies of stored people (typos, nicknames, swapped names, missing fields, reformatted phones and dates) and people the
 * store has never seen (person numbers from {@code entities} on). Every record carries its person number, the truth the
 * benchmark measures the found duplicates against.
 * <pre>
 * StoreWorkload workload = new StoreWorkload(20_261_201L, 1_000_000);
 * workload.population((values, person) -&gt; ...);               // the people to load
 * List&lt;List&lt;StoreWorkload.Entry&gt;&gt; batches = workload.batches(5, 10_000, 0.3);
 * </pre>
 */
final class StoreWorkload {
    private final long seed;
    private final int entities;

    StoreWorkload(final long seed, final int entities) {
        this.seed = seed;
        this.entities = entities;
    }

    /** The stored population: {@code entities} distinct people, each once. */
    void population(final PersonGenerator.RecordSink sink) {
        new PersonGenerator(seed).generate(entities, 0.0, sink);
    }

    /**
     * Batches of {@code batchSize} records, in each about {@code duplicateShare} copies of distinct stored people with
     * errors (no stored person is copied twice across all batches) and the rest new people, in random order. The same
     * seed gives the same batches.
     */
    List<List<Entry>> batches(final int batchCount, final int batchSize, final double duplicateShare) {
        final int duplicatesPerBatch = (int) Math.round(batchSize * duplicateShare);
        final int duplicates = batchCount * duplicatesPerBatch;
        if (duplicates > entities) {
            throw new IllegalArgumentException(duplicates + " duplicates of stored people asked for, but the store holds only " + entities);
        }
        final SplittableRandom choice = new SplittableRandom(seed ^ 0x5DEECE66DL);
        final BitSet copied = new BitSet(entities);
        while (copied.cardinality() < duplicates) {
            copied.set(choice.nextInt(entities));
        }

        // the population again, from the same seed, keeping the people to copy; the generator then goes on with new people
        final PersonGenerator generator = new PersonGenerator(seed);
        final List<Entry> originals = new ArrayList<>(duplicates);
        generator.generate(entities, 0.0, (values, person) -> {
            if (copied.get(person)) {
                originals.add(new Entry(values, person, true));
            }
        });
        Collections.shuffle(originals, new Random(choice.nextLong()));
        final List<Entry> newPeople = new ArrayList<>(batchCount * (batchSize - duplicatesPerBatch));
        generator.generate(batchCount * (batchSize - duplicatesPerBatch), 0.0,
                (values, person) -> newPeople.add(new Entry(values, entities + person, false)));

        final List<List<Entry>> batches = new ArrayList<>(batchCount);
        for (int batch = 0; batch < batchCount; batch++) {
            final List<Entry> records = new ArrayList<>(batchSize);
            for (final Entry original : originals.subList(batch * duplicatesPerBatch, (batch + 1) * duplicatesPerBatch)) {
                records.add(new Entry(generator.damage(original.values()), original.person(), true));
            }
            final int newPerBatch = batchSize - duplicatesPerBatch;
            records.addAll(newPeople.subList(batch * newPerBatch, (batch + 1) * newPerBatch));
            Collections.shuffle(records, new Random(choice.nextLong()));
            batches.add(List.copyOf(records));
        }
        return batches;
    }

    /**
     * One record of a batch.
     *
     * @param values    its values in {@link PersonGenerator#FIELDS} order
     * @param person    the person it describes (below the store's size: a stored person)
     * @param duplicate whether it is a damaged copy of a stored person
     */
    record Entry(String[] values, int person, boolean duplicate) {
    }
}
