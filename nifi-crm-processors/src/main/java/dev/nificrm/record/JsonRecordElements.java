package dev.nificrm.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds the JSON values NiFi's JSON readers would drop without a word. JsonTreeReader and JsonPathReader read each
 * object of the content as a record, descending into arrays; a value where a record is expected ({@code "x"},
 * {@code 42}, {@code null} in {@code [{...}, "x", {...}]}, or a scalar line of NDJSON) is skipped together with
 * the object that follows it, so fewer records come out than the content holds and nobody is told. The record base
 * runs this check over content that starts like JSON and routes such a FlowFile to failure with the position found.
 * <p>
 * It counts, it does not read records: the values themselves are skipped unparsed and never kept.
 * <p>
 * The content is read as bytes, as the readers read it. Content Jackson's parser of bytes refuses is read again as UTF-8
 * text: Jackson 2.21.0 and 2.21.1 refuse a field name holding a character beyond U+FFFF written as an escaped surrogate
 * pair ({@code "\\ud83d\\ude00"}, as NiFi's JsonRecordSetWriter writes an emoji), which is valid JSON, and a lone escaped
 * half of a pair; their parser of text reads both. A skipped value is then still found, whether NiFi's reader reads such
 * names (a NiFi with another Jackson) or not (the processor then routes the FlowFile with the reader's refusal).
 */
final class JsonRecordElements {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** Bytes looked at to tell JSON content from any other (after a byte order mark and whitespace). */
    private static final int SNIFF_LIMIT = 4096;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private JsonRecordElements() {
    }

    /**
     * Where the content holds a value NiFi's JSON readers would skip, e.g. {@code "element 2 of the records is a
     * string"}; empty when it holds none, when it does not start like JSON, or when it is not well-formed JSON (the
     * reader itself reports that).
     */
    static Optional<String> findSkippedValue(final Content content) throws IOException {
        try (InputStream opened = content.open()) {
            final InputStream in = opened.markSupported() ? opened : new BufferedInputStream(opened);
            if (!startsLikeJson(in)) {
                return Optional.empty();
            }
            try (JsonParser parser = FACTORY.createParser(in)) {
                return findSkippedValue(parser);
            } catch (final JsonProcessingException refusedAsBytes) {
                // read again as text below
            }
        }
        try (InputStream opened = content.open();
             Reader text = new InputStreamReader(opened, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             JsonParser parser = FACTORY.createParser(withoutByteOrderMark(text))) {
            return findSkippedValue(parser);
        } catch (final JsonProcessingException | CharacterCodingException e) {
            // not JSON, or not UTF-8: the reader reports it
            return Optional.empty();
        }
    }

    /** The content of a FlowFile, opened once for every pass that reads it. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    private static Optional<String> findSkippedValue(final JsonParser parser) throws IOException {
        long position = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            switch (token) {
                case START_ARRAY, END_ARRAY -> {
                    // arrays only hold records, at any depth, as the readers see them
                }
                case START_OBJECT -> {
                    position++;
                    parser.skipChildren();
                }
                default -> {
                    position++;
                    return Optional.of("value " + position + " of the content is " + kind(token) + " where a record (a JSON object) is "
                            + "expected; the JSON readers of NiFi would skip it and the object after it without notice, so the FlowFile "
                            + "is not processed. Remove the value or make it an object");
                }
            }
        }
        return Optional.empty();
    }

    /** The text after a byte order mark, which Jackson's parser of bytes skips and its parser of text does not. */
    private static Reader withoutByteOrderMark(final Reader text) throws IOException {
        final PushbackReader in = new PushbackReader(text, 1);
        final int first = in.read();
        if (first >= 0 && first != BYTE_ORDER_MARK) {
            in.unread(first);
        }
        return in;
    }

    private static boolean startsLikeJson(final InputStream in) throws IOException {
        in.mark(SNIFF_LIMIT);
        try {
            for (int read = 0; read < SNIFF_LIMIT; read++) {
                final int b = in.read();
                if (b < 0) {
                    return false;
                }
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF) {
                    continue;
                }
                return b == '[' || b == '{';
            }
            return false;
        } finally {
            in.reset();
        }
    }

    private static String kind(final JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "not an object";
        };
    }
}
