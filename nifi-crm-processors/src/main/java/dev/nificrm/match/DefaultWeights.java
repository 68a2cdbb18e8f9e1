package dev.nificrm.match;

import dev.nificrm.roles.ComparatorKind;
import dev.nificrm.roles.ComparisonDefaults;
import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the comparisons of the fields from what each role declares ({@link Role#getComparison()}): the comparator of
 * the role's kind and its default m and u probabilities, what a field contributes when nothing is estimated from the
 * data. u is the chance that two different people agree at a level, m that two records of the same person do. The
 * table is documented in the processor's additional details.
 */
public final class DefaultWeights {

    private DefaultWeights() {
    }

    /**
     * The comparisons for the fields, in order: field i is compared on key slot i. The first field of a role with a
     * swap partner (first and last name) is partnered with the partner's first field: swapped values agree on the
     * level {@code swapped}. The name comparators share Double Metaphone codes of their own.
     */
    public static List<Comparison> comparisonsFor(final List<MatchField> fields, final Nicknames nicknames) {
        return comparisonsFor(fields, nicknames, new PhoneticCodes());
    }

    /** The comparisons for the fields, as {@link #comparisonsFor(List, Nicknames)}, their name comparators asking a matcher's codes. */
    static List<Comparison> comparisonsFor(final List<MatchField> fields, final Nicknames nicknames, final PhoneticCodes phoneticCodes) {
        final List<Comparison> comparisons = new ArrayList<>(fields.size());
        for (int slot = 0; slot < fields.size(); slot++) {
            final MatchField field = fields.get(slot);
            final Role role = field.role();
            final ComparisonDefaults defaults = role == null ? ComparisonDefaults.GENERIC_TEXT : role.getComparison();
            final int swapSlot = role != null && slot == slotOf(fields, role)
                    ? role.getSwapPartner().map(partner -> slotOf(fields, partner)).orElse(-1) : -1;
            final boolean partnerMissing = role != null && swapSlot < 0 && role.getSwapPartner().isPresent();
            // a lone field is always counted: its model weighs exact agreement by how many records share the value
            // a mailbox is often made of the given name: the first given name field tells what its local part shares beyond it
            final int givenNameSlot = role != null && role.isMailbox() ? slotOf(fields, Role.FIRST_NAME) : -1;
            // and the family name, which a local part may start with where it starts with the given name too (jansen@, Jan)
            final int familyNameSlot = role != null && role.isMailbox() ? slotOf(fields, Role.LAST_NAME) : -1;
            comparisons.add(new Comparison(field, slot, swapSlot, givenNameSlot, familyNameSlot, comparator(defaults.getComparator(), nicknames, phoneticCodes),
                    partnerMissing ? withoutSwappedLevel(defaults.getM()) : defaults.getM(),
                    partnerMissing ? withoutSwappedLevel(defaults.getU()) : defaults.getU(),
                    defaults.isTermFrequencyAdjusted() || fields.size() == 1));
        }
        return comparisons;
    }

    /**
     * The probabilities of a role with a swap partner (first name, last name) when the partner is not compared: its
     * {@code swapped} level (before the last) cannot occur, and a pair swapped between the fields disagrees on this
     * one, so that level's probability joins the last level's.
     */
    static double[] withoutSwappedLevel(final double[] probabilities) {
        final int swapped = probabilities.length - 2;
        final double[] result = new double[probabilities.length - 1];
        System.arraycopy(probabilities, 0, result, 0, swapped);
        result[swapped] = probabilities[swapped] + probabilities[swapped + 1];
        return result;
    }

    /** The comparator of a kind, a person name's asking the given Double Metaphone codes. */
    static FieldComparator comparator(final ComparatorKind kind, final Nicknames nicknames, final PhoneticCodes phoneticCodes) {
        return switch (kind) {
            case TEXT -> new TextComparator();
            case PLACE -> new PlaceComparator();
            case PERSON_NAME -> new NameComparator(nicknames, phoneticCodes);
            case EMAIL -> new EmailComparator();
            case PHONE -> new PhoneComparator();
            case EXACT -> new ExactComparator();
            case COMPANY_ID -> new CompanyIdentifierComparator();
            case WITHIN_ONE_EDIT -> new EditDistanceComparator(1);
            case WITHIN_TWO_EDITS -> new EditDistanceComparator(2);
            case DATE -> new DateComparator();
            case ORGANISATION_NAME -> new OrganisationNameComparator();
            case ADDRESS -> new AddressComparator();
        };
    }

    /** The slot of the first field with the role, or -1. */
    static int slotOf(final List<MatchField> fields, final Role role) {
        for (int slot = 0; slot < fields.size(); slot++) {
            if (fields.get(slot).role() == role) {
                return slot;
            }
        }
        return -1;
    }
}
