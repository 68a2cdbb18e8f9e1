package dev.nificrm.clean;

/**
 * Normalises an email address: strips a {@code mailto:} prefix, a display name with the angle brackets around the
 * address ({@code Ann Lee <ann@example.com>}) and a final full stop, lower-cases the whole address, and checks its
 * syntax.
 * <p>
 * Lower-casing the local part is technically lossy (RFC 5321 lets a server treat it case-sensitively) but no
 * mainstream provider does, and CRMs de-duplicate contacts on the lower-cased address. The syntax check is the
 * practical subset CRMs accept: one {@code @}; a local part of at most 64 characters from the RFC 5322 "atext" set
 * with dots only between characters; a domain of at least two dot-separated labels of letters, digits and inner
 * hyphens, the last one alphabetic and two or more letters long; at most 254 characters in all, the domain counted in
 * its ASCII form ({@code xn--}), as a mail server without SMTPUTF8 is given it (RFC 5321's path of 256 less its angle
 * brackets). Quoted local parts and IP-literal domains are rejected.
 * <p>
 * An internationalised domain is written in its Unicode letters, as its owner writes it and a CRM shows it (Salesforce
 * with Email Address Internationalization and HubSpot store email addresses in Unicode): the ASCII form of its labels
 * ({@code xn--bcher-kva}) is decoded by {@link InternationalDomains}, so {@code jane@xn--bcher-kva.de} and
 * {@code jane@bücher.de} are one value, and an {@code xn--} label that decodes to no valid label is rejected. A domain
 * in Unicode letters is held to IDNA 2008's rules by {@link InternationalDomainRules} (its length as {@code xn--}, one
 * script per label, the Bidi Rule, joiners in context); an ASCII domain only to its length of 253.
 * <pre>
 * "  MailTo:John.Doe@Example.COM " → "john.doe@example.com"
 * "JANE@XN--BCHER-KVA.DE"         → "jane@bücher.de"
 * "john.doe@example"              → reason "domain has no dot"
 * </pre>
 */
public final class EmailRule implements ValueRule {
    private static final String MAILTO = "mailto:";
    private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";
    static final String INVALID_PUNYCODE = "invalid internationalised domain label (xn--)";
    static final String ADDRESS_TOO_LONG = "address longer than 254 characters";
    /** RFC 5321's path of 256 characters less its angle brackets (RFC 3696, erratum 1690). */
    private static final int MAX_ADDRESS = 254;

    @Override
    public CleanResult clean(final String value, final String region) {
        String address = value;
        if (address.regionMatches(true, 0, MAILTO, 0, MAILTO.length())) {
            address = address.substring(MAILTO.length()).trim();
        }
        final int open = address.lastIndexOf('<');
        if (open >= 0 && address.length() - open > 2 && address.charAt(address.length() - 1) == '>' && address.lastIndexOf('@', open) < 0) {
            // <ann@example.com>, and the display-name form of mail headers: Ann Lee <ann@example.com>
            address = address.substring(open + 1, address.length() - 1).trim();
        }
        if (address.length() > 1 && address.charAt(address.length() - 1) == '.' && address.charAt(address.length() - 2) != '.') {
            // the full stop of a sentence, or the root of a fully qualified domain: the same address
            address = address.substring(0, address.length() - 1);
        }
        // lower case first: the length of an internationalised label in DNS is its lower-case letters' (xn--)
        final String lower = lowerIfNeeded(address);
        final String reason = validate(lower);
        if (reason != null) {
            return CleanResult.invalid(reason);
        }
        final int at = lower.indexOf('@');
        if (lower.indexOf("xn--", at + 1) < 0) {
            // nearly every address: no label to decode, and nothing cut out of it to find that
            return CleanResult.of(value, lower);
        }
        // one mailbox, one value: jane@xn--bcher-kva.de is written jane@bücher.de, as a CRM shows it and as it was typed
        final String domain = InternationalDomains.toUnicode(lower.substring(at + 1));
        if (domain == null) {
            return CleanResult.invalid(INVALID_PUNYCODE);
        }
        final String unicode = lower.substring(0, at + 1) + domain;
        final String decodedReason = validate(unicode);
        return decodedReason == null ? CleanResult.of(value, unicode) : CleanResult.invalid(decodedReason);
    }

    private static String lowerIfNeeded(final String address) {
        for (int i = 0; i < address.length(); i++) {
            if (Character.isUpperCase(address.charAt(i))) {
                // İ, which Turkish upper-casing makes of i, lower-cases to i and a combining dot, no address character
                return TextRule.lower(address.indexOf('\u0130') < 0 ? address : address.replace('\u0130', 'i'));
            }
        }
        return address;
    }

    /** The reason the address is not acceptable, or null. */
    static String validate(final String address) {
        final int at = address.indexOf('@');
        if (at < 0) {
            return "missing @";
        }
        if (address.indexOf('@', at + 1) >= 0) {
            return "more than one @";
        }
        for (int i = 0; i < address.length(); i++) {
            if (Character.isWhitespace(address.charAt(i)) || Character.isSpaceChar(address.charAt(i))) {
                return "contains a space";
            }
        }
        if (at == 0) {
            return "nothing before @";
        }
        if (at == address.length() - 1) {
            return "nothing after @";
        }
        final String localReason = validateLocalPart(address, at);
        if (localReason != null) {
            return localReason;
        }
        return validateDomain(address, at + 1);
    }

    private static String validateLocalPart(final String address, final int end) {
        if (end > 64) {
            return "part before @ longer than 64 characters";
        }
        if (address.charAt(0) == '.' || address.charAt(end - 1) == '.') {
            return "part before @ starts or ends with a dot";
        }
        for (int i = 0; i < end; i++) {
            final char c = address.charAt(i);
            if (c == '.') {
                if (address.charAt(i + 1) == '.') {
                    return "two dots in a row";
                }
            } else if (!Character.isLetterOrDigit(c) && ATEXT_SYMBOLS.indexOf(c) < 0 && !TextRule.isMeaningfulJoiner(address, i)) {
                // a joiner the text rule kept is part of the mailbox's spelling (Persian می‌خواهم), as RFC 6531 allows
                return "invalid character before @";
            }
        }
        return null;
    }

    private static String validateDomain(final String address, final int start) {
        final int end = address.length();
        if (address.indexOf('.', start) < 0) {
            return "domain has no dot";
        }
        int labelStart = start;
        boolean beyondAscii = false;
        for (int i = start; i <= end; i++) {
            if (i == end || address.charAt(i) == '.') {
                final String reason = validateLabel(address, labelStart, i, i == end);
                if (reason != null) {
                    return reason;
                }
                labelStart = i + 1;
            } else {
                beyondAscii |= address.charAt(i) > 0x7F;
            }
        }
        if (beyondAscii) {
            // only a domain in Unicode letters pays for IDNA 2008's rules: its length as xn--, scripts, direction, joiners
            final String reason = InternationalDomainRules.reason(address, start, end);
            if (reason != null) {
                return reason;
            }
            // a mail server that does not speak SMTPUTF8 is given the domain as xn--, the longer form
            return InternationalDomainRules.isLongerInAsciiThan(address, start, end, MAX_ADDRESS - start) ? ADDRESS_TOO_LONG : null;
        }
        if (end - start > InternationalDomainRules.MAX_NAME) {
            return InternationalDomainRules.NAME_TOO_LONG;
        }
        return end > MAX_ADDRESS ? ADDRESS_TOO_LONG : null;
    }

    /** Whether a character is a combining mark (a vowel sign of Devanagari, Thai, Tamil), which a label holds after a letter. */
    static boolean isCombiningMark(final char c) {
        final int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    private static String validateLabel(final String address, final int start, final int end, final boolean topLevel) {
        if (start == end) {
            return "empty domain label";
        }
        if (end - start > 63) {
            return "domain label longer than 63 characters";
        }
        if (address.charAt(start) == '-' || address.charAt(end - 1) == '-') {
            return "domain label starts or ends with a hyphen";
        }
        for (int i = start; i < end; i++) {
            final char c = address.charAt(i);
            if (c < 0x80) {
                // nearly every domain: ASCII letters, digits and hyphens, no character class to look up
                final boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
                if (!letter && !(c >= '0' && c <= '9') && c != '-') {
                    return "invalid character in domain";
                }
                if (topLevel && !letter && !(end - start > 4 && address.startsWith("xn--", start))) {
                    return "invalid top-level domain";
                }
                continue;
            }
            // an internationalised label is letters with their combining marks (Devanagari, Thai, Tamil vowel signs), never led by a mark
            final boolean mark = i > start && isCombiningMark(c);
            if (!Character.isLetterOrDigit(c) && c != '-' && !mark && !InternationalDomainRules.isContextual(c)) {
                return "invalid character in domain";
            }
            if (topLevel && !Character.isLetter(c) && !mark && !(end - start > 4 && address.startsWith("xn--", start))) {
                return "invalid top-level domain";
            }
        }
        if (topLevel && end - start < 2) {
            return "invalid top-level domain";
        }
        return null;
    }
}
