package dev.nificrm.record;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeMessagesTest {

    @Test
    void redactsWhatIsQuotedBracketedOrBraced() {
        assertEquals("Unrecognized token '…': was expecting (JSON String)", SafeMessages.redact("Unrecognized token 'Smith': was expecting (JSON String)"));
        assertEquals("Failed to write MapRecord[…]", SafeMessages.redact("Failed to write MapRecord[{FirstName=Ann, Email=a@example.com}]"));
        assertEquals("Cannot convert value […] of type class java.lang.String to Integer for field Age",
                SafeMessages.redact("Cannot convert value [forty] of type class java.lang.String to Integer for field Age"));
        assertEquals("For input string: \"…\"", SafeMessages.redact("For input string: \"555-0100\""));
        assertEquals("nested {…} and […]", SafeMessages.redact("nested {a={b=[c, {d=secret}]}} and [[x], [y]]"));
    }

    @Test
    void aValueCutOffBeforeItsClosingQuoteHidesTheRestOfTheLine() {
        assertEquals("Unexpected end of input in '…", SafeMessages.redact("Unexpected end of input in 'Quenneville and more"));
    }

    @Test
    void describesJsonErrorsByPositionWithoutTheToken() {
        final JsonParseException failure = assertThrows(JsonParseException.class, () -> new ObjectMapper().readTree("[{\"LastName\":Smith}]"));
        final String reason = SafeMessages.describe(new IOException("wrapped", failure));
        assertTrue(reason.startsWith("wrapped: the content is not valid JSON (line 1, column "), reason);
        assertFalse(reason.contains("Smith"), reason);
    }

    /**
     * Jackson 2.21.0's parser of bytes (NiFi 2.8.0's readers) refuses a key beyond U+FFFF escaped as NiFi's JSON writer
     * writes it, and half a pair alone, escaped or encoded in UTF-8, saying "Invalid UTF-8": the reason says what it refused
     * and what to do (was: "the content is not valid JSON: Invalid UTF-8", of valid JSON in valid UTF-8).
     */
    @Test
    void aRefusedSurrogateIsNamedForWhatItIs() {
        final byte[] encodedHalf = {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0xBD, '"', ':', '1', '}'};
        for (final byte[] content : List.of("{\"\\uD83D\\uDCE7\":\"a@example.com\"}".getBytes(StandardCharsets.UTF_8),
                "{\"x\\udce7\":1}".getBytes(StandardCharsets.UTF_8), encodedHalf)) {
            final JsonParseException failure = assertThrows(JsonParseException.class, () -> new ObjectMapper().readTree(content));
            final String reason = SafeMessages.describe(new IOException("wrapped", failure));
            assertTrue(reason.startsWith("wrapped: the JSON reader refused a surrogate code point (line 1, column "), reason);
            assertTrue(reason.contains("escaped as a surrogate pair (\\ud83d\\ude00), which is valid JSON"), reason);
            assertFalse(reason.contains("not valid JSON"), reason);
        }
    }

    @Test
    void aStackOverflowAndANumberFormatGetFixedReasons() {
        assertTrue(SafeMessages.describe(new StackOverflowError()).startsWith("the content is nested too deeply"));
        assertEquals("a number could not be read",
                SafeMessages.describe(new NumberFormatException("Character I is neither a decimal digit number")));
    }

    @Test
    void keepsTheProcessorsOwnReasonsWhole() {
        final String own = "No matching role is configured and none of the field names [Id, Surname] is recognised as a role";
        assertEquals(own, SafeMessages.describe(new RecordProcessingException(own)));
    }
}
