package dev.nificrm.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReconciledExportsTest {
    private static final Instant TEN_ELEVEN = Instant.parse("2026-12-01T10:11:00Z");

    @Test
    void keepsThePartsReadAsRunsAndJoinsThoseReadLater() {
        final Map<String, String> state = ReconciledExports.remember(Map.of(), "5f0c", TEN_ELEVEN,
                Set.of(0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11), 12, 1_000);
        assertEquals(Map.of("5f0c", "1796119860000;12;0-2,4-11"), state);
        final Map<String, String> later = ReconciledExports.remember(state, "5f0c", TEN_ELEVEN.plusSeconds(60), Set.of(3), 12, 1_000);
        final ReconciledExports.Export export = ReconciledExports.find(later, "5f0c");
        assertEquals(12, export.read().size());
        assertEquals(TEN_ELEVEN.plusSeconds(60), export.reconciled());
        assertEquals("1796119920000;12;0-11", later.get("5f0c"));
    }

    @Test
    void dropsTheExportsReconciledEarliestBeyondTheBound() {
        Map<String, String> state = new HashMap<>();
        for (int export = 0; export < 5; export++) {
            state = ReconciledExports.remember(state, "export-" + export, TEN_ELEVEN.plusSeconds(export), Set.of(0), 2, 3);
        }
        assertEquals(Set.of("export-2", "export-3", "export-4"), state.keySet());
    }

    @Test
    void readsNoExportFromTextItDidNotWrite() {
        assertNull(ReconciledExports.find(Map.of("x", "not ours"), "x"));
        assertNull(ReconciledExports.find(Map.of("x", "1;2;a-b"), "x"));
        assertNull(ReconciledExports.find(Map.of(), "x"));
        assertEquals(Set.of(), ReconciledExports.decode("1796119860000;3;").read());
    }
}
