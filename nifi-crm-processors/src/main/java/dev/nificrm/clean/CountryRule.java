package dev.nificrm.clean;

import java.util.Optional;

/**
 * Normalises a country to its ISO 3166-1 alpha-2 code with {@link Countries}: {@code "United States"},
 * {@code "USA"}, {@code "U.S.A."} and {@code "usa"} all become {@code US}; an unknown country is a reason.
 */
public final class CountryRule implements ValueRule {

    @Override
    public CleanResult clean(final String value, final String region) {
        final Optional<String> code = Countries.resolve(value);
        if (code.isEmpty()) {
            return CleanResult.invalid("unknown country");
        }
        return CleanResult.of(value, code.get());
    }
}
