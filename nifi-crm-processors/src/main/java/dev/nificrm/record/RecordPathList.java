package dev.nificrm.record;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.record.path.exception.RecordPathException;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of a bundle-wide dynamic property: one or more RecordPaths separated by commas
 * ({@code /Phone, /MobilePhone}). Commas inside quotes, brackets or function arguments
 * ({@code substringBefore(/Name, ',')}) do not separate.
 */
public final class RecordPathList {

    /** Validates that a property value is a comma-separated list of RecordPaths that compile. */
    public static final Validator VALIDATOR = new Validator() {
        @Override
        public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
            final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
            final List<String> paths = split(input);
            if (paths.isEmpty()) {
                return result.valid(false).explanation("a comma-separated list of one or more RecordPaths is required, e.g. /Phone, /MobilePhone").build();
            }
            for (final String path : paths) {
                try {
                    RecordPath.compile(path);
                } catch (final RecordPathException e) {
                    return result.valid(false).explanation("'" + path + "' is not a valid RecordPath: " + e.getMessage()).build();
                }
            }
            return result.valid(true).build();
        }
    };

    private RecordPathList() {
    }

    /**
     * The descriptor of a dynamic property following the bundle-wide convention: named after a role or rule, optional,
     * without Expression Language (the paths are compiled once when the processor is scheduled).
     *
     * @param validator {@link #VALIDATOR}, or a validator that rejects a name the processor does not know
     */
    public static PropertyDescriptor dynamicPropertyDescriptor(final String name, final String description, final Validator validator) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description)
                .dynamic(true)
                .required(false)
                .expressionLanguageSupported(ExpressionLanguageScope.NONE)
                .addValidator(validator)
                .build();
    }

    /** The RecordPaths of a comma-separated list, trimmed, empty entries dropped. */
    public static List<String> split(final String value) {
        final List<String> paths = new ArrayList<>();
        if (value == null) {
            return paths;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfQuote(value, i);
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                add(paths, value.substring(start, i));
                start = i + 1;
            }
        }
        add(paths, value.substring(start));
        return paths;
    }

    /**
     * Where the quoted text of a RecordPath that opens at {@code open} (a {@code '} or {@code "}) closes: the index of its
     * closing quote, a backslash escaping the character after it; the text's length when it never closes.
     */
    static int endOfQuote(final String path, final int open) {
        final char quote = path.charAt(open);
        for (int i = open + 1; i < path.length(); i++) {
            final char c = path.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return path.length();
    }

    /**
     * Compiles every RecordPath of the list, each reading also through a field a JSON reader inferred as a choice (see
     * {@link ChoiceAwareRecordPath}); the list must have passed {@link #VALIDATOR}.
     */
    public static List<ChoiceAwareRecordPath> compile(final String value) {
        final List<ChoiceAwareRecordPath> compiled = new ArrayList<>();
        for (final String path : split(value)) {
            compiled.add(ChoiceAwareRecordPath.compileForReading(path));
        }
        return compiled;
    }

    private static void add(final List<String> paths, final String path) {
        final String trimmed = path.trim();
        if (!trimmed.isEmpty()) {
            paths.add(trimmed);
        }
    }
}
