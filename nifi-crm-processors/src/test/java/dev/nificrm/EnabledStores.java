package dev.nificrm;

import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Enables entity store services for a test and disables them after it, before JUnit deletes the test's temporary
 * directories. An enabled store applies committed changes to its key index and checkpoints SQLite on threads of its own:
 * left enabled, those may still write into the store's directory while JUnit deletes it, which then fails the test
 * ("Failed to delete temp directory") on a busy machine. Disabling waits for them.
 * <pre>
 * &#64;RegisterExtension
 * final EnabledStores stores = new EnabledStores();
 * ...
 * stores.enable(runner, store);
 * </pre>
 */
public final class EnabledStores implements AfterEachCallback {
    private final Deque<Enabled> enabled = new ArrayDeque<>();

    /** Enables the service on the runner; it is disabled after the test unless the test disabled it itself. */
    public <T extends ControllerService> T enable(final TestRunner runner, final T service) {
        runner.enableControllerService(service);
        enabled.push(new Enabled(runner, service));
        return service;
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        while (!enabled.isEmpty()) {
            final Enabled store = enabled.pop();
            if (store.runner().isControllerServiceEnabled(store.service())) {
                store.runner().disableControllerService(store.service());
            }
        }
    }

    private record Enabled(TestRunner runner, ControllerService service) {
    }
}
