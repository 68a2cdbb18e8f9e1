package dev.nificrm.match;

import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.Role;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Tells two companies at one address apart: company records (no person name among the fields) whose names differ
 * outright and whose websites and mailbox domains do not agree. A holding and its subsidiary, the tenants of a serviced
 * office, an accountant's clients at its address share a switchboard, a street and a postal code: the model weighs each
 * agreement (the phone alone +13 bits) above the names and websites that differ (-6), and would merge
 * {@code Contoso Ltd} and {@code Fabrikam GmbH} at 0.9993. The names differ outright when the name comparison is at its
 * last level (not alike after legal forms and abbreviations, not an initialism of the other: {@link
 * OrganisationNameComparator}) and each has a distinctive word like none of the other's ({@link
 * OrganisationNameComparator#differOutright}: {@code Norvex Holding} and {@code Norvex Dalbra Capital Group} are one
 * group's, {@code Global Services} and {@code Gloal Services} one firm's). One company renamed keeps its
 * website or its mailboxes' domain, so an agreeing website or organisation domain lets the names differ; records with
 * no website at all are held apart on the names (to review at most: a pair the matcher holds apart that it would
 * have merged goes to review). Contacts are never held apart on a company: people change jobs.
 * <p>
 * Whether a record is a company's is decided per record ({@link #isCompany}): one that holds no person name ({@link
 * KeyKind#PERSON_NAME}) and, where the fields name people too, holds a company name. One Find Duplicates for contacts,
 * leads and accounts names first and last names for its contacts and leads, and judges its accounts as companies all the
 * same; where no person name is among the fields, every record is a company's.
 * <p>
 * A company identifier ({@link Role#COMPANY_ID}: a registration number, VAT id or D-U-N-S number, keyed without spaces,
 * dots, dashes and case) decides before the names: two company records whose identifiers agree exactly are one company
 * however their names differ (a renamed company keeps its VAT number: {@link #sameIdentifier}), and two whose
 * identifiers both exist and differ are two companies however much else agrees (a subsidiary and its parent share a
 * name's words, a switchboard and a website). Contacts are never linked or held apart on one: colleagues share their
 * employer's.
 * <pre>
 * CompanyNeighbours neighbours = new CompanyNeighbours(fields, comparisons);
 * neighbours.differ(contosoKeys, fabrikamKeys); // true: Contoso Ltd / Fabrikam GmbH, one phone and street, two websites
 * </pre>
 */
final class CompanyNeighbours {
    private final List<Comparison> comparisons;
    /** The comparisons of company names. */
    private final int[] names;
    /** The comparisons of websites, whose agreement makes a renamed company one. */
    private final int[] websites;
    /** The comparisons of mailboxes, whose organisation domain agreeing makes a renamed company one. */
    private final int[] mailboxes;
    /** The comparisons of company identifiers. */
    private final int[] identifiers;
    /** The slots of the person names: a record holding one is a person's ({@link #isCompany}). */
    private final int[] personNameSlots;
    /** The slots of the company names, one of which a company's record holds where the fields name people too; none where they do not. */
    private final int[] companyNameSlots;

    CompanyNeighbours(final List<MatchField> fields, final List<Comparison> comparisons) {
        this.comparisons = comparisons;
        this.personNameSlots = slotsOf(fields, field -> field.role() != null && field.role().getKeyKind() == KeyKind.PERSON_NAME);
        this.companyNameSlots = personNameSlots.length == 0 ? new int[0] : slotsOf(fields, field -> field.role() == Role.COMPANY);
        this.names = of(comparisons, Role.COMPANY);
        this.identifiers = of(comparisons, Role.COMPANY_ID);
        this.websites = of(comparisons, Role.WEBSITE);
        this.mailboxes = IntStream.range(0, comparisons.size())
                .filter(i -> comparisons.get(i).getRole() != null && comparisons.get(i).getRole().isMailbox()).toArray();
    }

    private static int[] of(final List<Comparison> comparisons, final Role role) {
        return IntStream.range(0, comparisons.size()).filter(i -> comparisons.get(i).getRole() == role).toArray();
    }

    private static int[] slotsOf(final List<MatchField> fields, final Predicate<MatchField> kind) {
        return IntStream.range(0, fields.size()).filter(slot -> kind.test(fields.get(slot))).toArray();
    }

    /**
     * Whether a record's keys are a company's: it holds no person name, and a company name where the fields name people
     * too (an account among contacts and leads). Where no person name is among the fields, every record is a company's.
     */
    boolean isCompany(final String[] keys) {
        for (final int slot : personNameSlots) {
            if (keys[slot] != null) {
                return false;
            }
        }
        if (companyNameSlots.length == 0) {
            return true;
        }
        for (final int slot : companyNameSlots) {
            if (keys[slot] != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether two records are two companies whatever else they share: see the class. False unless both are companies' ({@link #isCompany}). */
    boolean differ(final String[] left, final String[] right) {
        if (!isCompany(left) || !isCompany(right)) {
            return false;
        }
        if (identifiers.length > 0 && identifiersDiffer(left, right)) {
            return true;
        }
        return names.length > 0 && namesDiffer(left, right) && !websiteAgrees(left, right) && !organisationDomainAgrees(left, right)
                && !sameIdentifier(left, right);
    }

    /**
     * Marks the comparisons by which two companies {@link #differ}: the identifiers that differ outright where they do
     * (the names do not decide then), else the names that differ outright and the websites and mailboxes both hold,
     * none agreeing.
     */
    void decidedBy(final String[] left, final String[] right, final boolean[] decided) {
        if (identifiers.length > 0 && identifiersDiffer(left, right)) {
            for (final int index : identifiers) {
                final Comparison comparison = comparisons.get(index);
                decided[index] = comparison.level(left, right) == comparison.getLevels().size() - 1;
            }
            return;
        }
        for (final int index : names) {
            final Comparison comparison = comparisons.get(index);
            final int slot = comparison.getSlot();
            decided[index] = comparison.level(left, right) == comparison.getLevels().size() - 1
                    && OrganisationNameComparator.differOutright(left[slot], right[slot]);
        }
        for (final int index : websites) {
            decided[index] = comparisons.get(index).level(left, right) > 0;
        }
        for (final int index : mailboxes) {
            decided[index] = comparisons.get(index).level(left, right) > 0;
        }
    }

    /** Whether records are compared on a company identifier at all ({@link #sameIdentifier} is false for any two else). */
    boolean comparesIdentifiers() {
        return identifiers.length > 0;
    }

    /**
     * Whether two company records ({@link #isCompany}) agree exactly on a company identifier: one company whatever their
     * names. Contacts sharing their employer's identifier are not.
     */
    boolean sameIdentifier(final String[] left, final String[] right) {
        return identifiers.length > 0 && isCompany(left) && isCompany(right) && agreeExactly(identifiers, left, right);
    }

    private boolean identifiersDiffer(final String[] left, final String[] right) {
        for (final int index : identifiers) {
            final Comparison comparison = comparisons.get(index);
            if (comparison.level(left, right) == comparison.getLevels().size() - 1) {
                return true;
            }
        }
        return false;
    }

    private boolean namesDiffer(final String[] left, final String[] right) {
        for (final int index : names) {
            final Comparison comparison = comparisons.get(index);
            final int slot = comparison.getSlot();
            if (comparison.level(left, right) == comparison.getLevels().size() - 1
                    && OrganisationNameComparator.differOutright(left[slot], right[slot])) {
                return true;
            }
        }
        return false;
    }

    private boolean websiteAgrees(final String[] left, final String[] right) {
        return agreeExactly(websites, left, right);
    }

    /** Whether one of the comparisons finds the records' values exactly alike. */
    private boolean agreeExactly(final int[] indices, final String[] left, final String[] right) {
        for (final int index : indices) {
            if (comparisons.get(index).level(left, right) == 0) {
                return true;
            }
        }
        return false;
    }

    private boolean organisationDomainAgrees(final String[] left, final String[] right) {
        for (final int index : mailboxes) {
            final int slot = comparisons.get(index).getSlot();
            if (left[slot] != null && right[slot] != null && Matcher.shareAnOrganisationDomain(left[slot], right[slot])) {
                return true;
            }
        }
        return false;
    }
}
