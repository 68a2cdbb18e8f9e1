package dev.nificrm.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a mapping specification from JSON strictly: an unknown key, a duplicate key or a syntax error is reported
 * with its line and column, so the operator can find it in the property or file.
 */
public final class SpecificationReader {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SpecificationReader() {
    }

    /** Reads a specification from JSON text; blank text is the empty specification. */
    public static MappingSpecification read(final String json) throws MappingConfigurationException {
        if (json == null || json.isBlank()) {
            return MappingSpecification.empty();
        }
        try {
            final MappingSpecification specification = MAPPER.readValue(json, MappingSpecification.class);
            return specification == null ? MappingSpecification.empty() : specification;
        } catch (final JsonProcessingException e) {
            throw new MappingConfigurationException(describe(e));
        }
    }

    /** Reads any JSON model with the same strict settings. */
    static <T> T read(final InputStream in, final Class<T> type) throws IOException {
        return MAPPER.readValue(in, type);
    }

    private static String describe(final JsonProcessingException e) {
        final JsonLocation location = e.getLocation();
        final String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        if (e instanceof UnrecognizedPropertyException unknown) {
            final String hint = "unmappedFields".equals(unknown.getPropertyName())
                    ? "; unmapped source fields are governed by the processor's Unmapped Fields property" : "";
            return "Unknown key '" + unknown.getPropertyName() + "'" + where + " (in " + pathOf(unknown) + "); the keys allowed there are "
                    + names(unknown.getKnownPropertyIds()) + hint;
        }
        return "The mapping specification is not valid JSON" + where + ": " + e.getOriginalMessage();
    }

    private static String pathOf(final UnrecognizedPropertyException e) {
        // the last reference is the unknown key itself
        final String path = e.getPath().stream().limit(Math.max(0, e.getPath().size() - 1))
                .map(reference -> reference.getFieldName() == null ? "[" + reference.getIndex() + "]" : reference.getFieldName())
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "the top level" : path;
    }

    private static String names(final Collection<Object> known) {
        if (known == null) {
            return "(none)";
        }
        final TreeSet<String> sorted = new TreeSet<>();
        known.forEach(name -> sorted.add(String.valueOf(name)));
        return String.join(", ", sorted);
    }
}
