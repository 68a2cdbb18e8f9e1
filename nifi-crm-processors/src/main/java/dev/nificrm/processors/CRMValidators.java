package dev.nificrm.processors;

import dev.nificrm.clean.PhoneRule;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

import java.util.Locale;

/** Property validators shared by the processors of the bundle, so the same setting is checked the same way everywhere. */
final class CRMValidators {

    /** A two-letter ISO 3166-1 region libphonenumber supports (case-insensitive), as the Default Phone Region properties need. */
    static final Validator PHONE_REGION = (subject, input, context) -> {
        final boolean valid = input != null && input.trim().length() == 2 && PhoneRule.isSupportedRegion(input.trim().toUpperCase(Locale.ROOT));
        return new ValidationResult.Builder()
                .subject(subject)
                .input(input)
                .valid(valid)
                .explanation(valid ? null : "must be a two-letter ISO 3166-1 region that libphonenumber supports, such as US, GB, DE or AU")
                .build();
    };

    private CRMValidators() {
    }
}
