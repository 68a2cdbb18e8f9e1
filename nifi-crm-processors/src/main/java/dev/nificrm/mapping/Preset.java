package dev.nificrm.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * A CRM layout's built-in mapping to and from the canonical model, as written in its JSON resource.
 *
 * @param name        the display name
 * @param entity      {@code contact} or {@code account}
 * @param description what the preset reads and writes (ids, date formats)
 * @param read        CRM fields → canonical fields (the targets are canonical names)
 * @param write       canonical fields → CRM fields ({@code from} paths name canonical fields)
 */
public record Preset(
        @JsonProperty("name") String name,
        @JsonProperty("entity") String entity,
        @JsonProperty("description") String description,
        @JsonProperty("read") MappingSpecification read,
        @JsonProperty("write") MappingSpecification write) {

    private static final Map<CrmSchema, Preset> PRESETS = loadAll();

    /** The preset of a schema (loaded once, when this class is first used). */
    public static Preset of(final CrmSchema schema) {
        return PRESETS.get(schema);
    }

    private static Map<CrmSchema, Preset> loadAll() {
        final Map<CrmSchema, Preset> presets = new EnumMap<>(CrmSchema.class);
        for (final CrmSchema schema : CrmSchema.values()) {
            final String resource = "presets/" + schema.getResourceName() + ".json";
            try (InputStream in = Preset.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("The preset resource " + resource + " is missing from the bundle");
                }
                presets.put(schema, SpecificationReader.read(in, Preset.class));
            } catch (final IOException e) {
                throw new UncheckedIOException("The preset resource " + resource + " cannot be read", e);
            }
        }
        return Map.copyOf(presets);
    }
}
