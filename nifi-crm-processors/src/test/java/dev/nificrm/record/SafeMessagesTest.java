package dev.nificrm.record;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

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
