package dev.nificrm.systemtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON array of records that a flow filed, however long its values (Jackson's own limit is 20 MB a string). */
final class LargeJsonFiles {
    private static final JsonFactory UNLIMITED = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build();

    private LargeJsonFiles() {
    }

    /** The values of a top-level field of the file's records, as text, sorted. */
    static List<String> valuesOf(final Path file, final String field) throws IOException {
        final List<String> values = new ArrayList<>();
        try (JsonParser parser = UNLIMITED.createParser(file.toFile())) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.getParsingContext().getParent().inArray() && field.equals(parser.currentName())) {
                    parser.nextToken();
                    values.add(parser.getValueAsString());
                }
            }
        }
        return values.stream().sorted().toList();
    }
}
