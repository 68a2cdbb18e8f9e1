package dev.nificrm.systemtest;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of the push flow (templates/crm-sync-push.json) as the system tests run it, in one place for every IT
 * that does (CrmSyncPushIT, ClusterPullIT): the webhook on 127.0.0.1, the shipped mapping specifications, people as
 * the source and home as the target, the entity store, the tests' JDBC driver and the operator's directories under
 * {@code work}. The webhook's secret is a sensitive parameter, given apart.
 */
final class PushFlowParameters {
    private PushFlowParameters() {
    }

    /** A new, modifiable map: a test adds or overrides what it needs (e.g. "Reconcile After Idle"). */
    static Map<String, String> of(final int port, final String path, final SqlCrm people, final SqlCrm home, final PostgresDatabase store,
                                  final Path work) throws IOException {
        final Path sync = ProjectPaths.templates().resolve("sync");
        final Path directories = work.toAbsolutePath();
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Webhook Port", String.valueOf(port));
        parameters.put("Webhook Host", "127.0.0.1");
        parameters.put("Webhook Path", path);
        parameters.put("Source Mapping Specification", sync.resolve("people-to-canonical.json").toString());
        parameters.put("Target Mapping Specification", sync.resolve("canonical-to-home.json").toString());
        parameters.put("Source Write-Back Specification", sync.resolve("canonical-to-people.json").toString());
        parameters.put("Source JDBC URL", people.database().jdbcUrl());
        parameters.put("Source Database User", people.database().user());
        parameters.put("Target JDBC URL", home.database().jdbcUrl());
        parameters.put("Target Database User", home.database().user());
        parameters.put("Entity Store JDBC URL", store.jdbcUrl());
        parameters.put("Entity Store Database User", store.user());
        parameters.put("JDBC Driver Location", PostgresServer.jdbcDriverJar().toString());
        parameters.put("Conflict Directory", directories.resolve("conflicts").toString());
        parameters.put("Error Directory", directories.resolve("errors").toString());
        parameters.put("Report Directory", directories.resolve("reports").toString());
        return parameters;
    }
}
