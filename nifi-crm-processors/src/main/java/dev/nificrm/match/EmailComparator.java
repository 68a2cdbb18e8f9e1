package dev.nificrm.match;

import java.util.List;
import java.util.Set;

/**
 * Compares normalised email addresses: exact; close (Jaro-Winkler ≥ 0.95 on the whole address: a typo); similar
 * (the same local part at another domain, or local parts with Jaro-Winkler ≥ 0.88); differs. At two free-mail
 * providers the same or alike local parts differ: {@code john.smith@gmail.com} and {@code john.smith@yahoo.com} are two
 * sign-ups, each open to anyone of that name. At one domain, one name numbered apart differs too
 * ({@code sarah.young@outlook.com}, {@code sarah.young2@outlook.com}: the name was taken, {@link #numberedApart}).
 */
public final class EmailComparator implements FieldComparator {
    /** Local parts below this Jaro-Winkler similarity differ outright (as whole local parts do in {@link #compare}). */
    private static final double DIFFERS_OUTRIGHT = 0.80;
    /** The other forms of a given name a mailbox may be made of ({@link #alikeOnlyByGivenName}). */
    private static final Nicknames NICKNAMES = Nicknames.bundled();

    @Override
    public int compare(final String left, final String right) {
        return compareCharacters(left, right);
    }

    /**
     * {@link #compare} of a mailbox and one given as its characters: a stored one read where the store holds it
     * ({@link CandidateKeys}), the same steps on the same characters, so the same level, without a string of the stored
     * mailbox (another person's, most pairs); or a string, as {@link #compare} gives it.
     */
    @Override
    public int compareCharacters(final String left, final CharSequence right) {
        if (left.contentEquals(right)) {
            return 0;
        }
        // the local parts are compared where they are: most pairs are decided without cutting them out
        final int leftLocalLength = localLength(left);
        final int rightLocalLength = localLength(right);
        if (leftLocalLength == rightLocalLength && Similarities.regionMatches(left, 0, right, 0, leftLocalLength)) {
            // a mistyped domain is the same mailbox; john.smith at another provider may well be another John Smith
            if (Similarities.jaroWinkler(left, right, 0.95) >= 0.95) {
                return 1;
            }
            // at two free-mail providers the same name is two sign-ups, each open to anyone of that name: no evidence
            // beyond the names it is made of (wei.king@icloud.com, wei.king@hotmail.com)
            return atTwoSharedHosts(left, right) ? 3 : 2;
        }
        // addresses whose local parts are far apart cannot be a typo of each other: skip the costlier whole comparison
        final double localSimilarity = Similarities.jaroWinkler(left, leftLocalLength, right, rightLocalLength, 0.80);
        if (localSimilarity < 0.80) {
            return 3;
        }
        // at one domain, a name already taken is numbered: sarah.young2@ is another Sarah Young than sarah.young@
        if (numberedApart(left, leftLocalLength, right, rightLocalLength)) {
            return 3;
        }
        if (Similarities.jaroWinkler(left, right, 0.95) >= 0.95) {
            return 1;
        }
        // alike mailbox names at two free-mail providers are alike because both are made of one name: two sign-ups
        // (fatima.hill@icloud.com, fatimahill33@yahoo.com)
        return localSimilarity >= 0.88 && !atTwoSharedHosts(left, right) ? 2 : 3;
    }

    /**
     * Whether two addresses at one domain are one name numbered apart: the letters of the local parts are one (separators
     * aside) and their numbers are not one typo apart: a number on one only ({@code sarah.young@}, {@code sarah.young2@};
     * {@code lwang@}, {@code lwang2@} at one company), or numbers more than one edit apart ({@code minjunkim30@},
     * {@code minjunkim63@}). A provider or a company numbers a name already taken, so such mailboxes are two people's. One
     * digit changed, dropped or added, or two neighbours swapped, between two numbers is a typo ({@code jsmith1984@},
     * {@code jsmith1948@}).
     */
    static boolean numberedApart(final CharSequence left, final int leftLocalLength, final CharSequence right, final int rightLocalLength) {
        if (left.length() - leftLocalLength != right.length() - rightLocalLength
                || !Similarities.regionMatches(left, leftLocalLength, right, rightLocalLength, left.length() - leftLocalLength)) {
            return false;
        }
        // the digits are gathered only once the letters have proven one name (most pairs part on a letter first)
        int l = 0;
        int r = 0;
        while (true) {
            l = nextLetter(left, l, leftLocalLength);
            r = nextLetter(right, r, rightLocalLength);
            if (l == leftLocalLength || r == rightLocalLength) {
                break;
            }
            if (left.charAt(l) != right.charAt(r)) {
                return false;
            }
            l++;
            r++;
        }
        if (l != leftLocalLength || r != rightLocalLength) {
            return false;
        }
        final String leftDigits = digits(left, leftLocalLength);
        final String rightDigits = digits(right, rightLocalLength);
        if (leftDigits.isEmpty() && rightDigits.isEmpty()) {
            return false;
        }
        return leftDigits.isEmpty() || rightDigits.isEmpty() || !oneEditApart(leftDigits, rightDigits);
    }

    /** The position of the first letter at or after {@code from} in the local part, or its length. */
    private static int nextLetter(final CharSequence address, final int from, final int localLength) {
        int at = from;
        while (at < localLength && !Character.isLetter(address.charAt(at))) {
            at++;
        }
        return at;
    }

    /** The digits of an address's local part, in order. */
    private static String digits(final CharSequence address, final int localLength) {
        final StringBuilder digits = new StringBuilder();
        for (int i = 0; i < localLength; i++) {
            if (Character.isDigit(address.charAt(i))) {
                digits.append(address.charAt(i));
            }
        }
        return digits.toString();
    }

    /** Whether two numbers are one: one digit changed, dropped or added, or two neighbours swapped. */
    private static boolean oneEditApart(final CharSequence left, final CharSequence right) {
        final int shorter = Math.min(left.length(), right.length());
        int start = 0;
        while (start < shorter && left.charAt(start) == right.charAt(start)) {
            start++;
        }
        int leftEnd = left.length();
        int rightEnd = right.length();
        while (leftEnd > start && rightEnd > start && left.charAt(leftEnd - 1) == right.charAt(rightEnd - 1)) {
            leftEnd--;
            rightEnd--;
        }
        final int leftRest = leftEnd - start;
        final int rightRest = rightEnd - start;
        if (leftRest <= 1 && rightRest <= 1) {
            return true;
        }
        return leftRest == 2 && rightRest == 2 && left.charAt(start) == right.charAt(start + 1) && left.charAt(start + 1) == right.charAt(start);
    }

    /**
     * Whether two mailboxes are alike only by the given name their local parts both start with: past that name (a given
     * name of either record, or another form of it, {@link Nicknames}) and the separators after it, what is left of the
     * two local parts differs outright ({@code gijsbert.jacobs} and {@code gijsbert.dejong}: {@code jacobs} against
     * {@code dejong}). Such mailboxes say no more than that both people are called Gijsbert, which the given names say
     * already. False where either name is missing or holds several values, where the local parts do not both start with
     * the name, or where nothing is left of one of them past it ({@code gijsbert@} is no other family name). A form of
     * the name written in full may run on into the family name in one local part ({@code antonino.costa},
     * {@code antoninosantoro46} of two people written Nino). A local part that starts with a family name of either record
     * which starts with the given name ({@code jansen.jan@} of Jan Jansen) starts with that family name, not the given name:
     * nothing is cut.
     *
     * @param leftName    the left record's given name key, or null
     * @param rightName   the right record's given name key, or null
     * @param leftFamily  the left record's family name key, or null
     * @param rightFamily the right record's family name key, or null
     */
    static boolean alikeOnlyByGivenName(final String left, final String right, final String leftName, final String rightName,
                                        final String leftFamily, final String rightFamily) {
        if (leftName == null || rightName == null || leftName.indexOf(Comparison.VALUE_SEPARATOR) >= 0
                || rightName.indexOf(Comparison.VALUE_SEPARATOR) >= 0) {
            return false;
        }
        final int leftLocalLength = localLength(left);
        final int rightLocalLength = localLength(right);
        int shared = sharedGivenName(left, leftLocalLength, right, rightLocalLength, leftName);
        if (shared == 0) {
            shared = sharedGivenName(left, leftLocalLength, right, rightLocalLength, rightName);
        }
        if (shared == 0) {
            shared = sharedFormOfGivenName(left, leftLocalLength, right, rightLocalLength, leftName, rightName);
        }
        if (shared == 0 || startsWithFamilyName(left, leftLocalLength, shared, leftFamily, rightFamily)
                || startsWithFamilyName(right, rightLocalLength, shared, leftFamily, rightFamily)) {
            return false;
        }
        final int leftRest = pastSeparators(left, shared, leftLocalLength);
        final int rightRest = pastSeparators(right, shared, rightLocalLength);
        if (leftRest == leftLocalLength || rightRest == rightLocalLength) {
            return false;
        }
        // only the few pairs that reach here cut their remainders out
        return Similarities.jaroWinkler(left.substring(leftRest, leftLocalLength), right.substring(rightRest, rightLocalLength), DIFFERS_OUTRIGHT)
                < DIFFERS_OUTRIGHT;
    }

    /**
     * Whether two single mailboxes differ only where each starts with its own record's given name (its first word), two
     * names: {@code marinus.verhoeven@wp.pl} of Marinus and {@code adrianus.verhoeven@wp.pl} of Adrianus are alike as a
     * whole (a typo apart by spelling), yet each is named for another person. False where a key is missing or holds
     * several values, or the names are one.
     *
     * @param leftName  the left record's given name key, or null
     * @param rightName the right record's given name key, or null
     */
    static boolean namedForTwoGivenNames(final String left, final String right, final String leftName, final String rightName) {
        if (left == null || right == null || leftName == null || rightName == null || left.indexOf(Comparison.VALUE_SEPARATOR) >= 0
                || right.indexOf(Comparison.VALUE_SEPARATOR) >= 0) {
            return false;
        }
        final int leftLength = firstWordLength(leftName);
        final int rightLength = firstWordLength(rightName);
        final int rest = left.length() - leftLength;
        return rest > 0 && rest == right.length() - rightLength && !leftName.regionMatches(0, rightName, 0, Math.max(leftLength, rightLength))
                && left.regionMatches(0, leftName, 0, leftLength) && right.regionMatches(0, rightName, 0, rightLength)
                && left.regionMatches(leftLength, right, rightLength, rest);
    }

    private static int firstWordLength(final String name) {
        final int space = name.indexOf(' ');
        return space < 0 ? name.length() : space;
    }

    /**
     * The length of the given name (its first word) both local parts start with, or 0. An initial is not cut: past one
     * initial and a separator, local parts alike as a whole hardly differ outright ({@code g.jacobsen}, {@code g.jansen}).
     */
    private static int sharedGivenName(final String left, final int leftLocalLength, final String right, final int rightLocalLength,
                                       final String name) {
        final int space = name.indexOf(' ');
        final int length = space < 0 ? name.length() : space;
        if (length >= 2 && length < leftLocalLength && length < rightLocalLength && left.regionMatches(0, name, 0, length)
                && right.regionMatches(0, name, 0, length)) {
            return length;
        }
        return 0;
    }

    /**
     * The length of the word both local parts start with, ended by a separator in at least one of them, where it is
     * another form of either record's given name ({@link Nicknames#areAlternatives}: {@code gijsbert.jacobs} and
     * {@code gijsbert.dejong} of two people written Bert; {@code antonino.costa} and {@code antoninosantoro46} of two
     * written Nino), or 0.
     */
    private static int sharedFormOfGivenName(final String left, final int leftLocalLength, final String right, final int rightLocalLength,
                                             final String leftName, final String rightName) {
        int length = 0;
        while (length < leftLocalLength && length < rightLocalLength && left.charAt(length) == right.charAt(length)
                && !isSeparator(left.charAt(length))) {
            length++;
        }
        if (length < 2 || length == leftLocalLength || length == rightLocalLength) {
            return 0;
        }
        // the word ends at a separator in one local part; in the other it may run on into the family name
        if (!isSeparator(left.charAt(length)) && !isSeparator(right.charAt(length))) {
            return 0;
        }
        // only pairs whose mailboxes start with one word cut it out
        final String word = left.substring(0, length);
        return NICKNAMES.areAlternatives(word, firstWord(leftName)) || NICKNAMES.areAlternatives(word, firstWord(rightName)) ? length : 0;
    }

    /**
     * Whether a local part starts with a family name of either record (its letters, spaces left out) longer than the
     * {@code cut} it starts with: the given name the cut would take is the start of that family name.
     */
    private static boolean startsWithFamilyName(final String email, final int localLength, final int cut, final String leftFamily,
                                                final String rightFamily) {
        return startsWithName(email, localLength, cut, leftFamily) || startsWithName(email, localLength, cut, rightFamily);
    }

    private static boolean startsWithName(final String email, final int localLength, final int cut, final String family) {
        if (family == null || family.indexOf(Comparison.VALUE_SEPARATOR) >= 0) {
            return false;
        }
        int at = 0;
        for (int letter = 0; letter < family.length(); letter++) {
            final char c = family.charAt(letter);
            if (c == ' ') {
                continue;
            }
            if (at == localLength || email.charAt(at) != c) {
                return false;
            }
            at++;
        }
        return at > cut;
    }

    private static String firstWord(final String name) {
        final int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(0, space);
    }

    /** The first position at or after {@code from} that holds no separator, or {@code end}. */
    private static int pastSeparators(final String email, final int from, final int end) {
        int position = from;
        while (position < end && isSeparator(email.charAt(position))) {
            position++;
        }
        return position;
    }

    private static boolean isSeparator(final char c) {
        return c == '.' || c == '_' || c == '-';
    }

    /**
     * Whether the two addresses are at two different free-mail providers ({@link ComparisonKeys#isSharedHost}): their
     * domains (after the last {@code @}, not empty) are told where the addresses hold them, without strings of them.
     */
    static boolean atTwoSharedHosts(final CharSequence left, final CharSequence right) {
        final int leftDomain = lastAt(left) + 1;
        final int rightDomain = lastAt(right) + 1;
        final int leftLength = left.length() - leftDomain;
        final int rightLength = right.length() - rightDomain;
        if (leftDomain == 0 || rightDomain == 0 || leftLength == 0 || rightLength == 0
                || leftLength == rightLength && Similarities.regionMatches(left, leftDomain, right, rightDomain, leftLength)) {
            return false;
        }
        return ComparisonKeys.isSharedHost(left, leftDomain, left.length()) && ComparisonKeys.isSharedHost(right, rightDomain, right.length());
    }

    /**
     * The local parts of addresses a role, a team or a whole company answers at rather than one person ({@code info@},
     * {@code sales@}, {@code office@}): agreeing on one says nothing of who wrote.
     */
    private static final Set<String> ROLE_MAILBOXES = Set.of("info", "information", "sales", "contact", "contacts", "contactus",
            "office", "admin", "administrator", "administration", "support", "help", "helpdesk", "hello", "hi", "enquiries",
            "enquiry", "inquiries", "inquiry", "mail", "email", "team", "hr", "jobs", "careers", "recruiting", "billing",
            "accounts", "accounting", "invoices", "invoice", "finance", "orders", "order", "service", "services",
            "customerservice", "customercare", "reception", "frontdesk", "marketing", "press", "media", "webmaster",
            "postmaster", "hostmaster", "abuse", "security", "it", "legal", "privacy", "newsletter", "news", "staff",
            "booking", "bookings", "reservations", "events", "general", "mailbox", "post", "kontakt", "buero", "büro",
            "verkauf", "vertrieb", "bureau", "ventas", "contacto", "oficina", "vendite", "ufficio");

    /** Whether a normalised address's local part is a role's ({@link #ROLE_MAILBOXES}), whatever its domain. */
    static boolean isRoleMailbox(final String email) {
        return ROLE_MAILBOXES.contains(localPart(email));
    }

    static String localPart(final String email) {
        return email.substring(0, localLength(email));
    }

    /** The length of the part before the last {@code @}, the whole length when there is none. */
    private static int localLength(final CharSequence email) {
        final int at = lastAt(email);
        return at < 0 ? email.length() : at;
    }

    /** The position of the last {@code @}, or -1. */
    private static int lastAt(final CharSequence email) {
        if (email instanceof String string) {
            return string.lastIndexOf('@');
        }
        int at = email.length() - 1;
        while (at >= 0 && email.charAt(at) != '@') {
            at--;
        }
        return at;
    }

    /** The part after the last {@code @}, or null when there is none. */
    static String domain(final CharSequence email) {
        final int at = lastAt(email);
        return at < 0 || at == email.length() - 1 ? null : email.subSequence(at + 1, email.length()).toString();
    }

    @Override
    public List<String> levels() {
        return Similarities.GRADED_LEVELS;
    }
}
