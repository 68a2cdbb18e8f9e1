package dev.nificrm.record;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonRecordElementsTest {

    @Test
    void findsValuesWhereRecordsAreExpected() throws IOException {
        assertTrue(skipped("[{\"a\":1},\"x\",{\"a\":2}]").orElseThrow().startsWith("value 2 of the content is a string where a record"));
        assertTrue(skipped("[{\"a\":1},{\"a\":2},null]").orElseThrow().startsWith("value 3 of the content is null"));
        assertTrue(skipped("{\"a\":1}\n42\n").orElseThrow().startsWith("value 2 of the content is a number"));
        assertTrue(skipped("[[{\"a\":1}],[true]]").orElseThrow().startsWith("value 2 of the content is a boolean"));
    }

    @Test
    void acceptsRecordsAtAnyArrayDepthAndContentThatIsNoJson() throws IOException {
        assertEquals(Optional.empty(), skipped("[{\"a\":[1,\"x\",null]},{\"b\":{\"c\":\"d\"}}]"));
        assertEquals(Optional.empty(), skipped("[[{\"a\":1}],[{\"a\":2}]]"));
        assertEquals(Optional.empty(), skipped("{\"a\":1}\n{\"a\":2}\n"));
        assertEquals(Optional.empty(), skipped("[]"));
        assertEquals(Optional.empty(), skipped("\uFEFF [{\"a\":1}]"));
        assertEquals(Optional.empty(), skipped("Id,Name\n1,Ann\n"), "CSV is not looked into");
        assertEquals(Optional.empty(), skipped("[{\"a\":Smith}]"), "malformed JSON is the reader's to report");
        assertEquals(Optional.empty(), skipped("null"), "content that does not start like JSON records is the reader's");
    }

    private static Optional<String> skipped(final String content) throws IOException {
        return JsonRecordElements.findSkippedValue(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
}
