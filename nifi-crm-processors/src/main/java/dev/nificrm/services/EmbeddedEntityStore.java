package dev.nificrm.services;

import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.JdbcEntityStore;
import dev.nificrm.store.StoreInspection;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.reporting.InitializationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entity store of one NiFi node, in an SQLite file under a directory: zero configuration, survives restarts.
 */
@Tags({"crm", "entity store", "embedded", "sqlite", "golden record", "cross-reference", "lookup"})
@CapabilityDescription("The entity store of a single NiFi node, kept in one SQLite file in the Store Directory (by default under NiFi's "
        + "working directory): golden ids, cross-references, blocking keys, snapshots and history survive restarts with no "
        + "configuration (VerifyWebhookSignature's replay claims are kept in a second file beside it). Also a Record Lookup Service: coordinates 'system' and 'source_id' give the record's golden_id and crm_xref; "
        + "'golden_id' gives the customer's ids and history (why each record was linked or merged). "
        + "For a NiFi cluster use PostgreSQLEntityStore, which every node shares.")
@SeeAlso(classNames = {"dev.nificrm.services.PostgreSQLEntityStore", "dev.nificrm.processors.MatchCRMRecord",
        "org.apache.nifi.processors.standard.LookupRecord"})
public class EmbeddedEntityStore extends AbstractEntityStoreService {
    /** The file in the Store Directory. */
    static final String DATABASE_FILE = "entity-store.db";

    public static final PropertyDescriptor STORE_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Store Directory")
            .description("The directory of the store's file (" + DATABASE_FILE + "), created when missing; a relative path is taken from "
                    + "NiFi's working directory. Back it up by copying it while the service is disabled.")
            .required(true)
            .defaultValue("./state/crm-entity-store")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(STORE_DIRECTORY);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    /**
     * Said by Verify and, as a warning, on every enable on a node of a cluster: each node would open a store of its own, so
     * the nodes would give one customer a golden id each and find nothing another node stored.
     */
    static final String CLUSTER_WARNING = "This NiFi is a node of a cluster, and an EmbeddedEntityStore is a store of this node alone: "
            + "every node keeps its own, so a customer seen by two nodes gets two golden ids, a record stored on one node is not found "
            + "on another, lookups and erasures reach this node's store only, and a webhook replayed to another node is accepted there. "
            + "Use PostgreSQLEntityStore, which every node of the cluster shares";

    @Override
    protected List<StoreInspection.Check> inspect(final ConfigurationContext context) {
        final List<StoreInspection.Check> checks = new ArrayList<>(StoreInspection.embedded(directory(context).resolve(DATABASE_FILE)));
        if (isClusterNode()) {
            checks.add(new StoreInspection.Check("Cluster", StoreInspection.Outcome.FAILED, CLUSTER_WARNING));
        }
        return checks;
    }

    private boolean isClusterNode() {
        return getNodeTypeProvider() != null && getNodeTypeProvider().isConfiguredForClustering();
    }

    private static Path directory(final ConfigurationContext context) {
        return Path.of(context.getProperty(STORE_DIRECTORY).evaluateAttributeExpressions().getValue().trim());
    }

    @OnEnabled
    public void openStore(final ConfigurationContext context) throws InitializationException {
        final Path directory = directory(context);
        if (isClusterNode()) {
            getLogger().warn(CLUSTER_WARNING);
        }
        try {
            Files.createDirectories(directory);
            setEntityStore(JdbcEntityStore.sqlite(directory.resolve(DATABASE_FILE)));
        } catch (final IOException e) {
            throw new InitializationException("Could not create the Store Directory " + directory.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (final EntityStoreException e) {
            throw new InitializationException(e.getMessage(), e);
        }
    }
}
