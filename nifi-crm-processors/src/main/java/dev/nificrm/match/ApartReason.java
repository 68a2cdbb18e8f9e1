package dev.nificrm.match;

import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.Role;

import java.util.function.Predicate;

/**
 * The rule that held a record apart from a cluster ({@link Clusterer}), as its explanation names it: the kind of
 * contradiction, never a value. One constant per rule, handed from the rule that decided to the explanation, so
 * holding a pair apart allocates nothing. The explanation names the record of the other cluster of the pair the rule
 * held apart ({@link MatchResult#heldApartFrom}) and, by role and level, the fields the rule reads on which that pair
 * does not agree exactly ({@link #reads}).
 */
enum ApartReason {
    /** Given names that differ outright ({@link Matcher#tellApart}). */
    GIVEN_NAMES("two given names", Role::isDistinguishing),
    /** Given names alike in spelling yet two names ({@link GivenNames}), a birth date or national id differing outright. */
    ALIKE_GIVEN_NAMES_PERSONAL("given names alike in spelling yet two names, and their birth dates or national ids disagree",
            role -> role.isDistinguishing() || role.isPersonal()),
    /** Given names alike in spelling yet two names, each record with a mailbox of its own, neither the other's nor a typo of it. */
    ALIKE_GIVEN_NAMES_MAILBOXES("given names alike in spelling yet two names, and their mailboxes disagree",
            role -> role.isDistinguishing() || role.isMailbox()),
    /** Given names alike in spelling yet two names, mailboxes a typo apart each named for its record's given name. */
    ALIKE_GIVEN_NAMES_NAMED_MAILBOXES("given names alike in spelling yet two names, and mailboxes named for two given names",
            role -> role.isDistinguishing() || role.isMailbox()),
    /** Two families' names alike in spelling ({@link FamilyNames}), each record with a mailbox of its own. */
    FAMILY_NAMES_MAILBOXES("two families' names alike in spelling, and their mailboxes disagree",
            role -> role.isFamilyName() || role.isMailbox()),
    /** Two families' names alike in spelling, mailboxes a typo apart each named for its record's given name. */
    FAMILY_NAMES_NAMED_MAILBOXES("two families' names alike in spelling, and mailboxes named for two given names",
            role -> role.isFamilyName() || role.isMailbox()),
    /** A name of two generations ({@link Generations}) and no mailbox shared. */
    GENERATIONS("a name of two generations (Jr., Sr.), and no mailbox shared",
            role -> role.getKeyKind() == KeyKind.PERSON_NAME || role.isMailbox()),
    /** Family names that differ outright, each record with a mailbox of its own at one organisation's domain. */
    COLLEAGUES("family names that differ, each with a mailbox of its own at one organisation",
            role -> role.isFamilyName() || role.isMailbox()),
    /** Two companies' names at one address ({@link CompanyNeighbours}). */
    COMPANIES("two companies' names, and no website or mailbox domain agrees",
            role -> role == Role.COMPANY || role == Role.COMPANY_ID || role == Role.WEBSITE || role.isMailbox()),
    /** A pair across the clusters whose evidence is at or below minus the chaining guard: its explanation names every field that weighs against it. */
    CONTRADICTION("a record of the other cluster contradicts it", role -> true),
    /** A key rule's link across two clusters of which a pair disagrees outright on an identifying field. */
    IDENTITY_CONFLICT("a record of the other cluster disagrees outright on an identifying field", Role::isIdentifying),
    /** Two groups a person decided are different (a store's constraint). */
    KEPT_APART("a person decided the two are different", role -> false),
    /** A given name that is the same evidence for two names alike in spelling ({@code Manu}: {@code Manuel}, {@code Emanuel}). */
    ONE_NAME_FOR_TWO("one given name would join two names alike in spelling", Role::isDistinguishing),
    /** A record its given name ties as much to one of two records told apart as to the other ({@link Clusterer}). */
    TIED("a record linked to it is as like a record told apart from it", Role::isDistinguishing),
    /** Another name alike in spelling, told apart from the record of its own given name it is linked to. */
    OTHER_NAME("another given name alike in spelling, told apart from a record of its own name", Role::isDistinguishing);

    private final String text;
    private final Predicate<Role> reads;

    ApartReason(final String text, final Predicate<Role> reads) {
        this.text = text;
        this.reads = reads;
    }

    /** How an explanation names the rule: the kind of contradiction, no value of a record. */
    String text() {
        return text;
    }

    /**
     * Whether the rule reads a field of the role: the fields an explanation names, by role and level, where the pair
     * that the rule held apart does not agree on them exactly (never their values).
     */
    boolean reads(final Role role) {
        return reads.test(role);
    }
}
