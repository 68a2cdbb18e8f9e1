package dev.nificrm.testing;

/** One of the two classes that run {@link SharedServerContract}. */
class SharedServerFirstTest extends SharedServerContract {
}
