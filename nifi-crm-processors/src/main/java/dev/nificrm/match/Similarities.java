package dev.nificrm.match;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.List;

/**
 * What the graded comparators share: Commons Text's Jaro-Winkler similarity computed here without allocating, the four
 * graded level names, and exact shortcuts around the similarities. Most pairs a matcher scores are different people
 * whose values are far apart; for them a few character counts prove what the full computation would decide, so it is
 * skipped. The shortcuts never change a decision: they answer only where the answer is proven (see each method), and
 * compute every other pair in full.
 */
final class Similarities {
    /** Commons Text's Jaro-Winkler, for values beyond {@value Long#SIZE} characters (which {@link #jaroWinkler(CharSequence, CharSequence)} hands it). */
    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    static final List<String> GRADED_LEVELS = List.of("exact", "close", "similar", "differs");

    /**
     * How far below a floor an upper bound must be to prove the similarity below it: far more than the rounding of
     * either computation (about 1e-15), far less than any difference a threshold is meant to make.
     */
    private static final double ROUNDING_MARGIN = 1e-9;
    /** Commons Text's Winkler boost: its scaling factor, the longest prefix it rewards and the Jaro score it starts at. */
    private static final double WINKLER_SCALING = 0.1;
    private static final int WINKLER_PREFIX = 4;
    private static final double WINKLER_BOOST_FROM = 0.7;
    /** The longest values whose characters {@link #sharedCharacters} counts: a count must fit four bits. */
    private static final int MAXIMUM_COUNTED_LENGTH = 15;
    private static final int ASCII = 128;
    /** Per thread, the characters of the two values being compared and their matches. */
    private static final ThreadLocal<Characters> CHARACTERS = ThreadLocal.withInitial(Characters::new);

    private Similarities() {
    }

    /**
     * The Jaro-Winkler similarity of two values when it may reach {@code floor}; when an upper bound proves that it
     * stays below {@code floor}, that bound (also below {@code floor}) without computing the similarity. A caller that
     * compares the result only with thresholds at or above {@code floor} decides exactly as with the similarity itself.
     */
    static double jaroWinkler(final CharSequence left, final CharSequence right, final double floor) {
        return jaroWinkler(left, left.length(), right, right.length(), floor);
    }

    /**
     * {@link #jaroWinkler(CharSequence, CharSequence, double)} of the first {@code leftLength} characters of {@code left} and the
     * first {@code rightLength} of {@code right} (the local parts of two emails), without cutting them out. The bound and
     * the similarity share one reading of the characters and the bound's matching characters.
     */
    static double jaroWinkler(final CharSequence left, final int leftLength, final CharSequence right, final int rightLength, final double floor) {
        final Characters characters = CHARACTERS.get().read(left, leftLength, right, rightLength);
        final double bound = characters.upperBound(floor);
        return isBelow(bound, floor) ? bound : characters.similarity(left, right);
    }

    /** Commons Text's Jaro-Winkler similarity of two values ({@link JaroWinklerSimilarity#apply}), the same double. */
    static double jaroWinkler(final CharSequence left, final CharSequence right) {
        return jaroWinkler(left, left.length(), right, right.length());
    }

    /**
     * Commons Text's Jaro-Winkler similarity of the first {@code leftLength} characters of {@code left} and the first
     * {@code rightLength} of {@code right}, computed as Commons Text computes it, to the same double, without its
     * allocations (two input wrappers, four arrays, the boxed result: about 120 bytes a pair, a quarter of what matching
     * in memory allocated). Each character of the shorter value (the first of two as long) matches the first equal
     * character of the longer not matched yet within the window ({@code longer length / 2 - 1} positions either side);
     * the matched characters of each, in order, mismatching at a place are half transpositions t; Jaro is
     * {@code (m/|left| + m/|right| + (m - t/2)/m) / 3} and from 0.7 on Winkler adds {@code 0.1 * prefix * (1 - jaro)}
     * for the common prefix of up to four characters. The matched positions are the bits of a long, so a longer value
     * beyond {@value Long#SIZE} characters is handed to Commons Text.
     */
    static double jaroWinkler(final CharSequence left, final int leftLength, final CharSequence right, final int rightLength) {
        return CHARACTERS.get().read(left, leftLength, right, rightLength).similarity(left, right);
    }

    /** Whether an upper bound of a similarity proves it below a threshold, whatever the rounding of either. */
    static boolean isBelow(final double bound, final double threshold) {
        return bound < threshold - ROUNDING_MARGIN;
    }

    /**
     * An upper bound of Commons Text's Jaro-Winkler similarity. Jaro is {@code (m/|a| + m/|b| + (m - t/2)/m) / 3} for
     * m matching characters and t half transpositions, and Winkler adds {@code 0.1 * prefix * (1 - jaro)} from a Jaro of
     * 0.7 on: both grow with m and never exceed their value at t = 0, so the bound is the similarity as if nothing were
     * transposed. Commons Text matches each character of the shorter value (the first of two as long) with the first
     * equal character of the other not matched yet within its match window ({@code longer length / 2 - 1} positions
     * either side). Counted the same way (the matched positions in the bits of a long, without Commons Text's arrays
     * and boxed characters), that is m itself; beyond 64 characters, characters with any equal one in their window are
     * counted, at least m. Most values far apart are told by a cheaper count first: m is also at most the characters of
     * either value that occur anywhere in the other (tested on a 64-bit mask of characters, where a character and one
     * 64 code points away share a bit: that only loosens the count); when that bound is already below {@code floor},
     * it is the answer. Each character of either value is read once, into a per-thread array that every count reads.
     *
     * @param floor the lowest threshold the caller decides on: the cheaper bound suffices below it
     */
    static double jaroWinklerUpperBound(final CharSequence left, final CharSequence right, final double floor) {
        return CHARACTERS.get().read(left, left.length(), right, right.length()).upperBound(floor);
    }

    /**
     * Commons Text's count of matching characters, m ({@link Characters#match}); beyond 64 characters, characters with any
     * equal one in their window are counted, at least m.
     */
    static int matchingCharacters(final CharSequence shorter, final int shorterLength, final CharSequence longer, final int longerLength) {
        return CHARACTERS.get().read(shorter, shorterLength, longer, longerLength).matchingCharacters();
    }

    /**
     * Per thread, the characters of the two values being compared, each read once from its {@link CharSequence}
     * ({@link #read}), and what Commons Text's Jaro-Winkler matches in them. Every count, mask and match reads these
     * arrays, not the values: a value's {@code charAt} checks its index (and a stored value's view its type) on every
     * call, and the bound alone read each character two to four times.
     */
    private static final class Characters {
        /** The positions of each ASCII character of the longer value, as bits; all zero between uses. */
        private final long[] positions = new long[ASCII];
        /** The first {@link #leftLength} characters of the left value and {@link #rightLength} of the right one. */
        private char[] left = new char[Long.SIZE];
        private char[] right = new char[Long.SIZE];
        private int leftLength;
        private int rightLength;
        /** The characters of each value as bits of a long by their code modulo 64 (a character and one 64 code points away share a bit). */
        private long leftMask;
        private long rightMask;
        /** Whether {@link #shorter} and {@link #longer} are the matches of the values read last. */
        private boolean matched;
        /** The matched positions of the shorter value (the left one of two as long) and of the longer value, as bits. */
        private long shorter;
        private long longer;

        /** Reads the first {@code leftLength} characters of {@code leftValue} and {@code rightLength} of {@code rightValue}. */
        Characters read(final CharSequence leftValue, final int leftLength, final CharSequence rightValue, final int rightLength) {
            if (left.length < leftLength || right.length < rightLength) {
                left = new char[Math.max(leftLength, left.length)];
                right = new char[Math.max(rightLength, right.length)];
            }
            leftMask = charactersOf(leftValue, leftLength, left);
            rightMask = charactersOf(rightValue, rightLength, right);
            this.leftLength = leftLength;
            this.rightLength = rightLength;
            matched = false;
            return this;
        }

        /** {@link #jaroWinklerUpperBound(CharSequence, CharSequence, double)} of the values read. */
        double upperBound(final double floor) {
            if (leftLength == 0 || rightLength == 0) {
                return 1;
            }
            final double sharedBound = winkler(sharedAnywhere());
            return isBelow(sharedBound, floor) ? sharedBound : winkler(matchingCharacters());
        }

        /**
         * {@link #jaroWinkler(CharSequence, int, CharSequence, int)} of the values read ({@code leftValue} and
         * {@code rightValue}, handed to Commons Text beyond {@value Long#SIZE} characters); the matches of the bound, when
         * it counted them, are not counted again.
         */
        double similarity(final CharSequence leftValue, final CharSequence rightValue) {
            if (Math.max(leftLength, rightLength) > Long.SIZE) {
                return JARO_WINKLER.apply(leftValue.subSequence(0, leftLength), rightValue.subSequence(0, rightLength));
            }
            if (!matched) {
                match();
            }
            final int matches = Long.bitCount(shorter);
            if (matches == 0) {
                // two empty values are equal, which Commons Text answers before matching
                return leftLength == 0 && rightLength == 0 ? 1 : 0;
            }
            final boolean leftShorter = leftLength <= rightLength;
            final char[] shorterValue = leftShorter ? left : right;
            final char[] longerValue = leftShorter ? right : left;
            int transpositions = 0;
            for (long s = shorter, l = longer; s != 0; s &= s - 1, l &= l - 1) {
                if (shorterValue[Long.numberOfTrailingZeros(s)] != longerValue[Long.numberOfTrailingZeros(l)]) {
                    transpositions++;
                }
            }
            final double m = matches;
            final double jaro = (m / leftLength + m / rightLength + (m - transpositions / 2.0) / m) / 3.0;
            if (jaro < WINKLER_BOOST_FROM) {
                return jaro;
            }
            return jaro + WINKLER_SCALING * commonPrefix() * (1 - jaro);
        }

        /** Commons Text's Jaro-Winkler formula for {@code matches} matching characters and no transposition. */
        private double winkler(final int matches) {
            final double jaro = ((double) matches / leftLength + (double) matches / rightLength + 1) / 3;
            if (jaro < WINKLER_BOOST_FROM) {
                return jaro;
            }
            return jaro + WINKLER_SCALING * commonPrefix() * (1 - jaro);
        }

        /** How many of the first {@value Similarities#WINKLER_PREFIX} characters the values share, from their starts. */
        private int commonPrefix() {
            final int prefixLimit = Math.min(WINKLER_PREFIX, Math.min(leftLength, rightLength));
            int prefix = 0;
            while (prefix < prefixLimit && left[prefix] == right[prefix]) {
                prefix++;
            }
            return prefix;
        }

        /** The characters of either value that occur anywhere in the other, the fewer of the two counts. */
        private int sharedAnywhere() {
            int leftShared = 0;
            for (int i = 0; i < leftLength; i++) {
                leftShared += (int) (rightMask >>> left[i]) & 1;
            }
            int rightShared = 0;
            for (int i = 0; i < rightLength; i++) {
                rightShared += (int) (leftMask >>> right[i]) & 1;
            }
            return Math.min(leftShared, rightShared);
        }

        /** m of the values read ({@link #match}); beyond 64 characters, characters with any equal one in their window. */
        private int matchingCharacters() {
            final boolean leftShorter = leftLength <= rightLength;
            final int longerLength = leftShorter ? rightLength : leftLength;
            if (longerLength <= Long.SIZE) {
                match();
                return Long.bitCount(longer);
            }
            final char[] shorterValue = leftShorter ? left : right;
            final char[] longerValue = leftShorter ? right : left;
            final int shorterLength = leftShorter ? leftLength : rightLength;
            final int range = longerLength / 2 - 1;
            int matchable = 0;
            for (int i = 0; i < shorterLength; i++) {
                final char c = shorterValue[i];
                final int windowEnd = Math.min(i + range + 1, longerLength);
                for (int j = Math.max(i - range, 0); j < windowEnd; j++) {
                    if (longerValue[j] == c) {
                        matchable++;
                        break;
                    }
                }
            }
            return matchable;
        }

        /**
         * Commons Text's matching characters of the values read (up to {@value Long#SIZE} characters): each character of
         * the shorter value in turn matches the first character of the longer value equal to it, within the match window
         * ({@code longer length / 2 - 1} positions either side) and not matched yet; the positions matched on each side
         * are left in {@link #shorter} and {@link #longer}. Where the longer value is ASCII (almost every name and email),
         * the positions of each of its characters are bits of one long, so a character's match is the lowest bit of (its
         * positions, within its window, not matched yet): one look-up instead of a scan of the window. Other values are
         * scanned.
         */
        private void match() {
            final boolean leftShorter = leftLength <= rightLength;
            final char[] shorterValue = leftShorter ? left : right;
            final char[] longerValue = leftShorter ? right : left;
            final int shorterLength = leftShorter ? leftLength : rightLength;
            final int longerLength = leftShorter ? rightLength : leftLength;
            final int range = Math.max(longerLength / 2 - 1, 0);
            long matchedShorter = 0;
            long matchedLonger = 0;
            if (markPositions(longerValue, longerLength)) {
                for (int i = 0; i < shorterLength; i++) {
                    final char c = shorterValue[i];
                    if (c < ASCII) {
                        final int windowEnd = Math.min(i + range + 1, longerLength);
                        final long window = (windowEnd == Long.SIZE ? -1L : (1L << windowEnd) - 1) & -(1L << Math.max(i - range, 0));
                        final long candidates = positions[c] & window & ~matchedLonger;
                        if (candidates != 0) {
                            matchedLonger |= candidates & -candidates;
                            matchedShorter |= 1L << i;
                        }
                    }
                }
                for (int j = 0; j < longerLength; j++) {
                    positions[longerValue[j]] = 0;
                }
            } else {
                for (int i = 0; i < shorterLength; i++) {
                    final char c = shorterValue[i];
                    final int windowEnd = Math.min(i + range + 1, longerLength);
                    for (int j = Math.max(i - range, 0); j < windowEnd; j++) {
                        if ((matchedLonger & 1L << j) == 0 && longerValue[j] == c) {
                            matchedLonger |= 1L << j;
                            matchedShorter |= 1L << i;
                            break;
                        }
                    }
                }
            }
            shorter = matchedShorter;
            longer = matchedLonger;
            matched = true;
        }

        /**
         * Sets, per ASCII character of the value, the bits of its positions in {@link #positions} (all zero on entry);
         * false, with {@link #positions} left all zero, when the value holds a character beyond ASCII.
         */
        private boolean markPositions(final char[] value, final int length) {
            for (int j = 0; j < length; j++) {
                final char c = value[j];
                if (c >= ASCII) {
                    for (int k = 0; k < j; k++) {
                        positions[value[k]] = 0;
                    }
                    return false;
                }
                positions[c] |= 1L << j;
            }
            return true;
        }
    }

    /**
     * Reads the first {@code length} characters of {@code value} into {@code characters} (long enough); answers their
     * mask (a bit per character by its code modulo 64). A string's are read through {@link String#charAt} of a known
     * string, any other value's through its own {@link CharSequence#charAt}: each character once.
     */
    private static long charactersOf(final CharSequence value, final int length, final char[] characters) {
        long mask = 0;
        if (value instanceof String string) {
            for (int i = 0; i < length; i++) {
                final char c = string.charAt(i);
                characters[i] = c;
                mask |= 1L << c;
            }
        } else {
            for (int i = 0; i < length; i++) {
                final char c = value.charAt(i);
                characters[i] = c;
                mask |= 1L << c;
            }
        }
        return mask;
    }

    /**
     * Commons Text's limited Levenshtein distance (the distance, or -1 beyond the threshold), answered without it where
     * the values prove the answer. Between values of equal length one edit is one substitution, so values differing in
     * one position are one edit apart, in two positions two edits, and in more at least two. And every edit leaves at
     * most one character of the longer value unpaired with an equal character of the other, so values are at least
     * their longer length minus the characters they have in common apart (two birth dates with only half their digits
     * in common are farther apart than two edits). Values of equal length differing in more than two positions are two
     * edits apart exactly when one deletion and one insertion make one of the other: the characters from the first
     * differing position to the last are those of the other value moved by one ({@link #movedByOne}); else farther. So a
     * threshold of two (birth dates) is answered for values of equal length without Commons Text, which allocates its
     * inputs' wrappers and two rows of the distance for each pair (about 14 % of what matching generated people in
     * memory allocated).
     *
     * @param distance  Commons Text's distance limited to {@code threshold}
     * @param threshold the threshold of {@code distance}
     */
    static int editDistance(final LevenshteinDistance distance, final int threshold, final CharSequence left, final CharSequence right) {
        final int length = left.length();
        if (length == right.length()) {
            int differing = 0;
            for (int i = 0; i < length && differing <= 2; i++) {
                if (left.charAt(i) != right.charAt(i)) {
                    differing++;
                }
            }
            if (differing <= 2) {
                return differing <= threshold ? differing : -1;
            }
            if (threshold < 2) {
                return -1;
            }
            if (threshold == 2) {
                return movedByOne(left, right) ? 2 : -1;
            }
        }
        final int longer = Math.max(length, right.length());
        if (longer - Math.min(length, right.length()) > threshold) {
            return -1;
        }
        if (longer <= MAXIMUM_COUNTED_LENGTH && longer - sharedCharacters(left, right) > threshold) {
            return -1;
        }
        return distance.apply(left, right);
    }

    /**
     * Whether one deletion and one insertion make one of two values of equal length of the other: outside the first and
     * the last position where they differ ({@code first}, {@code last}) they agree, and from {@code first} up to
     * {@code last} the characters of one are those of the other one position on (a character taken out at one end of that
     * stretch and another put in at its other end). Two substitutions cannot do it where more than two positions differ,
     * so two values so differing are two edits apart exactly when this holds.
     */
    static boolean movedByOne(final CharSequence left, final CharSequence right) {
        final int length = left.length();
        int first = 0;
        while (first < length && left.charAt(first) == right.charAt(first)) {
            first++;
        }
        int last = length - 1;
        while (last > first && left.charAt(last) == right.charAt(last)) {
            last--;
        }
        return last > first && (regionMatches(left, first + 1, right, first, last - first) || regionMatches(right, first + 1, left, first, last - first));
    }

    /**
     * Whether {@code length} characters of {@code left} from {@code leftStart} are those of {@code right} from
     * {@code rightStart}: {@link String#regionMatches(int, String, int, int)} of two character sequences, both ranges
     * within their values.
     */
    static boolean regionMatches(final CharSequence left, final int leftStart, final CharSequence right, final int rightStart, final int length) {
        for (int i = 0; i < length; i++) {
            if (left.charAt(leftStart + i) != right.charAt(rightStart + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * At least the number of characters two values have in common (counted with repeats), for values of up to
     * {@value #MAXIMUM_COUNTED_LENGTH} characters: characters are counted in 16 four-bit counters of one long by their
     * lowest four bits (the ten digits get one each; other characters sharing a counter only raise the count).
     */
    private static int sharedCharacters(final CharSequence left, final CharSequence right) {
        final long leftCounts = characterCounts(left);
        final long rightCounts = characterCounts(right);
        int shared = 0;
        for (int shift = 0; shift < Long.SIZE; shift += 4) {
            shared += Math.min((int) (leftCounts >>> shift) & 0xF, (int) (rightCounts >>> shift) & 0xF);
        }
        return shared;
    }

    private static long characterCounts(final CharSequence value) {
        long counts = 0;
        for (int i = 0; i < value.length(); i++) {
            counts += 1L << ((value.charAt(i) & 0xF) << 2);
        }
        return counts;
    }
}
