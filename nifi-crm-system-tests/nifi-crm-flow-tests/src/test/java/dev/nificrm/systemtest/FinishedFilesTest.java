package dev.nificrm.systemtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FinishedFilesTest {
    @TempDir
    Path root;

    @Test
    void listsFinishedFilesInEverySubdirectorySortedAndSkipsHiddenOnes() throws IOException {
        Files.writeString(root.resolve("b.json"), "{}");
        Files.writeString(root.resolve(".a.json"), "{");
        Files.createDirectories(root.resolve("run-1"));
        Files.writeString(root.resolve("run-1").resolve("a.json"), "{}");
        Files.createDirectories(root.resolve(".hidden"));
        Files.writeString(root.resolve(".hidden").resolve("c.json"), "{}");
        assertEquals(List.of(root.resolve("b.json"), root.resolve("run-1").resolve("a.json")), FinishedFiles.below(root));
        assertEquals(4, FinishedFiles.countWithUnfinished(root));
    }

    @Test
    void aDirectoryNotThereHoldsNothing() throws IOException {
        assertEquals(List.of(), FinishedFiles.below(root.resolve("reports")));
        assertEquals(0, FinishedFiles.countWithUnfinished(root.resolve("reports")));
    }
}
