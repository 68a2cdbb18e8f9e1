package dev.nificrm.match;

import java.util.List;
import java.util.Set;

/**
 * Compares normalised email addresses: exact; close (Jaro-Winkler ≥ 0.95 on the whole address: a typo); similar
 * (the same local part at another domain, or local parts with Jaro-Winkler ≥ 0.88); differs. At two free-mail
 * providers the same or alike local parts differ: {@code john.smith@gmail.com} and {@code john.smith@yahoo.com} are two
 * sign-ups, each open to anyone of that name.
 */
public final class EmailComparator implements FieldComparator {

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right)) {
            return 0;
        }
        // the local parts are compared where they are: most pairs are decided without cutting them out
        final int leftLocalLength = localLength(left);
        final int rightLocalLength = localLength(right);
        if (leftLocalLength == rightLocalLength && left.regionMatches(0, right, 0, leftLocalLength)) {
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
        if (Similarities.jaroWinkler(left, right, 0.95) >= 0.95) {
            return 1;
        }
        // alike mailbox names at two free-mail providers are alike because both are made of one name: two sign-ups
        // (fatima.hill@icloud.com, fatimahill33@yahoo.com)
        return localSimilarity >= 0.88 && !atTwoSharedHosts(left, right) ? 2 : 3;
    }

    /** Whether the two addresses are at two different free-mail providers ({@link ComparisonKeys#isSharedHost}). */
    private static boolean atTwoSharedHosts(final String left, final String right) {
        final String leftDomain = domain(left);
        final String rightDomain = domain(right);
        return leftDomain != null && rightDomain != null && !leftDomain.equals(rightDomain) && ComparisonKeys.isSharedHost(leftDomain)
                && ComparisonKeys.isSharedHost(rightDomain);
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
    private static int localLength(final String email) {
        final int at = email.lastIndexOf('@');
        return at < 0 ? email.length() : at;
    }

    /** The part after the last {@code @}, or null when there is none. */
    static String domain(final String email) {
        final int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1);
    }

    @Override
    public List<String> levels() {
        return Similarities.GRADED_LEVELS;
    }
}
