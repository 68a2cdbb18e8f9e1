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
        final List<Identifier> leftIdentifiers = identifiers(left);
        final List<Identifier> rightIdentifiers = identifiers(right);
        boolean oneKind = false;
        for (final Identifier leftIdentifier : leftIdentifiers) {
            for (final Identifier rightIdentifier : rightIdentifiers) {
                if (leftIdentifier.value().equals(rightIdentifier.value())) {
                    return 0;
                }
                oneKind |= oneKind(leftIdentifier, rightIdentifier);
            }
        }
        return oneKind ? 1 : -1;
    }

    /**
     * Whether two identifiers may be of one kind: of one kind each, or one of a kind and the other without one but
     * possibly of it ({@link CompanyIdentifiers#mayBeWithoutPrefix}: nine digits whose German check digit holds may be a
     * German VAT id without its prefix; not where its record's country said it is no VAT id,
     * {@link CompanyIdentifiers#NO_VAT_ID}), or both without one and of one shape.
     */
    private static boolean oneKind(final Identifier left, final Identifier right) {
        if (left.hasKind() && right.hasKind()) {
            return left.kind().equals(right.kind());
        }
        if (left.hasKind()) {
            return right.mayBeOf(left.kind());
        }
        return right.hasKind() ? left.mayBeOf(right.kind()) : sameShape(left.value(), right.value());
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
     * The identifiers a key holds, each as its kind (a VAT country prefix or {@code DUNS}; null for an identifier of no
     * kind, {@link CompanyIdentifiers#NO_VAT_ID} for one its record's country says is no VAT id, {@link
     * CompanyIdentifiers#OWN_VAT_ID} and a prefix for one that may only be that country's) and its value (a VAT
     * id's national part): a value followed by itself with a prefix of letters is of that kind.
     */
    private static List<Identifier> identifiers(final String key) {
        final String[] values = Comparison.values(key);
        final List<Identifier> identifiers = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            final String value = values[i];
            if (i + 1 < values.length && isPrefixed(values[i + 1], value)) {
                identifiers.add(new Identifier(values[i + 1].substring(0, values[i + 1].length() - value.length()), value));
                i++;
            } else {
                identifiers.add(new Identifier(null, value));
            }
        }
        return identifiers;
    }

    /** One identifier of a key: its kind as {@link #identifiers} reads it, and its value. */
    private record Identifier(String kind, String value) {
        /** Whether it is of a kind: not without one, not merely ruled out as a VAT id, not merely its own country's VAT id or another number. */
        boolean hasKind() {
            return kind != null && !CompanyIdentifiers.NO_VAT_ID.equals(kind) && !kind.startsWith(CompanyIdentifiers.OWN_VAT_ID);
        }

        /**
         * Whether this identifier of no kind may be one of a kind written without its prefix: never a VAT id where ruled
         * out, and only its record's country's VAT id where its country was read ({@link CompanyIdentifiers#OWN_VAT_ID}).
         */
        boolean mayBeOf(final String otherKind) {
            return (kind == null || CompanyIdentifiers.DUNS.equals(otherKind) || isOwnVatIdOf(otherKind))
                    && CompanyIdentifiers.mayBeWithoutPrefix(otherKind, value);
        }

        /** Whether its record's country, whose VAT id it may be, is the one a prefix names ({@code VATOFDE} and {@code DE}). */
        private boolean isOwnVatIdOf(final String prefix) {
            final int markLength = CompanyIdentifiers.OWN_VAT_ID.length();
            return kind.length() == markLength + prefix.length() && kind.startsWith(CompanyIdentifiers.OWN_VAT_ID) && kind.endsWith(prefix);
        }
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
