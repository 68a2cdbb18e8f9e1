package dev.nificrm.benchmarks;

import dev.nificrm.store.EntityStore;

import java.util.Optional;

/**
 * Where the entity store benchmark keeps its store: an empty store to load once, the loaded store kept for later runs
 * (with its {@link StoreManifest}), and for every run a fresh working copy of it to match against, so the batches a run
 * commits never change what the next run starts from.
 */
interface StoreFixture extends AutoCloseable {

    /** The kept store's manifest, when a completed load left one. */
    Optional<StoreManifest> kept();

    /** A new empty store to load, replacing any partial one. */
    EntityStore createEmpty();

    /** Closes the loaded store and keeps it, with its manifest, for this and later runs. */
    void keep(EntityStore loaded, StoreManifest manifest);

    /** Opens a working copy of the kept store; its changes stay out of the kept one. */
    EntityStore openWorkingCopy();

    /** How the store runs (engine, version, durability, cache), for the report. */
    String describe();

    @Override
    void close();
}
