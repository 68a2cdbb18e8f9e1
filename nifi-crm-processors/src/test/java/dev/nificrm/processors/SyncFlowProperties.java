package dev.nificrm.processors;

import org.apache.nifi.util.TestRunner;

/**
 * The properties a two-way sync flow's MatchCRMRecord and MergeCRMRecord share in the tests that run the flow: both on the
 * Entity Store service {@code entity-store}, the systems from the FlowFile's {@code crm.source.system} and
 * {@code crm.target.system}, the CRM's record id in {@code /Id}.
 */
final class SyncFlowProperties {
    private SyncFlowProperties() {
    }

    /** MatchCRMRecord matching on /FirstName, /LastName, /Email and /Phone. */
    static void match(final TestRunner match) {
        match.setProperty(MatchCRMRecord.ENTITY_STORE, "entity-store");
        match.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
        match.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/Id");
        match.setProperty("first_name", "/FirstName");
        match.setProperty("last_name", "/LastName");
        match.setProperty("email", "/Email");
        match.setProperty("phone", "/Phone");
    }

    /** MergeCRMRecord in Three-Way Sync, with /LastModifiedDate and /IsDeleted. */
    static void merge(final TestRunner merge) {
        merge.setProperty(MergeCRMRecord.MERGE_MODE, MergeMode.THREE_WAY_SYNC.getValue());
        merge.setProperty(MergeCRMRecord.ENTITY_STORE, "entity-store");
        merge.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
        merge.setProperty(MergeCRMRecord.TARGET_SYSTEM, "${crm.target.system}");
        merge.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
        merge.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/LastModifiedDate");
        merge.setProperty(MergeCRMRecord.DELETED_FIELD, "/IsDeleted");
    }
}
