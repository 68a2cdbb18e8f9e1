package dev.nificrm.roles;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a role is compared when nothing is estimated from the data: the kind of comparator and, per agreement level of
 * that comparator (strongest first, "differs" last), the Fellegi-Sunter probabilities m (the level occurs between two
 * records of the same entity) and u (it occurs by chance between different ones), and whether exact agreement is
 * weighed by how rare the value is in the data.
 * <pre>
 * new ComparisonDefaults(ComparatorKind.EXACT, new double[] {0.85, 0.15}, new double[] {0.02, 0.98}, false)
 * </pre>
 */
public final class ComparisonDefaults {
    /** A field without a role: generic text. */
    public static final ComparisonDefaults GENERIC_TEXT = new ComparisonDefaults(ComparatorKind.TEXT,
            new double[] {0.70, 0.10, 0.05, 0.15}, new double[] {0.02, 0.01, 0.03, 0.94}, true);

    private final ComparatorKind comparator;
    private final double[] m;
    private final double[] u;
    private final boolean termFrequencyAdjusted;

    public ComparisonDefaults(final ComparatorKind comparator, final double[] m, final double[] u, final boolean termFrequencyAdjusted) {
        this.comparator = Objects.requireNonNull(comparator, "comparator");
        if (m.length != u.length) {
            throw new IllegalArgumentException("m and u need one probability per level each: " + Arrays.toString(m) + " " + Arrays.toString(u));
        }
        this.m = m.clone();
        this.u = u.clone();
        this.termFrequencyAdjusted = termFrequencyAdjusted;
    }

    public ComparatorKind getComparator() {
        return comparator;
    }

    /** The m probability per level, strongest first. */
    public double[] getM() {
        return m.clone();
    }

    /** The u probability per level, strongest first. */
    public double[] getU() {
        return u.clone();
    }

    public boolean isTermFrequencyAdjusted() {
        return termFrequencyAdjusted;
    }

    @Override
    public String toString() {
        return comparator + " m=" + Arrays.toString(m) + " u=" + Arrays.toString(u) + (termFrequencyAdjusted ? " tf" : "");
    }
}
