package dev.nificrm.store;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A record's identity in the system it came from: the system's name (e.g. {@code salesforce}) and the record's id
 * there (e.g. {@code 0035g00000XyZ1AAK}). The entity store's cross-reference maps it to a golden id.
 *
 * @param system   the source system, as the operator names it
 * @param sourceId the record's id in that system
 */
public record SourceKey(String system, String sourceId) implements Comparable<SourceKey> {

    public SourceKey {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(sourceId, "sourceId");
    }

    /**
     * The ids a source id value read from a record may be stored under, the likeliest first: its text trimmed, and for a
     * whole number that a reader gave as a floating-point or decimal number (JsonTreeReader infers a Double field when one
     * id of the field has a fraction; Excel cells are numbers) its digits: 3000778191.0, read as 3.000778191E9, is the
     * record 3000778191. Empty when the value is missing or blank.
     */
    public static List<String> idsOf(final Object value) {
        if (value == null || value.toString().isBlank()) {
            return List.of();
        }
        final Set<String> ids = new LinkedHashSet<>();
        ids.add(value.toString().trim());
        final BigDecimal number = switch (value) {
            case Double real when Double.isFinite(real) -> new BigDecimal(real);
            case Float real when Float.isFinite(real) -> new BigDecimal(real);
            case BigDecimal decimal -> decimal;
            default -> null;
        };
        if (number != null && number.stripTrailingZeros().scale() <= 0) {
            ids.add(number.toBigInteger().toString());
        }
        return List.copyOf(ids);
    }

    @Override
    public int compareTo(final SourceKey other) {
        final int bySystem = system.compareTo(other.system);
        return bySystem != 0 ? bySystem : sourceId.compareTo(other.sourceId);
    }

    @Override
    public String toString() {
        return system + ":" + sourceId;
    }
}
