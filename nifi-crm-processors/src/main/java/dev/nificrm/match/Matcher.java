package dev.nificrm.match;

import dev.nificrm.roles.CompanyIdentifierField;
import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Finds the records of one person among a set of records: block → score → cluster.
 * <ol>
 * <li>the {@link CandidateIndex} hands out candidate pairs (multi-pass blocking);</li>
 * <li>each pair is scored with a Fellegi-Sunter {@link MatchModel} (role defaults, or estimated from the data);</li>
 * <li>pairs at or above the match threshold are clustered by the {@link Clusterer} with its chaining guard; a pair of
 * one personal mailbox and one given name ({@link #linkedByMailbox}) is accepted at the threshold whatever its score.</li>
 * </ol>
 * <pre>
 * List&lt;MatchField&gt; fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.EMAIL));
 * Matcher matcher = new Matcher(fields, MatchSettings.defaults(), "US");
 * CandidateIndex index = matcher.newIndex();
 * index.add(matcher.keys(new String[] {"Robert", "Smith", "bob@example.com"}));
 * ...
 * MatchResult result = matcher.match(index);
 * </pre>
 * A matcher is immutable and can match many inputs, also concurrently. It works on the calling thread and on as many
 * helper threads of the settings' executor as {@link MatchSettings#parallelism()} allows; the result does not depend
 * on their number. Its name comparators and blocking rules (also those it reads for a store, {@link #readRule}) share
 * one cache of Double Metaphone codes ({@link PhoneticCodes}): they ask for the same names, and the names it holds go
 * with the matcher.
 */
public final class Matcher {
    /** The weight of a pair linked by a key rule: above any score, so such pairs are clustered first. */
    static final float KEY_RULE_WEIGHT = 1000f;
    /** The fewest pairs for ties a thread weighs: fewer are weighed by the calling thread alone, not handed to a helper. */
    static final int MINIMUM_TIES_A_THREAD = 64;

    /** Mailboxes that agree, the same or a typo of it ({@link #ownMailboxesDisagree}). */
    private static final int AGREE = 0;
    /** Mailboxes of a person's own, neither the same nor a typo of it. */
    private static final int DIFFERENT = 1;
    /** Mailboxes a typo apart, each named for its own record's given name. */
    private static final int NAMED_FOR_TWO_GIVEN_NAMES = 2;

    private final List<MatchField> fields;
    private final MatchSettings settings;
    private final ComparisonKeys comparisonKeys;
    private final List<Comparison> defaultComparisons;
    private final List<BlockingRule> blockingRules;
    private final List<KeyRule> keyRules;
    private final PhoneticCodes phoneticCodes = new PhoneticCodes();
    /** Alike given names that are two names: see {@link #tellApart}. */
    private final GivenNames givenNames = new GivenNames(Nicknames.bundled());
    /** Alike family names that are two families' names: see {@link #tellApart}. */
    private final FamilyNames familyNames = new FamilyNames();
    /** The comparisons of identifying roles (names, company, birth date, national id, company id), which can veto a key rule. */
    private final int[] identifyingComparisons;
    /** The comparisons of roles that tell people apart (the given name): see {@link #tellApart}. */
    private final int[] distinguishingComparisons;
    /** The comparisons of a person's own values (birth date, national id), whose agreement lets a given name differ. */
    private final int[] personalComparisons;
    /** The comparisons of family names, which tell colleagues apart: see {@link #tellApart}. */
    private final int[] familyNameComparisons;
    /** The comparisons of mailboxes (the email): see {@link #tellApart}. */
    private final int[] mailboxComparisons;
    /** The slots of the person names (first, middle, last, full), whose generations ({@code Jr.}, {@code Sr.}) tell people apart. */
    private final int[] personNameSlots;
    /** Two companies at one address: see {@link #tellApart}. */
    private final CompanyNeighbours companyNeighbours;
    /** The slot of the first given name field, whose mailboxes may be named for it ({@link #ownMailboxesDisagree}), or -1. */
    private final int givenNameSlot;
    /** The slot of the first country field, whose value a company name is keyed in ({@link #key(int, List, String)}), or -1. */
    private final int countrySlot;

    public Matcher(final List<MatchField> fields, final MatchSettings settings, final String defaultPhoneRegion) {
        this(fields, settings, defaultPhoneRegion, List.of());
    }

    /**
     * A matcher with key rules: records equal on every field of a rule are matched whatever their score (the rule's
     * exact keys are also blocked on), unless they clearly disagree on an identifying field.
     */
    public Matcher(final List<MatchField> fields, final MatchSettings settings, final String defaultPhoneRegion, final List<KeyRule> keyRules) {
        this(fields, settings, defaultPhoneRegion, withKeyRuleBlocks(BlockingRules.forFields(fields), keyRules), keyRules);
    }

    /**
     * A matcher with its own blocking rules instead of the automatic ones for the roles. {@link #getBlockingRules()} gives
     * the same rules asking this matcher's Double Metaphone codes.
     */
    public Matcher(final List<MatchField> fields, final MatchSettings settings, final String defaultPhoneRegion,
                   final List<BlockingRule> blockingRules, final List<KeyRule> keyRules) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("At least one field is needed to match records");
        }
        this.fields = List.copyOf(fields);
        this.settings = settings;
        this.comparisonKeys = new ComparisonKeys(defaultPhoneRegion);
        this.defaultComparisons = DefaultWeights.comparisonsFor(this.fields, Nicknames.bundled(), phoneticCodes);
        this.blockingRules = blockingRules.stream().map(rule -> rule.withPhoneticCodes(phoneticCodes)).toList();
        this.keyRules = List.copyOf(keyRules);
        this.identifyingComparisons = comparisonsOf(defaultComparisons, Role::isIdentifying);
        this.distinguishingComparisons = comparisonsOf(defaultComparisons, Role::isDistinguishing);
        this.personalComparisons = comparisonsOf(defaultComparisons, Role::isPersonal);
        this.familyNameComparisons = comparisonsOf(defaultComparisons, Role::isFamilyName);
        this.mailboxComparisons = comparisonsOf(defaultComparisons, Role::isMailbox);
        this.personNameSlots = IntStream.range(0, this.fields.size())
                .filter(slot -> this.fields.get(slot).role() != null && this.fields.get(slot).role().getKeyKind() == KeyKind.PERSON_NAME)
                .toArray();
        this.countrySlot = IntStream.range(0, this.fields.size()).filter(slot -> this.fields.get(slot).role() == Role.COUNTRY).findFirst().orElse(-1);
        this.givenNameSlot = DefaultWeights.slotOf(this.fields, Role.FIRST_NAME);
        this.companyNeighbours = new CompanyNeighbours(this.fields, defaultComparisons);
    }

    /** The positions of the comparisons whose role is of the kind asked. */
    private static int[] comparisonsOf(final List<Comparison> comparisons, final Predicate<Role> kind) {
        return IntStream.range(0, comparisons.size())
                .filter(i -> comparisons.get(i).getRole() != null && kind.test(comparisons.get(i).getRole()))
                .toArray();
    }

    /** The automatic blocking rules plus, for each key rule not already among them, a pass on its exact keys. */
    private static List<BlockingRule> withKeyRuleBlocks(final List<BlockingRule> automatic, final List<KeyRule> keyRules) {
        final List<BlockingRule> rules = new ArrayList<>(automatic);
        for (final KeyRule keyRule : keyRules) {
            rules.add(BlockingRules.forKeyRule(keyRule));
        }
        return rules;
    }

    public List<KeyRule> getKeyRules() {
        return keyRules;
    }

    /**
     * The key rule that links two records, or -1: the first rule whose fields are equal in both, provided no identifying
     * field outside the rule disagrees outright (a different company name or person name, birth date, national id).
     */
    int keyRule(final String[] left, final String[] right) {
        for (int rule = 0; rule < keyRules.size(); rule++) {
            final KeyRule keyRule = keyRules.get(rule);
            if (keyRule.matches(left, right) && !contradicts(left, right, keyRule)) {
                return rule;
            }
        }
        return -1;
    }

    /**
     * Whether two records disagree outright on an identifying field (outside the rule's own fields, when given). Company
     * records agreeing on a company identifier do not disagree on their names: a renamed company keeps its VAT number.
     */
    boolean contradicts(final String[] left, final String[] right, final KeyRule keyRule) {
        for (final int index : identifyingComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            if (keyRule != null && keyRule.covers(comparison.getSlot())) {
                continue;
            }
            if (comparison.getRole() == Role.COMPANY && companyNeighbours.sameIdentifier(left, right)) {
                continue;
            }
            if (comparison.level(left, right) == comparison.getLevels().size() - 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two records are two people whatever their score: they disagree outright on a role that tells people apart
     * ({@link Role#isDistinguishing()}: given names that are neither close, nicknames, initials nor
     * swapped, nor like the other record's last name: swapped and mistyped), or given names alike in spelling that are
     * two names ({@link GivenNames}: {@code Alberto}/{@code Roberto}, {@code Daniel}/{@code Daniela}) where the records'
     * own values disagree too (another birth date or national id, another mailbox: {@link #ownValuesDisagree}); or family
     * names alike in spelling that are two families' ({@link FamilyNames}: {@code Ferrara}/{@code Ferrari},
     * {@code Nilsson}/{@code Nielsen}) where the mailboxes disagree too ({@link #ownMailboxesDisagree}); or a name both hold ends in a generation in
     * one and in another or none in the other ({@code Smith Jr.} and {@code Smith}, {@link Generations}) and they share
     * no mailbox ({@link Role#isMailbox()}: a son seldom shares his father's, as he does a landline); or they are
     * colleagues: their family names differ outright ({@link Role#isFamilyName()}: neither
     * alike, swapped, nor sharing a word, {@code Smith-Jones} and {@code Jones}) and each has a mailbox of its own at one
     * organisation's domain (not a free-mail provider's). In each case only if they agree on no value of a person's own
     * ({@link Role#isPersonal()}: a birth date or national id, exactly or nearly, birth dates within a
     * year). Such a pair is held apart (a record it leaves alone goes to review), so that spouses sharing a household's
     * email, landline and address, colleagues sharing a switchboard, an email domain and an office, or a father and his
     * son written with their generations are not merged. A family name that differs with no such mailboxes is no
     * evidence on its own: a married name, the address often changed too. Company records (no person name in the
     * record: {@link CompanyNeighbours#isCompany}) are two companies when their names differ outright and neither a website nor a mailbox domain agrees ({@link
     * CompanyNeighbours}): two companies at one address and switchboard; a tax id that agrees (a personal value) keeps
     * them one.
     */
    boolean tellApart(final String[] left, final String[] right) {
        return apartReason(left, right) != null;
    }

    /**
     * The rule by which two records are two people whatever their score ({@link #tellApart}), or null: the first that
     * holds, in the order given there.
     */
    ApartReason apartReason(final String[] left, final String[] right) {
        ApartReason reason = givenNamesApart(left, right, null);
        if (reason == null && differentGenerations(left, right, null) && !sameMailbox(left, right)) {
            reason = ApartReason.GENERATIONS;
        }
        if (reason == null && differentFamilyNames(left, right, null) && ownMailboxesAtOneOrganisation(left, right, null)) {
            reason = ApartReason.COLLEAGUES;
        }
        if (reason == null && alikeFamilyNamesOfTwoFamilies(left, right, null)) {
            final int mailboxes = ownMailboxesDisagree(left, right, null);
            reason = mailboxes == NAMED_FOR_TWO_GIVEN_NAMES ? ApartReason.FAMILY_NAMES_NAMED_MAILBOXES
                    : mailboxes == DIFFERENT ? ApartReason.FAMILY_NAMES_MAILBOXES : null;
        }
        if (reason == null && companyNeighbours.differ(left, right)) {
            reason = ApartReason.COMPANIES;
        }
        if (reason == null) {
            return null;
        }
        for (final int index : personalComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            final int level = comparison.level(left, right);
            if (level >= 0 && level < comparison.getLevels().size() - 1) {
                return null;
            }
        }
        return reason;
    }

    /**
     * The comparisons by which a rule held two records apart, indexed as the model's: for a rule of {@link #apartReason}
     * the fields it found two people by and no other of its kind ({@code first_name} but not {@code last_name} for a name
     * of two generations written in the last name; the company identifier alone where two identifiers differ, not the
     * names; the one mailbox comparison that disagreed), for an identity conflict the identifying fields that disagree
     * outright, for a given name tying or joining records told apart the given name. None for a contradiction (every field
     * weighing against it is named: {@link MatchModel#appendDisagreements}), a person's decision, or a divided customer.
     */
    boolean[] decidedBy(final String[] left, final String[] right, final ApartReason reason) {
        final boolean[] decided = new boolean[defaultComparisons.size()];
        switch (reason) {
            case GIVEN_NAMES, ALIKE_GIVEN_NAMES_PERSONAL, ALIKE_GIVEN_NAMES_MAILBOXES, ALIKE_GIVEN_NAMES_NAMED_MAILBOXES ->
                    givenNamesApart(left, right, decided);
            case GENERATIONS -> {
                differentGenerations(left, right, decided);
                // no mailbox shared: those both hold, not one
                for (final int index : mailboxComparisons) {
                    decided[index] |= defaultComparisons.get(index).level(left, right) > 0;
                }
            }
            case COLLEAGUES -> {
                differentFamilyNames(left, right, decided);
                ownMailboxesAtOneOrganisation(left, right, decided);
            }
            case FAMILY_NAMES_MAILBOXES, FAMILY_NAMES_NAMED_MAILBOXES -> {
                alikeFamilyNamesOfTwoFamilies(left, right, decided);
                ownMailboxesDisagree(left, right, decided);
            }
            case COMPANIES -> companyNeighbours.decidedBy(left, right, decided);
            case IDENTITY_CONFLICT -> {
                for (final int index : identifyingComparisons) {
                    final Comparison comparison = defaultComparisons.get(index);
                    decided[index] = comparison.level(left, right) == comparison.getLevels().size() - 1
                            && !(comparison.getRole() == Role.COMPANY && companyNeighbours.sameIdentifier(left, right));
                }
            }
            case ONE_NAME_FOR_TWO, TIED, OTHER_NAME -> {
                for (final int index : distinguishingComparisons) {
                    decided[index] = true;
                }
            }
            default -> {
                // CONTRADICTION, KEPT_APART, DIVIDED_CUSTOMER: no field of the rule's own
            }
        }
        return decided;
    }

    /** Marks a comparison as deciding, where {@code decided} is given, and returns the rule's answer. */
    private static <T> T decides(final boolean[] decided, final int index, final T answer) {
        if (decided != null) {
            decided[index] = true;
        }
        return answer;
    }

    /**
     * The given names rule by which two records are two people ({@link #tellApart}), or null; marks in {@code decided}
     * (where given) the comparisons that decided it.
     */
    private ApartReason givenNamesApart(final String[] left, final String[] right, final boolean[] decided) {
        for (final int index : distinguishingComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            final int level = comparison.level(left, right);
            final int differs = comparison.getLevels().size() - 1;
            if (level == differs && !comparison.resemblesPartner(left, right)) {
                return decides(decided, index, ApartReason.GIVEN_NAMES);
            }
            if (level > 0 && level < differs && alikeButTwoNames(left[comparison.getSlot()], right[comparison.getSlot()])
                    && !comparison.resemblesPartner(left, right)) {
                final ApartReason reason = ownValuesDisagree(left, right, decided);
                if (reason != null) {
                    return decides(decided, index, reason);
                }
            }
        }
        return null;
    }

    /** Whether two alike given names of one value each are two names ({@link GivenNames}). */
    private boolean alikeButTwoNames(final String left, final String right) {
        return left.indexOf(Comparison.VALUE_SEPARATOR) < 0 && right.indexOf(Comparison.VALUE_SEPARATOR) < 0 && givenNames.areTwoNames(left, right);
    }

    /**
     * Which of the records' own values disagree, as the rule for given names alike in spelling names it, or null: a birth
     * date or national id outright ({@link Role#isPersonal()}), or the mailboxes ({@link Role#isMailbox()}: neither the
     * same nor a typo of it, or named for two given names: {@link #ownMailboxesDisagree}), each record holding one of a
     * person's (not a role address). Relatives at one address share a landline and often a household's mailbox, seldom a
     * person's own.
     */
    private ApartReason ownValuesDisagree(final String[] left, final String[] right, final boolean[] decided) {
        for (final int index : personalComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            if (comparison.level(left, right) == comparison.getLevels().size() - 1) {
                return decides(decided, index, ApartReason.ALIKE_GIVEN_NAMES_PERSONAL);
            }
        }
        final int mailboxes = ownMailboxesDisagree(left, right, decided);
        return mailboxes == NAMED_FOR_TWO_GIVEN_NAMES ? ApartReason.ALIKE_GIVEN_NAMES_NAMED_MAILBOXES
                : mailboxes == DIFFERENT ? ApartReason.ALIKE_GIVEN_NAMES_MAILBOXES : null;
    }

    /**
     * How the records' mailboxes ({@link Role#isMailbox()}) disagree: {@link #DIFFERENT}, neither the same nor a typo of
     * it, each record holding one of a person's (not a role address); {@link #NAMED_FOR_TWO_GIVEN_NAMES}, mailboxes a typo
     * apart by spelling that differ only where each starts with its own record's given name, two given names, two
     * people's ({@code marinus.verhoeven@wp.pl}, {@code adrianus.verhoeven@wp.pl}: {@link EmailComparator#namedForTwoGivenNames});
     * otherwise {@link #AGREE}. A birth date is no such evidence for two family names alike in spelling: a source that
     * scrambles a last name beyond a typo mistypes a birth date as readily (Splink's {@code fake_1000}).
     */
    private int ownMailboxesDisagree(final String[] left, final String[] right, final boolean[] decided) {
        for (final int index : mailboxComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            final int slot = comparison.getSlot();
            final int level = comparison.level(left, right);
            // neither the same mailbox nor a typo of it (close): a mailbox named alike at another domain is another
            if (level > 1 && holdsPersonalMailbox(left[slot]) && holdsPersonalMailbox(right[slot])) {
                return decides(decided, index, DIFFERENT);
            }
            if (level == 1 && givenNameSlot >= 0 && EmailComparator.namedForTwoGivenNames(left[slot], right[slot], left[givenNameSlot],
                    right[givenNameSlot])) {
                return decides(decided, index, NAMED_FOR_TWO_GIVEN_NAMES);
            }
        }
        return AGREE;
    }

    /** Whether a mailbox key holds a mailbox that is no role address ({@link EmailComparator#isRoleMailbox}). */
    private static boolean holdsPersonalMailbox(final String key) {
        if (key == null) {
            return false;
        }
        for (final String mailbox : Comparison.values(key)) {
            if (!EmailComparator.isRoleMailbox(mailbox)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a person name both records hold ends in another generation in one ({@code smith jr}, {@code smith}). */
    private boolean differentGenerations(final String[] left, final String[] right, final boolean[] decided) {
        for (final int slot : personNameSlots) {
            if (left[slot] != null && right[slot] != null && Generations.differ(left[slot], right[slot])) {
                if (decided != null) {
                    for (int index = 0; index < defaultComparisons.size(); index++) {
                        decided[index] |= defaultComparisons.get(index).getSlot() == slot;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a family name both records hold differs outright: not alike, not swapped with the given name, no word
     * shared. A family name merely like the other record's given name ({@code Harris}, {@code Hans}) still differs: the
     * mailboxes that must differ too leave no swapped and mistyped record of one person to spare.
     */
    private boolean differentFamilyNames(final String[] left, final String[] right, final boolean[] decided) {
        for (final int index : familyNameComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            final int slot = comparison.getSlot();
            if (comparison.level(left, right) == comparison.getLevels().size() - 1 && !shareAWord(left[slot], right[slot])) {
                return decides(decided, index, true);
            }
        }
        return false;
    }

    /**
     * Whether a family name both records hold is alike in spelling yet two families' names ({@link FamilyNames}:
     * {@code Ferrara}/{@code Ferrari}, {@code Nilsson}/{@code Nielsen}), one value each, neither like the other record's
     * given name (swapped and mistyped).
     */
    private boolean alikeFamilyNamesOfTwoFamilies(final String[] left, final String[] right, final boolean[] decided) {
        for (final int index : familyNameComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            final int slot = comparison.getSlot();
            final int level = comparison.level(left, right);
            // close or similar (the graded levels 1 and 2), not swapped
            if ((level == 1 || level == 2) && left[slot].indexOf(Comparison.VALUE_SEPARATOR) < 0
                    && right[slot].indexOf(Comparison.VALUE_SEPARATOR) < 0 && familyNames.areTwoNames(left[slot], right[slot])
                    && !comparison.resemblesPartner(left, right)) {
                return decides(decided, index, true);
            }
        }
        return false;
    }

    /**
     * {@link #linkedByMailbox(String[], String[])} of a record and the keys made for its comparison with it, the same
     * steps on the stored keys: no string of a stored mailbox where it is one value against another (a stored value left
     * as bytes is unequal to the record's by construction), of the others only the mailbox, and of the given names and
     * the personal values only what their comparisons read ({@link Comparison#level(String[], CandidateKeys)}).
     */
    private boolean linkedByMailbox(final String[] left, final CandidateKeys right) {
        return linkedByMailbox(left, null, right);
    }

    /**
     * Whether two records are one person by a link of their own, whatever their scores: they agree exactly on a mailbox
     * that is a person's ({@link Role#isMailbox()}; not a role address, {@code info@} or {@code sales@},
     * {@link EmailComparator#isRoleMailbox}), on the given name (the same, a nickname or close: {@link Role#isDistinguishing()};
     * an initial is not enough, nor a given name only one of them holds), and on every value of a person's own both hold
     * ({@link Role#isPersonal()}: a birth date or national id that differs outright breaks the link). A woman who married
     * and moved keeps her mailbox and her given name while her last name, street, city, postcode and often country
     * change: the model counts each of these against her as evidence of its own (p 0.01 to 0.72), though one move
     * changed them together. A household sharing a mailbox has two given names; a son seldom shares his father's mailbox.
     */
    boolean linkedByMailbox(final String[] left, final String[] right) {
        return linkedByMailbox(left, right, null);
    }

    /** Whether two records are one person by a mailbox link: the right one's keys {@code right}, or {@code stored} where given. */
    private boolean linkedByMailbox(final String[] left, final String[] right, final CandidateKeys stored) {
        if (!(stored == null ? sharePersonalMailbox(left, right) : sharePersonalMailbox(left, stored))
                || !agreeOnGivenName(left, right, stored, false)) {
            return false;
        }
        for (final int index : personalComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            final int level = stored == null ? comparison.level(left, right) : comparison.level(left, stored);
            if (level == comparison.getLevels().size() - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether two records agree on the given name ({@link Role#isDistinguishing()}): the same, a nickname or short form
     * of it, or close ({@code Beto} and {@code Roberto}); levels 0-1 of every such role both hold, and at least one held.
     * An initial is not enough, nor a given name only one of them holds, nor two names close in spelling
     * ({@code Daniel} and {@code Daniela}, {@link GivenNames}).
     */
    boolean sameGivenName(final String[] left, final String[] right) {
        return agreeOnGivenName(left, right, null, false);
    }

    /**
     * {@link #sameGivenName(String[], String[])} of a record and the keys made for its comparison with it: of the stored
     * values left as bytes only those the given names' comparisons read are made strings.
     */
    private boolean sameGivenName(final String[] left, final CandidateKeys right) {
        return agreeOnGivenName(left, null, right, false);
    }

    /**
     * Whether two records' given names are alike: as {@link #sameGivenName}, two names close in spelling included
     * ({@code Emanuel} and {@code Manuel}). The clusterer asks both: a record linked to a record of its own given name
     * and to one of such another name told apart from it joins the first only.
     */
    boolean alikeGivenNames(final String[] left, final String[] right) {
        return agreeOnGivenName(left, right, null, true);
    }

    /** Whether two records agree on the given name: the right one's keys {@code right}, or {@code stored} where given. */
    private boolean agreeOnGivenName(final String[] left, final String[] right, final CandidateKeys stored, final boolean twoNamesAlike) {
        boolean agrees = false;
        for (final int index : distinguishingComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            final int level = stored == null ? comparison.level(left, right) : comparison.level(left, stored);
            if (level > 1 || level == 1 && !twoNamesAlike && alikeButTwoNames(left[comparison.getSlot()],
                    stored == null ? right[comparison.getSlot()] : stored.value(comparison.getSlot()))) {
                return false;
            }
            agrees |= level >= 0;
        }
        return agrees;
    }

    /** Whether the records hold one mailbox exactly that is no role address ({@link EmailComparator#isRoleMailbox}). */
    private boolean sharePersonalMailbox(final String[] left, final String[] right) {
        for (final int index : mailboxComparisons) {
            final int slot = defaultComparisons.get(index).getSlot();
            if (sharePersonalMailbox(left[slot], right[slot])) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #sharePersonalMailbox(String[], String[])} of a record and the keys made for its comparison with it: a stored
     * mailbox that differs alone ({@link CandidateKeys#differsAlone}) is not made a string, any other is, alone.
     */
    private boolean sharePersonalMailbox(final String[] left, final CandidateKeys right) {
        for (final int index : mailboxComparisons) {
            final int slot = defaultComparisons.get(index).getSlot();
            final String leftKey = left[slot];
            if (leftKey != null && !right.differsAlone(slot, leftKey) && sharePersonalMailbox(leftKey, right.value(slot))) {
                return true;
            }
        }
        return false;
    }

    /** Whether two values of a mailbox field (null for none) hold one mailbox exactly that is no role address. */
    private static boolean sharePersonalMailbox(final String leftKey, final String rightKey) {
        if (leftKey == null || rightKey == null) {
            return false;
        }
        if (leftKey.indexOf(Comparison.VALUE_SEPARATOR) < 0 && rightKey.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            return leftKey.equals(rightKey) && !EmailComparator.isRoleMailbox(leftKey);
        }
        for (final String leftMailbox : Comparison.values(leftKey)) {
            if (EmailComparator.isRoleMailbox(leftMailbox)) {
                continue;
            }
            for (final String rightMailbox : Comparison.values(rightKey)) {
                if (leftMailbox.equals(rightMailbox)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the records agree exactly on a mailbox. */
    private boolean sameMailbox(final String[] left, final String[] right) {
        for (final int index : mailboxComparisons) {
            if (defaultComparisons.get(index).level(left, right) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the records hold mailboxes that differ outright at one organisation's domain (not a free-mail provider's,
     * {@link ComparisonKeys#isSharedHost}): two colleagues' own ({@code mary.smith@acme.com}, {@code mjones@acme.com}).
     */
    private boolean ownMailboxesAtOneOrganisation(final String[] left, final String[] right, final boolean[] decided) {
        for (final int index : mailboxComparisons) {
            final Comparison comparison = defaultComparisons.get(index);
            final int slot = comparison.getSlot();
            if (comparison.level(left, right) == comparison.getLevels().size() - 1 && shareAnOrganisationDomain(left[slot], right[slot])) {
                return decides(decided, index, true);
            }
        }
        return false;
    }

    /** Whether a mailbox of one key and a mailbox of the other are at one domain that no free-mail provider's is. */
    static boolean shareAnOrganisationDomain(final String left, final String right) {
        for (final String leftMailbox : Comparison.values(left)) {
            final String domain = EmailComparator.domain(leftMailbox);
            if (domain == null || ComparisonKeys.isSharedHost(domain)) {
                continue;
            }
            for (final String rightMailbox : Comparison.values(right)) {
                if (domain.equals(EmailComparator.domain(rightMailbox))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether two keys share a word (words end at a space or a value separator): {@code smith jones} and {@code jones},
     * {@code garcia lopez} and {@code garcia fernandez}. Walks the keys without splitting them.
     */
    static boolean shareAWord(final String left, final String right) {
        int start = 0;
        while (start < left.length()) {
            int end = start;
            while (end < left.length() && !isWordEnd(left.charAt(end))) {
                end++;
            }
            if (end > start && holdsWord(right, left, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether {@code key} holds the word {@code source[start, end)} as a whole word. */
    private static boolean holdsWord(final String key, final String source, final int start, final int end) {
        final int length = end - start;
        for (int at = 0; at + length <= key.length(); at++) {
            if ((at == 0 || isWordEnd(key.charAt(at - 1))) && (at + length == key.length() || isWordEnd(key.charAt(at + length)))
                    && key.regionMatches(at, source, start, length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordEnd(final char c) {
        return c == ' ' || c == Comparison.VALUE_SEPARATOR;
    }

    public List<MatchField> getFields() {
        return fields;
    }

    public List<BlockingRule> getBlockingRules() {
        return blockingRules;
    }

    /**
     * Reads a blocking rule's name against this matcher's fields ({@link RuleReading#of(String, List)}), the rule asking
     * this matcher's Double Metaphone codes: an entity store keys this matcher's records under another matcher's rules.
     */
    public RuleReading readRule(final String name) {
        return RuleReading.of(name, fields, phoneticCodes);
    }

    PhoneticCodes phoneticCodes() {
        return phoneticCodes;
    }

    /** A new, empty in-memory index with this matcher's blocking rules, building its blocks on the settings' threads. */
    public InMemoryCandidateIndex newIndex() {
        return newIndex(InMemoryCandidateIndex.MINIMUM_PAIR_BUDGET);
    }

    /**
     * A new, empty in-memory index whose passes hand out at least {@code minimumPairBudget} pairs each (beyond that,
     * one per record): the entity store's resolver gives a FlowFile's own pairs the budget it gives stored candidates.
     */
    public InMemoryCandidateIndex newIndex(final long minimumPairBudget) {
        return new InMemoryCandidateIndex(blockingRules, settings.maximumBlockSize(), minimumPairBudget, settings.parallelism(), settings.executor());
    }

    /**
     * Runs independent tasks on the calling thread and the settings' helper threads ({@link MatchSettings#parallelism()}
     * in all), as matching does: a caller's other work (an entity store's look-ups) uses the same threads.
     *
     * @return the results, in the order of the tasks
     */
    public <T> List<T> inParallel(final List<? extends Supplier<T>> tasks) {
        return new ParallelTasks<T>(tasks).run(settings.parallelism(), settings.executor());
    }

    /** How many threads {@link #inParallel} and matching work with. */
    public int parallelism() {
        return settings.parallelism();
    }

    /**
     * The comparison keys of one record from its raw values, one per field in the order of {@link #getFields()}, as
     * {@link #keys(String[], String[])} reads them without the names of their fields.
     */
    public String[] keys(final String[] rawValues) {
        return keys(rawValues, null);
    }

    /**
     * The comparison keys of one record from its raw values, one per field in the order of {@link #getFields()}, each read
     * from a record's field of a name ({@link RecordValues}: the name of a company identifier's field says what nine
     * digits are). The same keys as {@link #keys(RecordValues)} gives for the values added one per slot.
     *
     * @param fieldNames per field the name of the record's field its value was read from; null (or a null entry) when unknown
     */
    public String[] keys(final String[] rawValues, final String[] fieldNames) {
        final String[] keys = new String[fields.size()];
        final String country = countrySlot < 0 ? null : rawValues[countrySlot];
        for (int slot = 0; slot < keys.length; slot++) {
            final KeyKind kind = kind(slot);
            final String fieldName = fieldNames == null ? null : fieldNames[slot];
            keys[slot] = comparisonKeys.normalise(kind, rawValues[slot], country,
                    kind == KeyKind.COMPANY_ID && fieldName != null ? CompanyIdentifierField.named(fieldName) : CompanyIdentifierField.UNNAMED);
        }
        return keys;
    }

    /** An empty record's values for {@link #keys(RecordValues)}, to reuse from record to record on one thread. */
    public RecordValues newRecordValues() {
        return new RecordValues(fields);
    }

    /**
     * The comparison keys of one record, one per field in the order of {@link #getFields()}: several values of one field
     * (a phone and a mobile) are joined, a company name and a company identifier are read in the record's country (the
     * first value of {@link #countrySlot()}) and a company identifier by the name of its field too.
     */
    public String[] keys(final RecordValues record) {
        final String[] keys = new String[fields.size()];
        final String country = countrySlot < 0 ? null : record.first(countrySlot);
        for (int slot = 0; slot < keys.length; slot++) {
            keys[slot] = key(slot, record.values(slot), country, record.identifierFields(slot));
        }
        return keys;
    }

    /**
     * The slot of the country field (the first, when there are several), whose raw value {@link #key(int, List, String)}
     * reads for a company name, or -1 when the fields hold no country.
     */
    public int countrySlot() {
        return countrySlot;
    }

    /** The comparison key of several raw values of one field (null entries ignored), or null when all are missing. */
    public String key(final int slot, final List<String> rawValues) {
        return key(slot, rawValues, null);
    }

    /**
     * The comparison key of several raw values of one field (null entries ignored) of a record of a country, or null
     * when all are missing: a company name is keyed in the record's country ({@link ComparisonKeys#normalise(KeyKind,
     * String, String)}).
     *
     * @param country the record's country as written, the first value of {@link #countrySlot()}; null when it has none
     */
    public String key(final int slot, final List<String> rawValues, final String country) {
        return key(slot, rawValues, country, null);
    }

    /**
     * The comparison key of several raw values of one field (null entries ignored) of a record of a country, each read
     * from a field whose name may say what company identifiers it holds, or null when all are missing.
     *
     * @param identifierFields per raw value what its field's name says of a company identifier; null when no name says anything
     */
    private String key(final int slot, final List<String> rawValues, final String country, final List<CompanyIdentifierField> identifierFields) {
        final KeyKind kind = kind(slot);
        String joined = null;
        for (int index = 0; index < rawValues.size(); index++) {
            final String key = comparisonKeys.normalise(kind, rawValues.get(index), country,
                    identifierFields == null ? CompanyIdentifierField.UNNAMED : identifierFields.get(index));
            if (key != null) {
                joined = joined == null ? key : joined + Comparison.VALUE_SEPARATOR + key;
            }
        }
        return joined;
    }

    /** The key kind of a slot: its role's, or folded text for a field without a role. */
    private KeyKind kind(final int slot) {
        final Role role = fields.get(slot).role();
        return role == null ? KeyKind.FOLDED : role.getKeyKind();
    }

    /** Scores, clusters and explains the records of the index, all of which are input. */
    public MatchResult match(final CandidateIndex index) {
        return match(index, MatchContext.forInput(index.size()));
    }

    /**
     * Scores, clusters and explains the records of the index in a context: records beyond the input count (members of
     * a persistent store) are matched against but not routed, records of one group are clustered together, groups
     * kept apart are never joined, and the prior and term frequencies may come from more records than the index holds.
     */
    public MatchResult match(final CandidateIndex index, final MatchContext context) {
        return cluster(score(index, context), index, context);
    }

    /**
     * Scores the candidate pairs of the records of the index in a context, as {@link #match(CandidateIndex, MatchContext)}
     * does before clustering them: what {@link #cluster} clusters, again as often as records without candidate pairs
     * join the index, without scoring a pair twice.
     */
    public Scores score(final CandidateIndex index, final MatchContext context) {
        final int count = index.size();
        if (context.inputCount() > count) {
            throw new IllegalArgumentException("The input count " + context.inputCount() + " exceeds the " + count + " records of the index");
        }
        final List<TermFrequencies> frequencies = context.termFrequencies() == null ? termFrequencies(index) : context.termFrequencies();
        final long population = context.population() > 0 ? context.population() : count;
        MatchModel model = new MatchModel(defaultComparisons,
                MatchModel.priorWeight(settings.expectedDuplicatesPerRecord(), population), frequencies);
        if (settings.estimateWeights()) {
            model = new WeightEstimator().estimate(model, index);
        }
        final MatchModel scoring = model;
        final double matchWeight = MatchModel.weight(settings.matchThreshold());
        final double reviewWeight = MatchModel.weight(settings.reviewThreshold());
        final float linkWeight = linkWeight(matchWeight);

        final int partitions = settings.parallelism();
        final List<Supplier<PartitionScores>> tasks = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            final int current = partition;
            tasks.add(() -> scorePartition(index, scoring, current, partitions, reviewWeight, linkWeight, context));
        }
        final List<PartitionScores> scores = new ParallelTasks<>(tasks).run(partitions, settings.executor());

        final int[] bestPartner = new int[count];
        final float[] bestWeight = new float[count];
        Arrays.fill(bestPartner, -1);
        Arrays.fill(bestWeight, Float.NEGATIVE_INFINITY);
        final ScoredPairs accepted = new ScoredPairs();
        long candidatePairs = 0;
        for (final PartitionScores partition : scores) {
            candidatePairs += partition.pairs;
            for (int record = 0; record < context.inputCount(); record++) {
                final int partner = partition.bestPartner[record];
                if (partner >= 0 && isBetter(partition.bestWeight[record], partner, bestWeight[record], bestPartner[record])) {
                    bestWeight[record] = partition.bestWeight[record];
                    bestPartner[record] = partner;
                }
            }
            for (int i = 0; i < partition.reviewable.size(); i++) {
                if (partition.reviewable.weight(i) >= matchWeight
                        && !context.keepsGroups(partition.reviewable.left(i), partition.reviewable.right(i))) {
                    accepted.add(partition.reviewable.left(i), partition.reviewable.right(i), partition.reviewable.weight(i));
                }
            }
        }
        final int joining = accepted.size();
        scoreTies(index, context, scoring, accepted, matchWeight, linkWeight);
        return new Scores(scoring, accepted, joining, bestPartner, bestWeight, candidatePairs, context.inputCount());
    }

    /**
     * Scores, for the clusterer's ties alone ({@link Clusterer}: a record as like one of two records told apart as the
     * other joins neither), pairs of stored records that no match scores: a stored record that an input record's
     * accepted pair links, with each stored record of another customer among that input record's candidates
     * ({@link CandidateIndex#forEachReferencePair}). A stored record tied between two stored customers, with no copy of
     * it in the batch, is then held as it is with all of them in one FlowFile, where a later record of one of the two
     * linked to it would otherwise take its customer into that one's. No record is read beyond the batch's candidates,
     * and only the pairs a tie counts are scored (records that share the given name, not told apart); those at or above
     * the match weight are added to {@code accepted} after the pairs that may join clusters. A stored record in one
     * candidate pair has its values made strings only once its given name is found the other's and the model weighs the
     * pair at the match weight (the rules that tell people apart read strings): most such pairs are two people of two
     * given names, found so from the given names alone, and most of the others stay below the match weight. The pairs are weighed on the matching threads, in
     * runs of the sorted pairs (at least {@value #MINIMUM_TIES_A_THREAD} a thread), and accepted in the order one thread
     * accepts them.
     */
    private void scoreTies(final CandidateIndex index, final MatchContext context, final MatchModel model, final ScoredPairs accepted,
                           final double matchWeight, final float linkWeight) {
        final int[] groupOf = context.groupOf();
        final int inputCount = context.inputCount();
        if (groupOf == null || matchWeight <= 0) {
            return;
        }
        // the accepted pairs of an input record with a stored record, as (input << 32) | stored, sorted by input record
        long[] links = new long[16];
        int linkCount = 0;
        final BitSet linking = new BitSet(inputCount);
        for (int pair = 0; pair < accepted.size(); pair++) {
            final int input = Math.min(accepted.left(pair), accepted.right(pair));
            final int stored = Math.max(accepted.left(pair), accepted.right(pair));
            if (input < inputCount && stored >= inputCount && groupOf[stored] >= 0) {
                if (linkCount == links.length) {
                    links = Arrays.copyOf(links, linkCount * 2);
                }
                links[linkCount++] = (long) input << 32 | stored;
                linking.set(input);
            }
        }
        if (linkCount == 0) {
            return;
        }
        final long[] linked = Arrays.copyOf(links, linkCount);
        Arrays.sort(linked);
        final long[][] wanted = {new long[16]};
        final int[] wantedCount = {0};
        index.forEachReferencePair(linking, (input, other) -> {
            final int from = -Arrays.binarySearch(linked, (long) input << 32) - 1;
            for (int at = from; at < linked.length && (int) (linked[at] >>> 32) == input; at++) {
                final int stored = (int) linked[at];
                if (stored != other && groupOf[other] >= 0 && groupOf[other] != groupOf[stored] && !context.decidedApart(stored, other)) {
                    if (wantedCount[0] == wanted[0].length) {
                        wanted[0] = Arrays.copyOf(wanted[0], wantedCount[0] * 2);
                    }
                    wanted[0][wantedCount[0]++] = (long) Math.min(stored, other) << 32 | Math.max(stored, other);
                }
            }
        });
        // in record order, each pair once: the clusterer takes a record's pairs in the order they were added
        final long[] pairs = Arrays.copyOf(wanted[0], wantedCount[0]);
        Arrays.sort(pairs);
        // each pair is weighed on its own: runs of the sorted pairs are weighed side by side (the scoring threads are
        // otherwise idle here) and their accepted pairs added run after run, in the order one thread adds them
        final int parts = (int) Math.min(settings.parallelism(), Math.max(1, pairs.length / MINIMUM_TIES_A_THREAD));
        final List<Supplier<ScoredPairs>> tasks = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            final int from = (int) ((long) pairs.length * part / parts);
            final int to = (int) ((long) pairs.length * (part + 1) / parts);
            tasks.add(() -> scoreTies(index, model, pairs, from, to, matchWeight, linkWeight));
        }
        final List<ScoredPairs> scored = parts == 1 ? List.of(tasks.get(0).get()) : new ParallelTasks<>(tasks).run(parts, settings.executor());
        for (final ScoredPairs part : scored) {
            accepted.addAll(part);
        }
    }

    /**
     * The pairs {@code from} (inclusive) to {@code to} of the sorted pairs for ties ({@link #scoreTies(CandidateIndex,
     * MatchContext, MatchModel, ScoredPairs, double, float)}, a repeated pair weighed once) that reach the match weight, in
     * their order.
     */
    private ScoredPairs scoreTies(final CandidateIndex index, final MatchModel model, final long[] pairs, final int from, final int to,
                                  final double matchWeight, final float linkWeight) {
        final ScoredPairs accepted = new ScoredPairs();
        final MatchModel.Scorer scorer = model.scorer();
        // a stored record's keys are made anew on each request: its pairs come one after another
        int left = -1;
        String[] leftKeys = null;
        final CandidateKeys room = new CandidateKeys(fields.size());
        for (int i = from; i < to; i++) {
            if (i > 0 && pairs[i] == pairs[i - 1]) {
                continue;
            }
            if ((int) (pairs[i] >>> 32) != left) {
                left = (int) (pairs[i] >>> 32);
                leftKeys = index.keys(left);
            }
            final int right = (int) pairs[i];
            final CandidateKeys rightStored = index.keys(right, leftKeys, room);
            // most such pairs are two people of two given names: the given names alone are made strings to tell
            if (!sameGivenName(leftKeys, rightStored) || linkedByKey(leftKeys, rightStored)) {
                continue;
            }
            // most of the others stay below the match weight: the rules that tell people apart read strings, asked last
            final float weight = modelWeight(scorer, leftKeys, rightStored, matchWeight, linkWeight);
            if (weight >= matchWeight && !tellApart(leftKeys, rightStored.strings())) {
                accepted.add(left, right, weight);
            }
        }
        return accepted;
    }

    /** Whether a key rule links two records, or their company identifier does as one would ({@link #companyIdentifierLinks}). */
    private boolean linkedByKey(final String[] left, final CandidateKeys right) {
        if (!keyRules.isEmpty()) {
            for (int rule = 0; rule < keyRules.size(); rule++) {
                final KeyRule keyRule = keyRules.get(rule);
                // a rule's field whose stored value differs (still bytes) fails the rule without a string of it
                if (keyRule.matches(left, right) && !contradicts(left, right.strings(), keyRule)) {
                    return true;
                }
            }
        }
        return companyNeighbours.comparesIdentifiers() && companyIdentifierLinks(left, right.strings());
    }

    /**
     * The weight of a pair no key rule links: the model's score where it reaches {@code cutoff} (else a weight below it),
     * raised to the link weight where one personal mailbox and one given name link the two ({@link #linkedByMailbox}).
     */
    private float modelWeight(final MatchModel.Scorer scorer, final String[] left, final CandidateKeys right, final double cutoff,
                              final float linkWeight) {
        final float scored = (float) scorer.score(left, right, cutoff);
        // a pair the model leaves below the match weight (also one the scorer left) is accepted by the link
        return scored < linkWeight && linkedByMailbox(left, right) ? linkWeight : scored;
    }

    /**
     * Clusters and explains scored records in the context they were scored in. Records the index gained since (numbered
     * after those scored, in groups of the context) have no candidate pair: they join clusters through their groups
     * alone, and the chaining guard weighs them as any member: a persistent store's records read after matching, for
     * the guard to weigh, are clustered without scoring the batch's pairs again.
     */
    public MatchResult cluster(final Scores scores, final CandidateIndex index, final MatchContext context) {
        final int count = index.size();
        if (count < scores.bestPartner.length || context.inputCount() != scores.inputCount) {
            throw new IllegalArgumentException("The index lost records since they were scored, or the context has other input");
        }
        final int[] bestPartner = withRecords(scores.bestPartner, count);
        final float[] bestWeight = Arrays.copyOf(scores.bestWeight, count);
        Arrays.fill(bestWeight, scores.bestWeight.length, count, Float.NEGATIVE_INFINITY);
        final MatchModel scoring = scores.model;
        final boolean[] heldApart = new boolean[count];
        final Clusterer clusterer = new Clusterer(
                (left, right) -> scoring.score(index.keys(left), index.keys(right)) - scoring.getPriorWeight(),
                settings.chainingGuard(), (left, right) -> contradicts(index.keys(left), index.keys(right), null),
                (left, right) -> tellApart(index.keys(left), index.keys(right)),
                (left, right) -> alikeGivenNames(index.keys(left), index.keys(right)),
                (left, right) -> sameGivenName(index.keys(left), index.keys(right)), MatchModel.weight(settings.matchThreshold()),
                (left, right) -> apartReason(index.keys(left), index.keys(right)));
        final int[] tiedWith = new int[count];
        Arrays.fill(tiedWith, -1);
        final ApartReason[] apartReasons = new ApartReason[count];
        final IntPages crossing = crossing(context.groupOf(), context.settled());
        // two slots a record and two a group: in pages, not one array of half a region or more (a store's batch of 10,000
        // against a million people holds some 100,000 records and groups)
        final IntPages apartBy = new IntPages(2 * count, -1);
        final int[] candidate = new int[count];
        Arrays.fill(candidate, -1);
        final int[] copyOf = new int[count];
        Arrays.fill(copyOf, -1);
        final int[] clusterOf = clusterer.cluster(count, scores.accepted, scores.joining, heldApart, apartReasons, tiedWith, apartBy, candidate,
                copyOf, context.groupOf(), context.keepApart(), crossing);
        return new MatchResult(index, scoring, clusterOf, bestPartner, bestWeight, heldApart, apartReasons, tiedWith, apartBy, candidate, copyOf,
                crossing, MatchModel.weight(settings.matchThreshold()), MatchModel.weight(settings.reviewThreshold()), scores.candidatePairs,
                context.inputCount(), this::keyRuleName, this::linkedByMailbox, this::decidedBy,
                (left, right) -> scoring.score(left, right) - scoring.getPriorWeight() <= -settings.chainingGuard()
                        || tellApart(left, right) || !keyRules.isEmpty() && contradicts(left, right, null));
    }

    /**
     * Per group of the records two slots for the records of the pair that crossed into it ({@link Clusterer}), followed
     * (-1) for the groups holding a settled record (a store's customers), not (-2) for the others; null without groups
     * or settled records (no store).
     */
    private static IntPages crossing(final int[] groupOf, final BitSet settled) {
        if (groupOf == null || settled == null) {
            return null;
        }
        int groups = 0;
        for (final int group : groupOf) {
            groups = Math.max(groups, group + 1);
        }
        final IntPages crossing = new IntPages(2 * groups, -2);
        for (int record = settled.nextSetBit(0); record >= 0 && record < groupOf.length; record = settled.nextSetBit(record + 1)) {
            if (groupOf[record] >= 0) {
                crossing.set(2 * groupOf[record], -1);
                crossing.set(2 * groupOf[record] + 1, -1);
            }
        }
        return crossing;
    }

    /**
     * The weight a pair linked by {@link #linkedByMailbox} is given when the model scores it lower: the match weight (the
     * smallest float at or above it), so that it is accepted, as the weakest of the accepted pairs, and its probability
     * is the match threshold's.
     */
    static float linkWeight(final double matchWeight) {
        final float weight = (float) matchWeight;
        return weight < matchWeight ? Math.nextUp(weight) : weight;
    }

    /** Best partners for {@code count} records: those scored, then none for the records added since. */
    private static int[] withRecords(final int[] bestPartner, final int count) {
        if (bestPartner.length == count) {
            return bestPartner;
        }
        final int[] grown = Arrays.copyOf(bestPartner, count);
        Arrays.fill(grown, bestPartner.length, count, -1);
        return grown;
    }

    /**
     * The candidate pairs of one match, scored and not yet clustered: the model they were scored with, the pairs at or
     * above the match threshold (those from {@code joining} on stored records' pairs for ties alone: {@link #scoreTies}),
     * and each input record's best pair.
     */
    public static final class Scores {
        private final MatchModel model;
        private final ScoredPairs accepted;
        private final int joining;
        private final int[] bestPartner;
        private final float[] bestWeight;
        private final long candidatePairs;
        private final int inputCount;

        private Scores(final MatchModel model, final ScoredPairs accepted, final int joining, final int[] bestPartner, final float[] bestWeight,
                       final long candidatePairs, final int inputCount) {
            this.model = model;
            this.accepted = accepted;
            this.joining = joining;
            this.bestPartner = bestPartner;
            this.bestWeight = bestWeight;
            this.candidatePairs = candidatePairs;
            this.inputCount = inputCount;
        }
    }

    /** The name of the key rule that links two records' keys, or null. */
    private String keyRuleName(final String[] left, final String[] right) {
        final int rule = keyRules.isEmpty() ? -1 : keyRule(left, right);
        if (rule >= 0) {
            return keyRules.get(rule).name();
        }
        return companyIdentifierLinks(left, right) ? Role.COMPANY_ID.getKey() : null;
    }

    /**
     * Whether two company records are linked as a key rule on their company identifier would link them: they agree on it
     * exactly ({@link CompanyNeighbours#sameIdentifier}) and on no other identifying field do they disagree outright
     * (their names may: a renamed company keeps its registration number).
     */
    private boolean companyIdentifierLinks(final String[] left, final String[] right) {
        return companyNeighbours.sameIdentifier(left, right) && !contradicts(left, right, null);
    }

    private static boolean isBetter(final float weight, final int partner, final float bestWeight, final int bestPartner) {
        return weight > bestWeight || (weight == bestWeight && (bestPartner < 0 || partner < bestPartner));
    }

    /**
     * Scores a partition's candidate pairs. A pair's weight matters only when it reaches the review weight or beats the
     * best pair found so far of a record it pairs that is routed (records past the input count are matched against, and
     * their best pairs are not asked for): below all of these the scorer may leave the pair's remaining comparisons. A
     * pair of groups a person decided are different is not scored: it is neither anyone's best pair nor to be reviewed.
     */
    private PartitionScores scorePartition(final CandidateIndex index, final MatchModel model, final int partition,
                                           final int partitions, final double reviewWeight, final float linkWeight,
                                           final MatchContext context) {
        final int inputCount = context.inputCount();
        final PartitionScores scores = new PartitionScores(inputCount);
        final MatchModel.Scorer scorer = model.scorer();
        final boolean withDecisions = context.groupOf() != null && context.keepApart() != MatchContext.KeepApart.NONE;
        // the keys of a store's candidate made for its one pair, reused from pair to pair of this partition
        final CandidateKeys room = new CandidateKeys(fields.size());
        index.forEachCandidatePair(partition, partitions, (left, right) -> {
            if (withDecisions && context.decidedApart(left, right)) {
                return;
            }
            final String[] leftKeys = index.keys(left);
            final CandidateKeys rightKeys = index.keys(right, leftKeys, room);
            scores.pairs++;
            final float weight;
            if (linkedByKey(leftKeys, rightKeys)) {
                weight = KEY_RULE_WEIGHT;
            } else {
                double cutoff = reviewWeight;
                if (left < inputCount) {
                    cutoff = Math.min(cutoff, scores.bestWeight[left]);
                }
                if (right < inputCount) {
                    cutoff = Math.min(cutoff, scores.bestWeight[right]);
                }
                weight = modelWeight(scorer, leftKeys, rightKeys, cutoff, linkWeight);
                if (weight < reviewWeight && (left >= inputCount || weight < scores.bestWeight[left])
                        && (right >= inputCount || weight < scores.bestWeight[right])) {
                    // it changes no best pair and is not to be reviewed (a pair the scorer left is always such a pair)
                    return;
                }
            }
            if (left < inputCount) {
                scores.offer(left, right, weight);
            }
            if (right < inputCount) {
                scores.offer(right, left, weight);
            }
            if (weight >= reviewWeight) {
                scores.reviewable.add(left, right, weight);
            }
        });
        return scores;
    }

    /**
     * Per comparison (in the order of the matcher's fields) whether exact agreement on it is weighed by the frequency
     * of the value; a caller that keeps frequencies elsewhere (a persistent store) counts the values of these fields.
     */
    public boolean[] termFrequencyAdjusted() {
        final boolean[] adjusted = new boolean[defaultComparisons.size()];
        for (int i = 0; i < adjusted.length; i++) {
            adjusted[i] = defaultComparisons.get(i).isTermFrequencyAdjusted();
        }
        return adjusted;
    }

    /** Empty term frequencies for every adjusted comparison (null for the others), to be filled by the caller. */
    public List<TermFrequencies> newTermFrequencies() {
        final List<TermFrequencies> frequencies = new ArrayList<>(defaultComparisons.size());
        for (final Comparison comparison : defaultComparisons) {
            frequencies.add(comparison.isTermFrequencyAdjusted() ? new TermFrequencies() : null);
        }
        return frequencies;
    }

    private List<TermFrequencies> termFrequencies(final CandidateIndex index) {
        final List<TermFrequencies> frequencies = newTermFrequencies();
        for (int record = 0; record < index.size(); record++) {
            final String[] keys = index.keys(record);
            for (int i = 0; i < frequencies.size(); i++) {
                final TermFrequencies frequency = frequencies.get(i);
                if (frequency != null) {
                    frequency.add(keys[defaultComparisons.get(i).getSlot()]);
                }
            }
        }
        return frequencies;
    }

    private static final class PartitionScores {
        private final int[] bestPartner;
        private final float[] bestWeight;
        private final ScoredPairs reviewable = new ScoredPairs();
        private long pairs;

        private PartitionScores(final int count) {
            bestPartner = new int[count];
            bestWeight = new float[count];
            Arrays.fill(bestPartner, -1);
            Arrays.fill(bestWeight, Float.NEGATIVE_INFINITY);
        }

        private void offer(final int record, final int partner, final float weight) {
            if (isBetter(weight, partner, bestWeight[record], bestPartner[record])) {
                bestWeight[record] = weight;
                bestPartner[record] = partner;
            }
        }
    }
}
