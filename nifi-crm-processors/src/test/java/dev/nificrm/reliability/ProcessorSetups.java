package dev.nificrm.reliability;

import dev.nificrm.processors.CleanCRMRecord;
import dev.nificrm.processors.EraseCRMRecord;
import dev.nificrm.processors.MapCRMRecord;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.processors.MergeCRMRecord;
import dev.nificrm.processors.MergeMode;
import dev.nificrm.processors.ReconcileCRMRecord;
import dev.nificrm.processors.SignatureScheme;
import dev.nificrm.processors.TrackCRMProgress;
import dev.nificrm.processors.VerifyWebhookSignature;
import dev.nificrm.reliability.ProcessorSetup.Contract;

import java.util.List;
import java.util.Map;

/**
 * Every processor of the bundle, in every mode a flow of templates/ runs it in, as the catalogue, the fuzzing, the leak
 * check and the concurrency check run it. A new processor joins all of them with one line here, saying by its
 * {@link Contract} what its outputs must account for.
 */
final class ProcessorSetups {
    /** The token of the Zoho CRM channel the webhook setup verifies (40 hexadecimal digits, as the usage page advises). */
    static final String ZOHO_TOKEN = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2";

    /** As the sync flows match (crm-sync-pull.json, crm-sync-push.json): against the entity store, by source record. */
    private static final ProcessorSetup MATCH_WITH_STORE = new ProcessorSetup("MatchCRMRecord (entity store)", MatchCRMRecord.class, runner -> {
        runner.setProperty(MatchCRMRecord.ENTITY_STORE, ProcessorSetup.STORE_ID);
        runner.setProperty(MatchCRMRecord.MATCH_AGAINST, "entity-store");
        runner.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "salesforce");
        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/Id");
        runner.setProperty(MatchCRMRecord.GOLDEN_ID_FIELD, "/external_id");
        runner.setProperty(MatchCRMRecord.MATCH_ID_FIELD, "crm_match_id");
    }).withStore();

    /** The processors with the settings of the migration flow: roles recognised by name, Salesforce → HubSpot. */
    static final List<ProcessorSetup> ALL = List.of(
            new ProcessorSetup("CleanCRMRecord", CleanCRMRecord.class, runner -> {
            }),
            new ProcessorSetup("MapCRMRecord", MapCRMRecord.class, runner -> {
                runner.setProperty(MapCRMRecord.SOURCE_SCHEMA, "salesforce-contact");
                runner.setProperty(MapCRMRecord.TARGET_SCHEMA, "hubspot-contact");
                runner.setProperty(MapCRMRecord.UNMAPPED_FIELDS, "keep");
            }),
            new ProcessorSetup("MatchCRMRecord", MatchCRMRecord.class, runner -> {
            }),
            new ProcessorSetup("MergeCRMRecord", MergeCRMRecord.class, runner -> {
                runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
            }),
            MATCH_WITH_STORE,
            // as the sync flows merge: three ways against the snapshots of the entity store, Salesforce → HubSpot, the records
            // matched against the store first (crm-sync-pull.json connects matched, unmatched and review to it), so that they
            // reach it with their golden ids; the store has synced the clean export's customers a cycle before, and HubSpot
            // changed one and deleted the other since, so the records also reach the conflict and delete paths
            new ProcessorSetup("MergeCRMRecord (Three-Way Sync)", MergeCRMRecord.class, runner -> {
                runner.setProperty(MergeCRMRecord.MERGE_MODE, MergeMode.THREE_WAY_SYNC.getValue());
                runner.setProperty(MergeCRMRecord.ENTITY_STORE, ProcessorSetup.STORE_ID);
                runner.setProperty(MergeCRMRecord.GROUP_FIELD, "/crm_match_id");
                runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "salesforce");
                runner.setProperty(MergeCRMRecord.TARGET_SYSTEM, "hubspot");
                runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
                runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/LastModifiedDate");
                runner.setProperty(MergeCRMRecord.DELETED_FIELD, "/IsDeleted");
                runner.setProperty(MergeCRMRecord.GOLDEN_ID_FIELD, "/external_id");
                runner.setProperty(MergeCRMRecord.IGNORED_FIELDS, "/external_id");
            }).withCustomersSynced().judgedBy(Contract.SYNC_RECORDS).fedBy(MATCH_WITH_STORE),
            // erasure requests naming a customer by golden id, or by the Salesforce record: the catalogue's records 0031 and 0032 are stored
            new ProcessorSetup("EraseCRMRecord", EraseCRMRecord.class, runner -> {
                runner.setProperty(EraseCRMRecord.ENTITY_STORE, ProcessorSetup.STORE_ID);
                runner.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/crm_match_id");
                runner.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "salesforce");
                runner.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/Id");
            }).withCustomersStored().judgedBy(Contract.ERASE_REQUESTS),
            // as crm-sync-push.json reconciles the target: the target's export against the store, comparing with the source;
            // the catalogue's records 0031 and 0032 are stored from both systems
            new ProcessorSetup("ReconcileCRMRecord", ReconcileCRMRecord.class, runner -> {
                runner.setProperty(ReconcileCRMRecord.ENTITY_STORE, ProcessorSetup.STORE_ID);
                runner.setProperty(ReconcileCRMRecord.SOURCE_SYSTEM, "salesforce");
                runner.setProperty(ReconcileCRMRecord.TARGET_SYSTEM, "hubspot");
                runner.setProperty(ReconcileCRMRecord.LINK_BY, "target-id");
                runner.setProperty(ReconcileCRMRecord.TARGET_ID_FIELD, "/Id");
                runner.setProperty(ReconcileCRMRecord.IGNORED_FIELDS, "Id, LastModifiedDate");
                runner.setProperty(ReconcileCRMRecord.DELETED_FIELD, "/IsDeleted");
                runner.setProperty(ReconcileCRMRecord.COMPARE_WITH_SOURCE, "true");
                runner.setProperty(ReconcileCRMRecord.MAXIMUM_LISTED, "100");
            }).withCustomersStored().judgedBy(Contract.REPORT),
            // as crm-migration.json tracks progress: no record.count on the FlowFile, so the Record Reader counts its records
            new ProcessorSetup("TrackCRMProgress", TrackCRMProgress.class, runner -> {
                runner.setProperty(TrackCRMProgress.RUN_ID, "${crm.run.id:replaceEmpty(${filename:append('@'):append(${file.lastModifiedTime})})}");
                runner.setProperty(TrackCRMProgress.OUTCOME, "${crm.outcome}");
                runner.setProperty(TrackCRMProgress.RECORD_COUNT, "${crm.accounted.count:replaceEmpty(${record.count})}");
                runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
                runner.setProperty(TrackCRMProgress.PROGRESS_INTERVAL, "10 sec");
                runner.setProperty(TrackCRMProgress.IDLE_TIMEOUT, "1 min");
            }).judgedBy(Contract.PASS_THROUGH),
            // Zoho CRM notifications as HandleHttpRequest hands them over: the body's records must carry the channel's token
            new ProcessorSetup("VerifyWebhookSignature (Body Token)", VerifyWebhookSignature.class, runner -> {
                runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.BODY_TOKEN);
                runner.setProperty(VerifyWebhookSignature.SECRET, ZOHO_TOKEN);
                runner.setProperty(VerifyWebhookSignature.TOKEN_FIELD, "/token");
            }).judgedBy(Contract.REQUEST).given(content -> Map.of("http.method", "POST", "http.request.url", "https://hooks.example.com/zoho",
                    "http.headers.Content-Type", "application/json", "http.context.identifier", "context-1")));

    /** The setups whose processor routes a FlowFile it cannot read to failure whole, untouched, with record.error.message. */
    static final List<ProcessorSetup> FAILING_WHOLE_FLOWFILES = ALL.stream().filter(setup -> setup.contract().failsWholeFlowFiles()).toList();

    private ProcessorSetups() {
    }
}
