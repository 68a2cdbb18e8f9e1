package dev.nificrm.clean;

import java.util.Optional;

/**
 * Normalises a state or province to its postal abbreviation when the record's country is one whose subdivisions
 * {@link Subdivisions} knows (US, CA, AU): {@code "new york"} → {@code NY}, {@code "Ontario"} → {@code ON}. A value
 * that is neither a name nor a code of that country is a reason. For other countries the value is left as the text
 * rule made it.
 */
public final class StateRule implements ValueRule {

    @Override
    public CleanResult clean(final String value, final String region) {
        if (!Subdivisions.isKnown(region)) {
            return CleanResult.unchanged(value);
        }
        final Optional<String> code = Subdivisions.resolve(region, value);
        if (code.isEmpty()) {
            return CleanResult.invalid("not a state or province of " + region);
        }
        return CleanResult.of(value, code.get());
    }
}
