package dev.nificrm.match;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares organisation name keys ({@link OrganisationNames}) word by word, weighing each word by how much it says:
 * a distinctive word ({@code northwind}) counts four times as much as a word many organisations have in their names
 * ({@code industries}, {@code group}, {@code restaurant}, {@code the}), so agreeing on {@code Industries} alone is no
 * agreement. Common are the words of a bundled list and, once fitted to an input ({@link #fittedTo}), the words that
 * at least one in {@value #COMMON_SHARE_DENOMINATOR} of its names (and at least {@value #MINIMUM_COMMON_RECORDS})
 * hold: {@code pizza} in a list of pizzerias, {@code dental} in a list of practices. A typo of a bundled common word
 * ({@code financil}, {@code servcies}: {@link CommonWordTypos}) is common too, so that two firms named in common words,
 * each misspelling one, share no distinctive word. Words pair up when equal, when one is a typo of the other (one edit apart, or Jaro-Winkler ≥ 0.92) or when one abbreviates
 * the other by its start ({@code deli}/{@code delicatessen}); word order does not matter. A word of four letters with one
 * left out ({@code dori}/{@code dri}) pairs up only where every word of both names then has its pair.
 * Every level but generic and differs needs a distinctive word that agrees. A name of bundled common words only
 * ({@code consulting services}, {@code global solutions}) is a name many companies choose: two records agreeing on it
 * say little more than two records agreeing on a common surname, however rare it happens to be in the input, so such
 * names agree only on their own, weak level, which weighs less still where many records of the input or store hold
 * the name ({@link #commonValueLevel()}). Words common in the input only do not make a name generic
 * ({@code orchid bank} where many names hold {@code orchid}): the exact level weighs such a name by how many records
 * hold it. Levels:
 * <ul>
 * <li>exact: equal keys with a distinctive word, also when one writes an umlaut {@code ue} and the other {@code u}
 * ({@code mueller}/{@code muller}, from {@code Müller}), and when one is a key stored before and in the other languages
 * read was written {@code and} ({@code roca y ruiz}/{@code roca and ruiz}, {@link OrganisationNames#joinedWordsWritten}) or
 * before it read HTML entities ({@code kamlit and amp venvel}/{@code kamlit and venvel}, {@link OrganisationNames#htmlEntitiesRead});</li>
 * <li>close: the same words up to typos, abbreviations, order, spacing ({@code mc donalds}/{@code mcdonalds}), or
 * more words on one side only that weigh little (weighted Dice ≥ 0.8: {@code ciboulette restaurant}/
 * {@code ciboulette}); also a name with a qualifier in parentheses against the same name without one, as one source
 * adds the site and another does not ({@code coyote cafe (las vegas)}/{@code coyote cafe}: the name is compared with
 * and without the qualifier, the better level counts, and exact is close);</li>
 * <li>contained: more words on one side only ({@code palm}/{@code palm los angeles});</li>
 * <li>similar: each side has words the other lacks, common ones or with a weighted Dice of at least 0.5
 * ({@code norvex logistics}/{@code norvex consulting});</li>
 * <li>generic: names of common words only, the same up to typos, abbreviations and order
 * ({@code consulting services}/{@code consulting services}, {@code consulting service}/{@code services consulting});</li>
 * <li>differs.</li>
 * </ul>
 */
public final class OrganisationNameComparator implements FieldComparator {
    private static final List<String> LEVELS = List.of("exact", "close", "contained", "similar", "generic", "differs");
    /** Where a key's qualifier in parentheses starts ({@link OrganisationNames}). */
    private static final String QUALIFIER = " (";
    private static final int GENERIC = 4;
    private static final int DIFFERS = 5;
    private static final double COMMON_WEIGHT = 0.25;
    private static final double TYPO_SIMILARITY = 0.92;
    private static final double NEAR_AGREEMENT = 0.9;
    /** A word of four letters and the same with one left out: a typo, a little less sure than one edit in a longer word. */
    private static final double DROPPED_LETTER = 0.89;
    private static final int MINIMUM_ABBREVIATION = 3;
    /** The shortest word that one edit may misspell ({@code dora}/{@code cora}); one of four letters may also lose one ({@code dori}/{@code dri}). */
    private static final int SHORT_WORD = 4;
    /** Where a key's reading ends and another starts ({@link Comparison#VALUE_SEPARATOR}). */
    private static final Pattern READING_END = Pattern.compile(String.valueOf(Comparison.VALUE_SEPARATOR), Pattern.LITERAL);
    private static final LevenshteinDistance ONE_EDIT = new LevenshteinDistance(1);
    /** The longest initialism read as one ({@code abbd}, {@code mubi}); a longer word is a name. */
    private static final int MAXIMUM_INITIALISM = 5;
    /** Words that an initialism may leave out ({@code p and g}, {@code bank of america}/{@code boa} or {@code ba}). */
    private static final Set<String> INITIALISM_CONNECTORS = Set.of("and", "of", "the", "for");
    private static final int COMMON_SHARE_DENOMINATOR = 100;
    private static final int MINIMUM_COMMON_RECORDS = 10;
    /** Words that many organisations have in their names, in the form the key writes them. */
    static final Set<String> COMMON_WORDS = Set.of("and", "of", "the", "at", "on", "in", "for", "by", "de", "la", "le", "les", "du",
            "des", "del", "di", "da", "van", "von", "der", "den", "het", "y", "et", "und", "group", "groupe", "gruppe", "holding",
            "holdings", "international", "global", "worldwide", "national", "american", "european", "services", "service", "solutions",
            "systems", "technologies", "software", "consulting", "consultants", "partners", "associates", "enterprises", "industries",
            "industrial", "trading", "management", "capital", "investments", "finance", "financial", "bank", "insurance", "logistics",
            "transport", "media", "marketing", "design", "engineering", "construction", "manufacturing", "products", "foods", "food",
            "energy", "laboratories", "pharmaceuticals", "health", "healthcare", "medical", "care", "center", "institute", "university",
            "college", "school", "foundation", "association", "society", "club", "church", "agency", "studio", "studios", "store",
            "stores", "shop", "market", "restaurant", "restaurants", "cafe", "caffe", "bar", "grill", "bistro", "kitchen", "pizzeria",
            "pizza", "deli", "delicatessen", "diner", "tavern", "pub", "inn", "hotel", "hotels", "resort", "house", "room", "dining",
            "cuisine", "gourmet", "brasserie", "trattoria", "steakhouse", "coffee", "bakery", "north", "south", "east", "west", "new",
            "city", "usa", "us", "uk", "europe", "america", "corporate", "business", "network", "networks", "digital", "data", "online",
            "communications", "telecom", "electric", "electronics", "motors", "auto", "automotive", "realty", "real", "estate",
            "properties", "property", "development", "resources", "supply", "supplies", "distribution", "brothers", "sons", "family",
            "trust", "fund", "ventures", "first", "united", "general", "home", "office", "life", "world", "labs",
            // a saint, as the key writes it in every language: St. Georg Apotheke and St. Anna Apotheke share no distinctive word
            "st", "ste");

    /** The typos of the bundled common words, indexed once. */
    private static final CommonWordTypos COMMON_WORD_TYPOS = new CommonWordTypos(COMMON_WORDS);

    private final Set<String> commonWords;

    /** A comparator that knows only the bundled common words. */
    public OrganisationNameComparator() {
        this(COMMON_WORDS);
    }

    private OrganisationNameComparator(final Set<String> commonWords) {
        this.commonWords = commonWords;
    }

    /** This comparator with the words that are common in the input's names counted as common too. */
    @Override
    public FieldComparator fittedTo(final TermFrequencies frequencies) {
        final Map<String, Integer> records = new HashMap<>();
        frequencies.forEachValue((value, count) -> {
            for (final String word : new HashSet<>(Arrays.asList(withoutParentheses(value).split(" ")))) {
                records.merge(word, count, Integer::sum);
            }
        });
        final long threshold = Math.max(MINIMUM_COMMON_RECORDS, frequencies.getTotal() / COMMON_SHARE_DENOMINATOR);
        final Set<String> common = new HashSet<>(COMMON_WORDS);
        records.forEach((word, count) -> {
            if (count >= threshold) {
                common.add(word);
            }
        });
        return common.size() == COMMON_WORDS.size() ? this : new OrganisationNameComparator(Set.copyOf(common));
    }

    @Override
    public int compare(final String left, final String right) {
        if (!left.equals(right)) {
            // a key stored before the key wrote and in the other languages read as and (roca y ruiz), or before it read HTML
            // entities (kamlit and amp venvel), is the key of the same name made since (roca and ruiz, kamlit and venvel):
            // the same name, not two names alike, before the store sees the record again
            final String leftNow = OrganisationNames.joinedWordsWritten(OrganisationNames.htmlEntitiesRead(left));
            final String rightNow = OrganisationNames.joinedWordsWritten(OrganisationNames.htmlEntitiesRead(right));
            final boolean leftInitials = leftNow.indexOf(OrganisationNames.INITIALS_SEPARATOR) >= 0;
            if (leftInitials != rightNow.indexOf(OrganisationNames.INITIALS_SEPARATOR) >= 0) {
                // initials that spell a word (a.t systems) against that word (at systems: stored before the key told them
                // apart, or written in capitals throughout, AT SYSTEMS): the same name, as the initials are
                final String initials = leftInitials ? leftNow : rightNow;
                if (OrganisationNames.initialsAsTheWord(initials).equals(leftInitials ? rightNow : leftNow)) {
                    return compareWritten(initials, initials);
                }
            }
            if (leftNow != left || rightNow != right) {
                return compareWritten(leftNow, rightNow);
            }
        }
        return compareWritten(left, right);
    }

    /** The level of two keys as the key writes names now. */
    private int compareWritten(final String left, final String right) {
        final int leftQualifier = left.indexOf(QUALIFIER);
        final int rightQualifier = right.indexOf(QUALIFIER);
        if (leftQualifier < 0 && rightQualifier < 0) {
            return compareNames(left, right);
        }
        if (left.equals(right)) {
            return isGeneric(withoutParentheses(left)) ? GENERIC : 0;
        }
        if (leftQualifier >= 0 && rightQualifier >= 0) {
            // two qualifiers are compared as the words they are: (hamburg) and (munich) are two sites
            return compareNames(withoutParentheses(left), withoutParentheses(right));
        }
        final String qualified = leftQualifier >= 0 ? left : right;
        final String other = leftQualifier >= 0 ? right : left;
        final int level = Math.min(compareNames(qualified.substring(0, Math.max(leftQualifier, rightQualifier)), other),
                compareNames(withoutParentheses(qualified), other));
        // the qualifier one source adds is a difference, if a small one
        return level == 0 ? 1 : level;
    }

    /** A key without the parentheses of its qualifier: its words. */
    private static String withoutParentheses(final String key) {
        return key.replace("(", "").replace(")", "");
    }

    /** The level of two keys of words. */
    private int compareNames(final String left, final String right) {
        return compareNames(left, right, true);
    }

    /**
     * The level of two keys of words, a short word that lost a letter paired with its word where {@code droppedLetters}
     * ({@link #isLetterDropped}): only where it makes the names one name, every word of each paired. Three letters
     * against four is too weak a likeness to carry two names that differ in other words too ({@code pot}/{@code post} in
     * {@code coffee pot}/{@code post house}, {@code via}/{@code vida} in {@code vivande porta via}/{@code vida}: other
     * restaurants), so their words are paired again without it.
     */
    private int compareNames(final String left, final String right, final boolean droppedLetters) {
        if (left.equals(right) || Umlauts.sameSpelling(left, right)) {
            return isGeneric(left) ? GENERIC : 0;
        }
        if (left.replace(" ", "").equals(right.replace(" ", ""))) {
            return 1;
        }
        final String[] leftWords = left.split(" ");
        final String[] rightWords = right.split(" ");
        final int initialism = initialismLevel(leftWords, rightWords);
        if (initialism >= 0) {
            return initialism;
        }
        // pair the words first: names with no word in common (most pairs) differ whatever their words weigh
        final boolean[] rightUsed = new boolean[rightWords.length];
        final int[] partners = new int[leftWords.length];
        final double[] similarities = new double[leftWords.length];
        boolean paired = false;
        boolean droppedLetterPaired = false;
        for (int i = 0; i < leftWords.length; i++) {
            int best = -1;
            double bestSimilarity = 0;
            for (int j = 0; j < rightWords.length; j++) {
                if (!rightUsed[j]) {
                    final double similarity = wordSimilarity(leftWords[i], rightWords[j], droppedLetters);
                    if (similarity > bestSimilarity) {
                        bestSimilarity = similarity;
                        best = j;
                    }
                }
            }
            partners[i] = best;
            similarities[i] = bestSimilarity;
            droppedLetterPaired |= bestSimilarity == DROPPED_LETTER;
            if (best >= 0) {
                rightUsed[best] = true;
                paired = true;
            }
        }
        if (!paired) {
            return DIFFERS;
        }
        final double[] rightWeights = new double[rightWords.length];
        double leftWeight = 0;
        double rightWeight = 0;
        double agreed = 0;
        boolean leftUnmatched = false;
        boolean leftUnmatchedDistinctive = false;
        boolean distinctiveAgrees = false;
        boolean distinctive = false;
        for (int j = 0; j < rightWords.length; j++) {
            final double weight = weight(rightWords[j]);
            rightWeights[j] = weight;
            rightWeight += weight;
            distinctive |= weight == 1;
        }
        for (int i = 0; i < leftWords.length; i++) {
            final double weight = weight(leftWords[i]);
            leftWeight += weight;
            distinctive |= weight == 1;
            final int partner = partners[i];
            if (partner < 0) {
                leftUnmatched = true;
                leftUnmatchedDistinctive |= weight == 1;
            } else {
                agreed += similarities[i] * (weight + rightWeights[partner]) / 2;
                distinctiveAgrees |= weight == 1 && rightWeights[partner] == 1;
            }
        }
        boolean rightUnmatched = false;
        boolean rightUnmatchedDistinctive = false;
        for (int j = 0; j < rightWords.length; j++) {
            rightUnmatched |= !rightUsed[j];
            rightUnmatchedDistinctive |= !rightUsed[j] && rightWeights[j] == 1;
        }
        if (droppedLetterPaired && (leftUnmatched || rightUnmatched)) {
            return compareNames(left, right, false);
        }
        if (!distinctiveAgrees) {
            // one name of common words only, written two ways; any other difference is two names
            return distinctive || leftUnmatched || rightUnmatched ? DIFFERS : GENERIC;
        }
        final double dice = 2 * agreed / (leftWeight + rightWeight);
        if (!leftUnmatched || !rightUnmatched) {
            // one name is the other, perhaps with more words: close when those are common words
            return dice >= 0.8 ? 1 : 2;
        }
        // each side has a word the other lacks: two names alike, not one name written two ways
        return dice >= 0.5 || !(leftUnmatchedDistinctive && rightUnmatchedDistinctive) ? 3 : DIFFERS;
    }

    /**
     * The level of a name against its initialism ({@code ibm}/{@code international business machines}, {@code pg}/{@code p and g}/{@code procter and
     * gamble}, {@code knd systems}/{@code kamlit norvex dalbra systems}), or -1 when neither name is the other's initialism.
     */
    private static int initialismLevel(final String[] left, final String[] right) {
        final int level = initialism(left, right);
        return level >= 0 ? level : initialism(right, left);
    }

    /**
     * Contained when the first word of {@code shortName}, or all of it where it is single letters and {@code and}
     * ({@code p and g}), holds the initials of the first words of {@code longName} in order (an {@code and}, {@code of}
     * or {@code the} among them may have none) and the words after it are the last words of {@code longName}; -1
     * otherwise. Two letters are contained too, though many names share them ({@code gm}: {@code general motors},
     * {@code general medical}): that a random other name of two words has the initials of a two-letter key is about as
     * rare as the level says (one pair in 340 to 540 among the Fodor's/Zagat restaurants and the CRM sample's
     * organisations, against the level's u of one in 670 and similar's one in 100), and the other fields tell such
     * companies apart as they tell any two apart.
     */
    private static int initialism(final String[] shortName, final String[] longName) {
        // initials that spell a word are keyed with dots between their letters (a.t)
        String letters = OrganisationNames.initialsAsTheWord(shortName[0]);
        int rest = shortName.length - 1;
        if (letters.length() == 1) {
            final StringBuilder joined = new StringBuilder();
            for (final String word : shortName) {
                if (word.length() == 1) {
                    joined.append(word);
                } else if (!"and".equals(word)) {
                    return -1;
                }
            }
            letters = joined.toString();
            rest = 0;
        }
        final int spelled = longName.length - rest;
        if (letters.length() < 2 || letters.length() > MAXIMUM_INITIALISM || spelled < letters.length()) {
            return -1;
        }
        for (int i = 0; i < letters.length(); i++) {
            if (!Character.isLetter(letters.charAt(i))) {
                return -1;
            }
        }
        for (int i = 1; i <= rest; i++) {
            if (!shortName[i].equals(longName[spelled + i - 1])) {
                return -1;
            }
        }
        int letter = 0;
        for (int i = 0; i < spelled; i++) {
            final String word = longName[i];
            if (letter < letters.length() && word.charAt(0) == letters.charAt(letter)) {
                letter++;
            } else if (!INITIALISM_CONNECTORS.contains(word)) {
                return -1;
            }
        }
        return letter < letters.length() ? -1 : 2;
    }

    /**
     * Whether every word of a key is a bundled common word (or a typo of one); stops at the first other word, usually the
     * first. A word common only in the input ({@code orchid} in a city of {@code Orchid Bank}, {@code Orchid Nails},
     * {@code Sushi Orchid}) does not make a name generic: how many records hold the whole name is known from the input
     * too, and the exact level weighs it by that, so {@code Orchid Bank} held by two records is a rare name.
     */
    private static boolean isGeneric(final String key) {
        int start = 0;
        while (true) {
            final int end = key.indexOf(' ', start);
            if (end < 0) {
                return isBundledCommon(start == 0 ? key : key.substring(start));
            }
            if (!isBundledCommon(key.substring(start, end))) {
                return false;
            }
            start = end + 1;
        }
    }

    /**
     * Whether two name keys (each perhaps of several readings, {@link Comparison#VALUE_SEPARATOR}) differ outright in
     * every reading: each holds a word that is no bundled common word, and no such word of either is like a word of the
     * other (equal, a typo, an abbreviation by the start: {@link #wordSimilarity}). {@code contoso} and {@code fabrikam}
     * differ outright, so do {@code contoso holding} and {@code fabrikam holding}; {@code norvex holding} and {@code
     * norvex dalbra capital} share a distinctive word, and {@code global services} and {@code gloal services} (a typo of
     * a common word counts as distinctive to the levels) are alike. Asked of pairs whose names differ, not of every pair.
     */
    static boolean differOutright(final String left, final String right) {
        final String[] leftReadings = READING_END.split(left);
        final String[] rightReadings = READING_END.split(right);
        for (final String leftReading : leftReadings) {
            final String[] leftWords = withoutParentheses(leftReading).split(" ");
            for (final String rightReading : rightReadings) {
                final String[] rightWords = withoutParentheses(rightReading).split(" ");
                if (!distinctiveAndUnlike(leftWords, rightWords) || !distinctiveAndUnlike(rightWords, leftWords)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code words} hold a distinctive word and none of their distinctive words is like one of {@code others}. */
    private static boolean distinctiveAndUnlike(final String[] words, final String[] others) {
        boolean distinctive = false;
        for (final String word : words) {
            if (word.isEmpty() || isBundledCommon(word)) {
                continue;
            }
            distinctive = true;
            for (final String other : others) {
                if (!other.isEmpty() && wordSimilarity(word, other, true) > 0) {
                    return false;
                }
            }
        }
        return distinctive;
    }

    private static boolean isBundledCommon(final String word) {
        return COMMON_WORDS.contains(word) || COMMON_WORD_TYPOS.isTypo(word);
    }

    private double weight(final String word) {
        return isCommon(word) ? COMMON_WEIGHT : 1;
    }

    /** Whether a word is common: one of the common words, or a typo of a bundled one ({@link CommonWordTypos}). */
    private boolean isCommon(final String word) {
        return commonWords.contains(word) || COMMON_WORD_TYPOS.isTypo(word);
    }

    /**
     * 1 for equal words (up to how umlauts are written: {@code mueller}/{@code muller}), 0.9 for a typo (one edit, or
     * Jaro-Winkler ≥ 0.92) or an abbreviation by the start, {@value #DROPPED_LETTER} for a word of four letters with one
     * left out where {@code droppedLetters} ({@code dori}/{@code dri}), else 0. No edit nor Jaro-Winkler between words of
     * three letters: one edit makes {@code dar} of {@code dor}, another short name. Between three letters and four,
     * Jaro-Winkler ≥ 0.92 holds of a letter after the first dropped and of nothing else (every pair of words of a
     * four-letter alphabet: {@code dri}/{@code dori} 0.925); the rule says so without the score.
     */
    private static double wordSimilarity(final String left, final String right, final boolean droppedLetters) {
        if (left.equals(right) || Umlauts.sameSpelling(left, right)) {
            return 1;
        }
        final String shorter = left.length() <= right.length() ? left : right;
        final String longer = shorter == left ? right : left;
        if (shorter.length() >= MINIMUM_ABBREVIATION && longer.startsWith(shorter) && !Character.isDigit(shorter.charAt(0))) {
            return NEAR_AGREEMENT;
        }
        if (shorter.length() >= SHORT_WORD && (Similarities.editDistance(ONE_EDIT, 1, left, right) >= 0 || Similarities.jaroWinkler(left, right, TYPO_SIMILARITY) >= TYPO_SIMILARITY)) {
            return NEAR_AGREEMENT;
        }
        if (droppedLetters && shorter.length() == MINIMUM_ABBREVIATION && longer.length() == SHORT_WORD && isLetterDropped(shorter, longer)) {
            return DROPPED_LETTER;
        }
        return 0;
    }

    /**
     * Whether a word of three letters is one of four with a letter after the first left out ({@code dri}/{@code dori},
     * {@code ori}/{@code oxri}; the last letter left out is an abbreviation by the start, {@code dor}/{@code dori}).
     * Only a letter dropped: a letter changed ({@code dor}/{@code dar}) or two swapped in a word of three letters is
     * another short name. Letters only: {@code k12}/{@code k102} are two numbers.
     */
    private static boolean isLetterDropped(final String shorter, final String longer) {
        for (int i = 0; i < shorter.length(); i++) {
            if (!Character.isLetter(shorter.charAt(i))) {
                return false;
            }
        }
        if (shorter.charAt(0) != longer.charAt(0)) {
            return false;
        }
        for (int dropped = 1; dropped < longer.length(); dropped++) {
            if (shorter.regionMatches(1, longer, 1, dropped - 1) && shorter.regionMatches(dropped, longer, dropped + 1, longer.length() - dropped - 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> levels() {
        return LEVELS;
    }

    /** {@code generic}: a name many companies choose, weighing less where many records of the data hold it. */
    @Override
    public int commonValueLevel() {
        return GENERIC;
    }
}
