package dev.nificrm.clean;

/**
 * What a {@link ValueRule} made of one value: the cleaned value (possibly {@code null}) and whether it differs from the
 * input, or the reason the value is not acceptable.
 * <p>
 * A reason is short, value-free and operator-readable ({@code "missing @"}, {@code "not a valid number for region US"});
 * the caller prefixes it with the field name. Reasons never contain the value itself, so they can be logged.
 */
public final class CleanResult {
    private static final CleanResult NULL = new CleanResult(null, false, null, false);

    private final String value;
    private final boolean changed;
    private final String reason;
    private final boolean placeholder;

    private CleanResult(final String value, final boolean changed, final String reason, final boolean placeholder) {
        this.value = value;
        this.changed = changed;
        this.reason = reason;
        this.placeholder = placeholder;
    }

    /** The input was already clean; {@code value} is the input instance. */
    public static CleanResult unchanged(final String value) {
        return value == null ? NULL : new CleanResult(value, false, null, false);
    }

    /** The input was rewritten to {@code value} (which may be {@code null}, e.g. for a placeholder). */
    public static CleanResult changed(final String value) {
        return new CleanResult(value, true, null, false);
    }

    /** The result for {@code cleaned} made from {@code original}: changed unless it is the same instance or equal. */
    public static CleanResult of(final String original, final String cleaned) {
        if (cleaned == original || (cleaned != null && cleaned.equals(original))) {
            return unchanged(original);
        }
        return changed(cleaned);
    }

    /** The input is not acceptable for the rule, for the given reason. */
    public static CleanResult invalid(final String reason) {
        return new CleanResult(null, false, reason, false);
    }

    /**
     * The input is the dummy a form or an import fills a required field with ({@code 00000} for a ZIP code), not
     * acceptable for that reason: the same dummy whatever zeros a reader dropped from it, so a caller never reads it as
     * a value that lost its zeros.
     */
    public static CleanResult placeholder(final String reason) {
        return new CleanResult(null, false, reason, true);
    }

    /** The cleaned value; meaningless when {@link #isValid()} is false. */
    public String getValue() {
        return value;
    }

    /** Whether the cleaned value differs from the input. */
    public boolean isChanged() {
        return changed;
    }

    public boolean isValid() {
        return reason == null;
    }

    /** Whether the value was rejected as a {@link #placeholder placeholder}. */
    public boolean isPlaceholder() {
        return placeholder;
    }

    /** Why the value is not acceptable, or {@code null} when it is. */
    public String getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason == null ? "CleanResult[" + (changed ? "changed" : "unchanged") + "]" : "CleanResult[invalid: " + reason + "]";
    }
}
