package dev.nificrm.store;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A key log's taking in of a write's change ahead of its commit ({@link KeyLog#takingAhead}), held on the log's thread
 * until let go (at most a minute): {@link #reached} once it is held, {@link #done} once the change is taken in.
 */
final class HeldTakingIn implements Consumer<Runnable> {
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch goOn = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void accept(final Runnable takeIn) {
        reached.countDown();
        try {
            goOn.await(60, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        takeIn.run();
        done.countDown();
    }
}
