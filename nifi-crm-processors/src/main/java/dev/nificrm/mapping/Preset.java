package dev.nificrm.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A CRM layout's built-in mapping to and from the canonical model, as written in its JSON resource.
 *
 * @param name        the display name
 * @param entity      what the records describe
 * @param description what the preset reads and writes (ids, date formats)
 * @param read        CRM fields → canonical fields (the targets are {@link CanonicalField} keys of the entity)
 * @param write       canonical fields → CRM fields ({@code from} paths name canonical fields)
 */
public record Preset(
        @JsonProperty("name") String name,
        @JsonProperty("entity") CrmSchema.Entity entity,
        @JsonProperty("description") String description,
        @JsonProperty("read") MappingSpecification read,
        @JsonProperty("write") MappingSpecification write) {

    private static final Map<CrmSchema, Preset> PRESETS = loadAll();

    /** The canonical fields the preset reads, in its order. */
    public List<CanonicalField> canonicalFields() {
        final List<CanonicalField> fields = new ArrayList<>(read.fields().size());
        for (final String name : read.fields().keySet()) {
            fields.add(CanonicalField.fromKey(name).orElseThrow());
        }
        return fields;
    }

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
                final Preset preset = SpecificationReader.read(in, Preset.class);
                checkCanonicalModel(schema, preset);
                presets.put(schema, preset);
            } catch (final IOException e) {
                throw new UncheckedIOException("The preset resource " + resource + " cannot be read", e);
            }
        }
        return Map.copyOf(presets);
    }

    /** Every canonical name the preset reads into or writes from is a field of the canonical model for its entity. */
    private static void checkCanonicalModel(final CrmSchema schema, final Preset preset) {
        if (preset.entity() != schema.getEntity()) {
            throw new IllegalStateException("The preset " + schema.getResourceName() + " describes " + preset.entity().getKey()
                    + " records, not " + schema.getEntity().getKey());
        }
        final List<String> names = new ArrayList<>(preset.read().fields().keySet());
        for (final FieldSpecification field : preset.write().fields().values()) {
            if (field != null) {
                final List<String> paths = new ArrayList<>();
                paths.add(field.from());
                paths.add(field.split());
                paths.addAll(field.coalesce() == null ? List.of() : field.coalesce());
                paths.addAll(field.concat() == null ? List.of() : field.concat());
                paths.stream().filter(path -> path != null).forEach(path -> names.add(path.substring(1)));
            }
        }
        for (final String name : names) {
            final boolean known = CanonicalField.fromKey(name).filter(field -> field.belongsTo(schema.getEntity())).isPresent();
            if (!known) {
                throw new IllegalStateException("The preset " + schema.getResourceName() + " names '" + name
                        + "', which is not a canonical " + schema.getEntity().getKey() + " field");
            }
        }
    }
}
