package dev.nificrm.roles;

/**
 * How two comparison keys of a role are compared, as the kind of comparator. Each {@link Role} declares its kind with
 * the default m and u probabilities of the kind's agreement levels ({@link ComparisonDefaults}); the match package
 * maps a kind to its comparator, which names the levels.
 */
public enum ComparatorKind {
    /** Jaro-Winkler on folded text, also with the words sorted: exact, close, similar, differs. */
    TEXT,
    /** Place names: as {@link #TEXT}, with umlauts written with dots, as ae/oe/ue or without either one letter. */
    PLACE,
    /** Person names: Jaro-Winkler, nicknames, initials, Double Metaphone: exact, close, similar, differs. */
    PERSON_NAME,
    /** Email addresses: exact, close (a typo), similar (same mailbox name elsewhere), differs. */
    EMAIL,
    /** Phones in E.164: exact, suffix (the last seven digits), differs. */
    PHONE,
    /** Equal keys only: exact, differs. */
    EXACT,
    /** Company identifiers: equal keys, exact; of one kind (VAT ids of one country, D-U-N-S numbers) and unequal, differs; else no evidence. */
    COMPANY_ID,
    /** Codes by Levenshtein distance: exact, 1edit, differs. */
    WITHIN_ONE_EDIT,
    /** Codes by Levenshtein distance: exact, 1edit, 2edit, differs. */
    WITHIN_TWO_EDITS,
    /** Dates: exact, typo, swapped day and month, close in time, differs. */
    DATE,
    /**
     * Organisation names word by word, distinctive words weighing more than common ones: exact, close, contained,
     * similar, differs.
     */
    ORGANISATION_NAME,
    /** Street address lines as house number, street and unit: exact, close, similar, differs. */
    ADDRESS
}
