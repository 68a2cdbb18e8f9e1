package dev.nificrm.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A value table read from a CSV file with a header line: the values of column {@code from} map to the values of
 * column {@code to}, e.g. {@code {"file": "salutation.csv", "from": "salesforce", "to": "hubspot"}}. A relative
 * file is resolved against the folder of the specification file (or the working directory for an inline one).
 */
public record CrosswalkSpecification(
        @JsonProperty("file") String file,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to) {
}
