package dev.nificrm.processors;

import dev.nificrm.clean.PhoneRule;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

import java.util.Locale;
import java.util.function.Function;

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

    /**
     * A setting valid when the parser reads it, e.g. {@code readBy(TimestampText::of)}; the parser's
     * IllegalArgumentException message is the explanation, so it should say what to give instead.
     */
    static Validator readBy(final Function<String, ?> parser) {
        return (subject, input, context) -> {
            String explanation = null;
            try {
                parser.apply(input);
            } catch (final IllegalArgumentException e) {
                explanation = e.getMessage();
            }
            return new ValidationResult.Builder().subject(subject).input(input).valid(explanation == null).explanation(explanation).build();
        };
    }

    private CRMValidators() {
    }
}
