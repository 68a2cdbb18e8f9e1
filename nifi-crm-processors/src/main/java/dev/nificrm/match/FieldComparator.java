package dev.nificrm.match;

import java.util.List;

/**
 * Compares two normalised, non-empty values of one field and says how well they agree, as the index of an agreement
 * level: 0 is the strongest agreement, the last level means the values disagree. One method, in the spirit of Duke's
 * comparators and Commons Text's {@code SimilarityScore}; missing values never reach a comparator.
 * <pre>
 * FieldComparator dates = new DateComparator();
 * dates.compare("19710624", "19710524"); // 1: "typo"
 * </pre>
 */
public interface FieldComparator {
    /** What {@link #compareCharacters} answers where the comparator reads strings only. */
    int BY_STRINGS = Integer.MIN_VALUE;

    /**
     * The agreement level of two values: 0 for the strongest agreement, {@code levels().size() - 1} for none; -1 when
     * the values say nothing of each other, as a missing one (identifiers of two kinds: {@link CompanyIdentifierComparator}).
     */
    int compare(String left, String right);

    /**
     * {@link #compare} of {@code left} and a value given as its characters ({@link CandidateKeys}: a stored value read
     * where the store holds it, without a string of it), the same level; or {@link #BY_STRINGS} where this comparator
     * reads strings only. Both are single values; {@code right} is valid during the call alone.
     */
    default int compareCharacters(final String left, final CharSequence right) {
        return BY_STRINGS;
    }

    /**
     * Whether {@link #compare} reads keys of several values ({@link Comparison#VALUE_SEPARATOR}) itself; otherwise it is
     * given each pair of their values and the best level counts.
     */
    default boolean readsSeveralValues() {
        return false;
    }

    /** The short names of the levels, strongest first, the last one meaning "disagrees". */
    List<String> levels();

    /**
     * What an explanation calls two values {@link #compare} says nothing of (-1): they weigh 0, as a missing value does,
     * but both are there, so the comparator names why ({@code different_kinds}: a VAT id and a D-U-N-S number). Where it
     * has no name of its own, {@code missing}.
     */
    default String saysNothingLevel() {
        return "missing";
    }

    /**
     * This comparator fitted to how often values occur in one input (which words are common there, say), or itself
     * when it compares the same way whatever the input.
     */
    default FieldComparator fittedTo(final TermFrequencies frequencies) {
        return this;
    }

    /**
     * The level, other than exact, at which two values agree on one value that is common by nature (a company name of
     * common words only, {@code global services}): its weight is lowered further where many records of the data hold
     * the value, as exact agreement is weighed by rarity. -1 when the comparator has no such level.
     */
    default int commonValueLevel() {
        return -1;
    }
}
