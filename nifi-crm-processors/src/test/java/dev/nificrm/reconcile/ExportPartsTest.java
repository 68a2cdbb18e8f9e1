package dev.nificrm.reconcile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportPartsTest {

    private static ExportParts.Part<String> part(final String name, final String index, final String count) {
        return new ExportParts.Part<>(name, index, count);
    }

    @Test
    void readsOneCopyOfEachIndexInOrderAndNamesTheMissingParts() {
        final ExportParts<String> parts = new ExportParts<>(List.of(part("c", "2", "4"), part("a", "0", "4"), part("b", "0", "4")), Set.of());
        assertNull(parts.disagreement());
        assertEquals(List.of("a", "c"), parts.toRead());
        assertEquals(List.of(0, 2), parts.read());
        assertEquals(List.of(1, 3), parts.missing());
        assertEquals(Map.of("b", "part 0 of this export came twice: the other copy was read, this one not"), parts.notRead());
        assertFalse(parts.complete());
    }

    @Test
    void anIndexOutsideTheExportOrMissingIsNotRead() {
        final ExportParts<String> parts = new ExportParts<>(List.of(part("a", "0", "2"), part("b", "1", "2"), part("c", "2", "2"),
                part("d", "-1", "2"), part("e", null, "2"), part("f", "x", "2")), Set.of());
        assertTrue(parts.complete());
        assertEquals(List.of("a", "b"), parts.toRead());
        assertEquals("fragment.index '2' is none of the export's 2 parts (0 to 1); not read", parts.notRead().get("c"));
        assertEquals("fragment.index '-1' is none of the export's 2 parts (0 to 1); not read", parts.notRead().get("d"));
        assertEquals("the part has no fragment.index; not read", parts.notRead().get("e"));
        assertEquals("fragment.index 'x' is none of the export's 2 parts (0 to 1); not read", parts.notRead().get("f"));
    }

    @Test
    void anIndexReadBeforeIsACopy() {
        final ExportParts<String> parts = new ExportParts<>(List.of(part("a", "1", "3"), part("b", "2", "3")), Set.of(0, 1));
        assertEquals(List.of("b"), parts.toRead());
        assertEquals(Map.of("a", "part 1 of this export was reconciled before: this copy was not read"), parts.notRead());
        assertEquals(List.of(0, 1), parts.missing(), "missing from what this reconciliation reads");
    }

    @Test
    void countsAreComparedAsNumbersAndDisagreeingOnesReadNothing() {
        assertNull(new ExportParts<>(List.of(part("a", "0", "2"), part("b", "1", " 02")), Set.of()).disagreement());
        final ExportParts<String> parts = new ExportParts<>(List.of(part("a", "0", "2"), part("b", "1", "3"), part("c", "2", null)), Set.of());
        assertEquals("the parts of this export disagree on fragment.count: 2 (1 part), 3 (1 part), none (1 part); none was read",
                parts.disagreement());
        assertTrue(parts.toRead().isEmpty());
        assertFalse(parts.complete());
    }
}
