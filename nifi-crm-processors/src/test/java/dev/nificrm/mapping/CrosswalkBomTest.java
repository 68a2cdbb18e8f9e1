package dev.nificrm.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Excel's "CSV UTF-8" starts the file with a byte-order mark; the first column must still be found. */
class CrosswalkBomTest {

    @Test
    void aCrosswalkSavedByExcelWithAByteOrderMarkIsRead(@TempDir final Path folder) throws Exception {
        final Path file = folder.resolve("salutation.csv");
        Files.write(file, "\uFEFFsalesforce,zoho\nMr.,Mr.\nMs.,Ms.\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("Mr.", "Mr.", "Ms.", "Ms."), CrosswalkTable.load("salutation", file, "salesforce", "zoho"));
    }
}
