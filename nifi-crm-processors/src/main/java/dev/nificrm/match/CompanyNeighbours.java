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

    CompanyNeighbours(final List<MatchField> fields, final List<Comparison> comparisons) {
        this.comparisons = comparisons;
        final boolean namesPeople = fields.stream().anyMatch(field -> field.role() != null && field.role().getKeyKind() == KeyKind.PERSON_NAME);
        this.names = namesPeople ? new int[0] : of(comparisons, Role.COMPANY);
        this.websites = of(comparisons, Role.WEBSITE);
        this.mailboxes = IntStream.range(0, comparisons.size())
                .filter(i -> comparisons.get(i).getRole() != null && comparisons.get(i).getRole().isMailbox()).toArray();
    }

    private static int[] of(final List<Comparison> comparisons, final Role role) {
        return IntStream.range(0, comparisons.size()).filter(i -> comparisons.get(i).getRole() == role).toArray();
    }

    /** Whether two company records are two companies whatever else they share: see the class. */
    boolean differ(final String[] left, final String[] right) {
        return names.length > 0 && namesDiffer(left, right) && !websiteAgrees(left, right) && !organisationDomainAgrees(left, right);
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
        for (final int index : websites) {
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
