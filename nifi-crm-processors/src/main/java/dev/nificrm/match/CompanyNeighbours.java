package dev.nificrm.match;

import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.Role;

import java.util.List;
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
    /** The comparisons of company names; none for records that name people. */
    private final int[] names;
    /** The comparisons of websites, whose agreement makes a renamed company one. */
    private final int[] websites;
    /** The comparisons of mailboxes, whose organisation domain agreeing makes a renamed company one. */
    private final int[] mailboxes;
    /** The comparisons of company identifiers; none for records that name people. */
    private final int[] identifiers;

    CompanyNeighbours(final List<MatchField> fields, final List<Comparison> comparisons) {
        this.comparisons = comparisons;
        final boolean namesPeople = fields.stream().anyMatch(field -> field.role() != null && field.role().getKeyKind() == KeyKind.PERSON_NAME);
        this.names = namesPeople ? new int[0] : of(comparisons, Role.COMPANY);
        this.identifiers = namesPeople ? new int[0] : of(comparisons, Role.COMPANY_ID);
        this.websites = of(comparisons, Role.WEBSITE);
        this.mailboxes = IntStream.range(0, comparisons.size())
                .filter(i -> comparisons.get(i).getRole() != null && comparisons.get(i).getRole().isMailbox()).toArray();
    }

    private static int[] of(final List<Comparison> comparisons, final Role role) {
        return IntStream.range(0, comparisons.size()).filter(i -> comparisons.get(i).getRole() == role).toArray();
    }

    /** Whether two company records are two companies whatever else they share: see the class. */
    boolean differ(final String[] left, final String[] right) {
        if (identifiers.length > 0 && identifiersDiffer(left, right)) {
            return true;
        }
        return names.length > 0 && namesDiffer(left, right) && !websiteAgrees(left, right) && !organisationDomainAgrees(left, right)
                && !sameIdentifier(left, right);
    }

    /** Whether two company records agree exactly on a company identifier: one company whatever their names. */
    boolean sameIdentifier(final String[] left, final String[] right) {
        return agreeExactly(identifiers, left, right);
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
