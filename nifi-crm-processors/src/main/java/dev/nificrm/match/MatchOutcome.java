package dev.nificrm.match;

/** Where a record stands after matching. */
public enum MatchOutcome {
    /** In a cluster of two or more records. */
    MATCHED,
    /** Alone, but its best pair is in the review band, or was accepted and then held apart by the chaining guard. */
    REVIEW,
    /** Alone, with no pair worth a look. */
    UNMATCHED
}
