package dev.nificrm.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A real entity store passed through, so a test can make something happen just before a write. */
public final class DelegatingStore {

    /** What happens before a write reaches the store. */
    @FunctionalInterface
    public interface BeforeWrite {
        void run(ChangeSet changes) throws StoreConflictException;
    }

    private DelegatingStore() {
    }

    /** The store, with {@code beforeWrite} run before each write is passed on; every other call goes straight through. */
    public static EntityStore around(final EntityStore store, final BeforeWrite beforeWrite) {
        return (EntityStore) Proxy.newProxyInstance(EntityStore.class.getClassLoader(), new Class<?>[] {EntityStore.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("write") && arguments != null && arguments.length == 1 && arguments[0] instanceof ChangeSet changes) {
                        beforeWrite.run(changes);
                    }
                    try {
                        return method.invoke(store, arguments);
                    } catch (final InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
