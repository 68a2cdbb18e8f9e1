package dev.nificrm.record;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    /**
     * A field name beyond U+FFFF as NiFi's JsonRecordSetWriter writes it, an escaped surrogate pair, is valid JSON which
     * Jackson 2.21.0's parser of bytes refuses (a lone escaped half of a pair too): the value after such a record is
     * still found. Before, the refusal was taken for content that is no JSON, and a value the reader skips (with the
     * record after it) went unnoticed where the reader reads such names.
     */
    @Test
    void findsValuesWhereRecordsAreExpectedAfterFieldNamesBeyondTheBasicPlane() throws IOException {
        for (final String name : List.of("\\ud83d\\udce7", "\uD83D\uDCE7", "\\ud83d", "x\\udce7", "\\uD83D\\uDCE7 mail")) {
            assertTrue(skipped("[{\"Id\":\"1\",\"" + name + "\":\"a\"},\"x\",{\"Id\":\"2\"}]").orElseThrow()
                    .startsWith("value 2 of the content is a string where a record"), name);
            assertTrue(skipped("{\"" + name + "\":1}\n42\n").orElseThrow().startsWith("value 2 of the content is a number"), name);
            assertEquals(Optional.empty(), skipped("[{\"" + name + "\":\"a\"},{\"Id\":\"2\"}]"), name);
        }
        // after a byte order mark, which the parser of text is not given
        assertTrue(skipped("\uFEFF[{\"\\ud83d\\udce7\":1},null]").orElseThrow().startsWith("value 2 of the content is null"));
    }

    @Test
    void leavesContentThatIsNoUtf8OrNoJsonToTheReaderAlsoWhenItsNamesAreRefused() throws IOException {
        final byte[] invalidUtf8 = concat("[{\"\\ud83d\\udce7\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28},
                "\"},\"x\",{}]".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), skipped(invalidUtf8));
        assertEquals(Optional.empty(), skipped("[{\"\\ud83d\\udce7\":Smith},\"x\"]"));
    }

    private static byte[] concat(final byte[]... parts) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Optional<String> skipped(final String content) throws IOException {
        return skipped(content.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> skipped(final byte[] content) throws IOException {
        return JsonRecordElements.findSkippedValue(() -> new ByteArrayInputStream(content));
    }
}
