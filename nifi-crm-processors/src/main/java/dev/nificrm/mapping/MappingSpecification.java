package dev.nificrm.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping specification as the operator writes it (JSON, read by {@link SpecificationReader}); compiled into a
 * {@link MappingPlan} by {@link MappingCompiler}.
 * <pre>{@code
 * {"fields": {"zip": {"from": "/MailingPostalCode"},
 *             "salutation": {"from": "/Salutation", "crosswalk": "salutation", "unmapped": "keep"}},
 *  "crosswalks": {"salutation": {"file": "salutation.csv", "from": "salesforce", "to": "hubspot"}}}
 * }</pre>
 *
 * @param fields     target field name (or {@code /nested/path}) → how its value is made; a {@code null} value removes
 *                   a preset's target field
 * @param canonical  canonical field name → how it is read from the source, extending or overriding the source
 *                   preset's reading (only with a Target Schema preset)
 * @param crosswalks named value tables read from CSV files, referenced by {@code "crosswalk"} in a field
 * @param ignore     source fields that are known but never written (they do not count as unmapped)
 */
public record MappingSpecification(
        @JsonProperty("fields") Map<String, FieldSpecification> fields,
        @JsonProperty("canonical") Map<String, FieldSpecification> canonical,
        @JsonProperty("crosswalks") Map<String, CrosswalkSpecification> crosswalks,
        @JsonProperty("ignore") List<String> ignore) {

    public MappingSpecification {
        fields = ordered(fields);
        canonical = ordered(canonical);
        crosswalks = ordered(crosswalks);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }

    /** An empty specification: the presets alone. */
    public static MappingSpecification empty() {
        return new MappingSpecification(null, null, null, null);
    }

    // Map.copyOf would refuse the null values that remove a preset's field and would lose the order.
    private static <V> Map<String, V> ordered(final Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
