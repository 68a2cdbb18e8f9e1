package dev.nificrm.match;

import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * The comparator and the default m and u probabilities of every role: what a field contributes when nothing is
 * estimated from the data. u is the chance that two different people agree at a level, m that two records of the
 * same person do. The table is documented in the processor's additional details.
 */
public final class DefaultWeights {

    private DefaultWeights() {
    }

    /**
     * The comparisons for the fields, in order: field i is compared on key slot i. First and last name are partners
     * (swapped names agree on the level {@code swapped}).
     */
    public static List<Comparison> comparisonsFor(final List<MatchField> fields, final Nicknames nicknames) {
        final int firstNameSlot = slotOf(fields, Role.FIRST_NAME);
        final int lastNameSlot = slotOf(fields, Role.LAST_NAME);
        final List<Comparison> comparisons = new ArrayList<>(fields.size());
        for (int slot = 0; slot < fields.size(); slot++) {
            final MatchField field = fields.get(slot);
            comparisons.add(comparisonFor(field, slot, firstNameSlot, lastNameSlot, nicknames));
        }
        return comparisons;
    }

    private static Comparison comparisonFor(final MatchField field, final int slot, final int firstNameSlot,
                                            final int lastNameSlot, final Nicknames nicknames) {
        final Role role = field.role();
        if (role == null) {
            return new Comparison(field, slot, -1, new TextComparator(),
                    new double[] {0.70, 0.10, 0.05, 0.15}, new double[] {0.02, 0.01, 0.03, 0.94}, true);
        }
        return switch (role) {
            case FIRST_NAME -> new Comparison(field, slot, slot == firstNameSlot ? lastNameSlot : -1, new NameComparator(nicknames),
                    new double[] {0.75, 0.10, 0.05, 0.03, 0.07}, new double[] {0.01, 0.003, 0.02, 0.0005, 0.9665}, true);
            case LAST_NAME -> new Comparison(field, slot, slot == lastNameSlot ? firstNameSlot : -1, new NameComparator(nicknames),
                    new double[] {0.80, 0.08, 0.04, 0.03, 0.05}, new double[] {0.005, 0.002, 0.015, 0.0005, 0.9775}, true);
            case MIDDLE_NAME -> new Comparison(field, slot, -1, new NameComparator(nicknames),
                    new double[] {0.70, 0.10, 0.10, 0.10}, new double[] {0.02, 0.01, 0.10, 0.87}, false);
            case FULL_NAME -> new Comparison(field, slot, -1, new TextComparator(),
                    new double[] {0.70, 0.15, 0.07, 0.08}, new double[] {0.0005, 0.002, 0.01, 0.9875}, true);
            case EMAIL -> new Comparison(field, slot, -1, new EmailComparator(),
                    new double[] {0.80, 0.10, 0.03, 0.07}, new double[] {0.00001, 0.0002, 0.002, 0.99779}, false);
            case PHONE -> new Comparison(field, slot, -1, new PhoneComparator(),
                    new double[] {0.80, 0.05, 0.15}, new double[] {0.0001, 0.0005, 0.9994}, false);
            case STREET -> new Comparison(field, slot, -1, new TextComparator(),
                    new double[] {0.70, 0.15, 0.05, 0.10}, new double[] {0.002, 0.005, 0.02, 0.973}, true);
            case HOUSE_NUMBER -> new Comparison(field, slot, -1, new ExactComparator(),
                    new double[] {0.85, 0.15}, new double[] {0.02, 0.98}, false);
            case CITY -> new Comparison(field, slot, -1, new TextComparator(),
                    new double[] {0.80, 0.10, 0.03, 0.07}, new double[] {0.02, 0.005, 0.02, 0.955}, true);
            case POSTAL_CODE -> new Comparison(field, slot, -1, new EditDistanceComparator(1),
                    new double[] {0.82, 0.10, 0.08}, new double[] {0.005, 0.02, 0.975}, true);
            case STATE, COUNTRY -> new Comparison(field, slot, -1, new ExactComparator(),
                    new double[] {0.92, 0.08}, new double[] {0.2, 0.8}, true);
            case BIRTH_DATE, DATE -> new Comparison(field, slot, -1, new DateComparator(),
                    new double[] {0.78, 0.10, 0.04, 0.02, 0.06}, new double[] {0.00004, 0.0005, 0.002, 0.02, 0.97746}, false);
            case COMPANY -> new Comparison(field, slot, -1, new TextComparator(),
                    new double[] {0.70, 0.15, 0.05, 0.10}, new double[] {0.001, 0.002, 0.01, 0.987}, true);
            case WEBSITE -> new Comparison(field, slot, -1, new ExactComparator(),
                    new double[] {0.85, 0.15}, new double[] {0.0005, 0.9995}, true);
            case EXTERNAL_ID -> new Comparison(field, slot, -1, new ExactComparator(),
                    new double[] {0.10, 0.90}, new double[] {0.000001, 0.999999}, false);
            case NATIONAL_ID -> new Comparison(field, slot, -1, new EditDistanceComparator(2),
                    new double[] {0.80, 0.10, 0.04, 0.06}, new double[] {0.00001, 0.0001, 0.0005, 0.99939}, false);
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
