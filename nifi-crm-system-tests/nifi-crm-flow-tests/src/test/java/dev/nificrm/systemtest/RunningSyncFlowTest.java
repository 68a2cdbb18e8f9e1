package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@link RunningSyncFlow} reads from NiFi's status of a process group. */
class RunningSyncFlowTest {
    private static final String ROOT = """
            {"name": "NiFi Flow", "processorStatusSnapshots": [],
             "processGroupStatusSnapshots": [
              {"processGroupStatusSnapshot": {"name": "CRM Sync Two-Way IT", "processorStatusSnapshots": [
                {"processorStatusSnapshot": {"name": "Start Sync Cycle", "type": "GenerateFlowFile", "runStatus": "Stopped", "activeThreadCount": 1}},
                {"processorStatusSnapshot": {"name": "Open Sync Window", "type": "UpdateAttribute", "runStatus": "Running", "activeThreadCount": 0}}],
               "processGroupStatusSnapshots": []}},
              {"processGroupStatusSnapshot": {"name": "Webhook IT", "processorStatusSnapshots": [
                {"processorStatusSnapshot": {"name": "Receive", "type": "HandleHttpRequest", "runStatus": "Running", "activeThreadCount": 1}}],
               "processGroupStatusSnapshots": [
                {"processGroupStatusSnapshot": {"name": "Inner", "processorStatusSnapshots": [
                  {"processorStatusSnapshot": {"name": "Upsert", "type": "PutDatabaseRecord", "runStatus": "Running", "activeThreadCount": 2}}],
                 "processGroupStatusSnapshots": []}}]}}]}
            """;

    @Test
    void namesTheProcessorsRunningATaskInTheGroupAndWithNestedInEveryGroupBelowIt() throws Exception {
        final JsonNode root = new ObjectMapper().readTree(ROOT);
        final JsonNode sync = root.path("processGroupStatusSnapshots").get(0).path("processGroupStatusSnapshot");
        assertEquals(List.of("Start Sync Cycle (Stopped, 1 thread(s))"), RunningSyncFlow.busyProcessors(sync, false));
        assertEquals(List.of(), RunningSyncFlow.busyProcessors(root, false), "the root group runs nothing itself");
        assertEquals(List.of("CRM Sync Two-Way IT / Start Sync Cycle (Stopped, 1 thread(s))", "Inner / Upsert (Running, 2 thread(s))"),
                RunningSyncFlow.busyProcessors(root, true), "HandleHttpRequest waiting for calls is no work");
    }
}
