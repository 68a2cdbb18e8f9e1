package dev.nificrm.services;

import dev.nificrm.store.EntityStore;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.controller.ControllerService;

/**
 * An entity store as a NiFi controller service: the persistent golden ids, cross-references, blocking keys,
 * snapshots and history that MatchCRMRecord and MergeCRMRecord share across FlowFiles, runs and (with PostgreSQL)
 * the nodes of a cluster.
 */
@Tags({"crm", "entity store", "golden record", "cross-reference", "master data"})
@CapabilityDescription("Keeps who is who across FlowFiles, runs, systems and cluster nodes: golden ids, the cross-reference from "
        + "every source record to its golden id, blocking keys to find stored candidates, snapshots for two-way sync, and history.")
public interface EntityStoreService extends ControllerService {

    /** The store, open while the service is enabled. */
    EntityStore getEntityStore();
}
