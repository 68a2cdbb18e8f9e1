package dev.nificrm.reliability;

import dev.nificrm.processors.CleanCRMRecord;
import dev.nificrm.processors.MapCRMRecord;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.processors.MergeCRMRecord;

import java.util.List;

/**
 * Every processor of the bundle, as the catalogue, the fuzzing, the leak check and the concurrency check run it. A new
 * processor joins all of them with one line here.
 */
final class ProcessorSetups {
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
            }));

    private ProcessorSetups() {
    }
}
