package dev.nificrm.testing;

/** One of the two classes that run {@link SharedServerContract}. */
class SharedServerSecondTest extends SharedServerContract {
}
