package dev.nificrm;

import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.EntityStore;
import org.apache.nifi.controller.AbstractControllerService;

/**
 * A store service handing out a given store: another runner's enabled service's, as one service instance of a flow serves
 * every processor referring to it, or a store a test wraps.
 */
public final class GivenStoreService extends AbstractControllerService implements EntityStoreService {
    private final EntityStore entityStore;

    public GivenStoreService(final EntityStore entityStore) {
        this.entityStore = entityStore;
    }

    @Override
    public EntityStore getEntityStore() {
        return entityStore;
    }
}
