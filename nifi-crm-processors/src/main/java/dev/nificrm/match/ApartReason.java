package dev.nificrm.match;

/**
 * The rule that held a record apart from a cluster ({@link Clusterer}), as its explanation names it: the kind of
 * contradiction, never a value. One constant per rule, handed from the rule that decided to the explanation, so
 * holding a pair apart allocates nothing. The explanation names the record of the other cluster of the pair the rule
 * held apart ({@link MatchResult#heldApartFrom}) and, by level, the fields by which the rule decided on which that
 * pair does not agree exactly ({@link Matcher#decidedBy}): never a field of the rule's kind that did not decide.
 */
enum ApartReason {
    /** Given names that differ outright ({@link Matcher#tellApart}). */
    GIVEN_NAMES("two given names"),
    /** Given names alike in spelling yet two names ({@link GivenNames}), a birth date or national id differing outright. */
    ALIKE_GIVEN_NAMES_PERSONAL("given names alike in spelling yet two names, and their birth dates or national ids disagree"),
    /** Given names alike in spelling yet two names, each record with a mailbox of its own, neither the other's nor a typo of it. */
    ALIKE_GIVEN_NAMES_MAILBOXES("given names alike in spelling yet two names, and their mailboxes disagree"),
    /** Given names alike in spelling yet two names, mailboxes a typo apart each named for its record's given name. */
    ALIKE_GIVEN_NAMES_NAMED_MAILBOXES("given names alike in spelling yet two names, and mailboxes named for two given names"),
    /** Two families' names alike in spelling ({@link FamilyNames}), each record with a mailbox of its own. */
    FAMILY_NAMES_MAILBOXES("two families' names alike in spelling, and their mailboxes disagree"),
    /** Two families' names alike in spelling, mailboxes a typo apart each named for its record's given name. */
    FAMILY_NAMES_NAMED_MAILBOXES("two families' names alike in spelling, and mailboxes named for two given names"),
    /** A name of two generations ({@link Generations}) and no mailbox shared. */
    GENERATIONS("a name of two generations (Jr., Sr.), and no mailbox shared"),
    /** Family names that differ outright, each record with a mailbox of its own at one organisation's domain. */
    COLLEAGUES("family names that differ, each with a mailbox of its own at one organisation"),
    /** Two companies' names at one address ({@link CompanyNeighbours}). */
    COMPANIES("two companies' names, and no website or mailbox domain agrees"),
    /** A pair across the clusters whose evidence is at or below minus the chaining guard: its explanation names every field that weighs against it. */
    CONTRADICTION("a record of the other cluster contradicts it"),
    /** A key rule's link across two clusters of which a pair disagrees outright on an identifying field. */
    IDENTITY_CONFLICT("a record of the other cluster disagrees outright on an identifying field"),
    /** Two groups a person decided are different (a store's constraint). */
    KEPT_APART("a person decided the two are different"),
    /** A given name that is the same evidence for two names alike in spelling ({@code Manu}: {@code Manuel}, {@code Emanuel}). */
    ONE_NAME_FOR_TWO("one given name would join two names alike in spelling"),
    /** A record its given name ties as much to one of two records told apart as to the other ({@link Clusterer}). */
    TIED("a record linked to it is as like a record told apart from it"),
    /** Another name alike in spelling, told apart from the record of its own given name it is linked to. */
    OTHER_NAME("another given name alike in spelling, told apart from a record of its own name"),
    /**
     * A stored customer the batch shows to hold two people's records: one of its records is more like a record of the batch
     * told apart from the customer than like the customer's other records ({@link Clusterer}); the record it names is that one.
     */
    DIVIDED_CUSTOMER("the customer it links to holds another person's record, more like a record told apart from the customer than like"
            + " the customer's others");

    private final String text;

    ApartReason(final String text) {
        this.text = text;
    }

    /** How an explanation names the rule: the kind of contradiction, no value of a record. */
    String text() {
        return text;
    }
}
