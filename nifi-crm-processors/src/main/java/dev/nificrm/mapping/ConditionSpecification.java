package dev.nificrm.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A simple condition on another source field, e.g. {@code {"field": "/Type", "equals": "Business"}}. Exactly one
 * test is given: {@code equals}, {@code notEquals}, {@code in} or {@code exists}. Values compare as text, case kept; with
 * {@code "ignoreCase": true} regardless of case, as a value map with {@code ignoreCase} looks a value up (a test of
 * {@code equals}, {@code notEquals} or {@code in} only: {@code exists} compares no value). A value written with HTML entities
 * ({@code "Oil &amp; Energy"}) is the characters they stand for, as a value map's key is and as the field's text is read.
 */
public record ConditionSpecification(
        @JsonProperty("field") String field,
        @JsonProperty("equals") String equalTo,
        @JsonProperty("notEquals") String notEqualTo,
        @JsonProperty("in") List<String> in,
        @JsonProperty("exists") Boolean exists,
        @JsonProperty("ignoreCase") Boolean ignoreCase) {
}
