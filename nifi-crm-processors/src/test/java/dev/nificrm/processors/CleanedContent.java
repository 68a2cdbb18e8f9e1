package dev.nificrm.processors;

import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.util.List;

/** What a CleanCRMRecord test run wrote, as one line to compare whole: {@code success: [...] invalid: [...]}. */
final class CleanedContent {
    private CleanedContent() {
    }

    /** The content of every FlowFile on success, then on invalid, each after its relationship's name. */
    static String written(final TestRunner runner) {
        final StringBuilder all = new StringBuilder();
        for (final Relationship relationship : List.of(CleanCRMRecord.REL_SUCCESS, CleanCRMRecord.REL_INVALID)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                all.append(all.isEmpty() ? "" : " ").append(relationship.getName()).append(": ").append(flowFile.getContent());
            }
        }
        return all.toString();
    }
}
