package dev.nificrm.store;

import java.util.Locale;
import java.util.Optional;

/**
 * A person's decision on a record from the review queue, read from the record itself (by default the field
 * {@code crm_review_decision}) together with the entity it was compared with ({@code crm_match_candidate}).
 */
public enum ReviewDecision {
    /** The record is the same customer as the candidate entity: link them. */
    SAME,
    /** The record is a different customer: never match it with the candidate entity again. */
    DIFFERENT;

    /**
     * The decision a field's text stands for: {@code same} / {@code different} (case and surrounding spaces ignored; also
     * {@code yes} / {@code no}). Empty text is no decision; any other text is not understood (empty Optional and
     * {@link #isUnderstood} false).
     */
    public static Optional<ReviewDecision> parse(final String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "same", "yes", "match" -> Optional.of(SAME);
            case "different", "no", "no match", "not same" -> Optional.of(DIFFERENT);
            default -> Optional.empty();
        };
    }

    /** Whether the text is empty or a decision {@link #parse} understands. */
    public static boolean isUnderstood(final String text) {
        return text == null || text.isBlank() || parse(text).isPresent();
    }
}
