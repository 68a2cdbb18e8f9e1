package dev.nificrm.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares company identifiers ({@link CompanyIdentifiers} keys) of one kind only: equal values agree whatever their
 * kinds ({@code DE123456789} and {@code 123456789}, the VAT id written without its prefix), two identifiers of one kind
 * that differ disagree (two German VAT ids, two D-U-N-S numbers), and two of different kinds are no evidence either way
 * ({@code -1}, as a missing value): a source's VAT id and another's D-U-N-S number are both the company's. A VAT id's
 * kind is its country prefix; any other identifier's is its shape, letters standing for any letter and digits for any
 * digit ({@code 150483782} and {@code 987654321} are both D-U-N-S numbers, {@code HRB12345} and {@code 150483782} are
 * not of one kind). A record holding several identifiers (a VAT id and a D-U-N-S number mapped from two fields)
 * disagrees with another when no value agrees and a pair of one kind differs.
 * <pre>
 * comparator.compare("123456789\u001FDE123456789", "123456789");          // 0: exact
 * comparator.compare("123456789\u001FDE123456789", "987654321\u001FDE987654321"); // 1: differs
 * comparator.compare("123456789\u001FDE123456789", "150483782");          // -1: a VAT id and a D-U-N-S number
 * </pre>
 */
public final class CompanyIdentifierComparator implements FieldComparator {
    private static final List<String> LEVELS = List.of("exact", "differs");
    /** What an explanation calls two identifiers of different kinds (weighing 0): not {@code missing}, both are there. */
    static final String DIFFERENT_KINDS = "different_kinds";

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right)) {
            return 0;
        }
        if (left.indexOf(Comparison.VALUE_SEPARATOR) < 0 && right.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            return sameShape(left, right) ? 1 : -1;
        }
        final List<String[]> leftIdentifiers = identifiers(left);
        final List<String[]> rightIdentifiers = identifiers(right);
        boolean oneKind = false;
        for (final String[] leftIdentifier : leftIdentifiers) {
            for (final String[] rightIdentifier : rightIdentifiers) {
                if (leftIdentifier[1].equals(rightIdentifier[1])) {
                    return 0;
                }
                oneKind |= oneKind(leftIdentifier, rightIdentifier);
            }
        }
        return oneKind ? 1 : -1;
    }

    /**
     * Whether two identifiers may be of one kind: prefixed by one kind, or one without a prefix that may be of the
     * other's kind ({@link CompanyIdentifiers#mayBeWithoutPrefix}: nine digits whose German check digit holds may be a
     * German VAT id without its prefix), or both without one and of one shape.
     */
    private static boolean oneKind(final String[] left, final String[] right) {
        if (left[0] != null && right[0] != null) {
            return left[0].equals(right[0]);
        }
        if (left[0] != null) {
            return CompanyIdentifiers.mayBeWithoutPrefix(left[0], right[1]);
        }
        return right[0] != null ? CompanyIdentifiers.mayBeWithoutPrefix(right[0], left[1]) : sameShape(left[1], right[1]);
    }

    /** Reads several values itself: a VAT id's two readings are one identifier. */
    @Override
    public boolean readsSeveralValues() {
        return true;
    }

    @Override
    public List<String> levels() {
        return LEVELS;
    }

    /** Two identifiers of different kinds: both records hold one, neither says anything of the other. */
    @Override
    public String saysNothingLevel() {
        return DIFFERENT_KINDS;
    }

    /**
     * The identifiers a key holds, each as its VAT country prefix (null for an identifier of another kind) and its value
     * (a VAT id's national part): a value followed by itself with a prefix of letters is a VAT id.
     */
    private static List<String[]> identifiers(final String key) {
        final String[] values = Comparison.values(key);
        final List<String[]> identifiers = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            final String value = values[i];
            if (i + 1 < values.length && isPrefixed(values[i + 1], value)) {
                identifiers.add(new String[] {values[i + 1].substring(0, values[i + 1].length() - value.length()), value});
                i++;
            } else {
                identifiers.add(new String[] {null, value});
            }
        }
        return identifiers;
    }

    /** Whether {@code written} is {@code value} after a prefix of letters only. */
    private static boolean isPrefixed(final String written, final String value) {
        if (written.length() <= value.length() || !written.endsWith(value)) {
            return false;
        }
        for (int i = 0; i < written.length() - value.length(); i++) {
            if (!Character.isLetter(written.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether two codes have one shape: as long, with a letter where the other has a letter and a digit where it has a digit. */
    private static boolean sameShape(final String left, final String right) {
        if (left.length() != right.length()) {
            return false;
        }
        for (int i = 0; i < left.length(); i++) {
            if (Character.isDigit(left.charAt(i)) != Character.isDigit(right.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
