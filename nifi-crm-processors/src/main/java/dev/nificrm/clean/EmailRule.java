package dev.nificrm.clean;

/**
 * Normalises an email address: strips a {@code mailto:} prefix, a display name with the angle brackets around the
 * address ({@code Ann Lee <ann@example.com>}) and a final full stop, lower-cases the whole address, and checks its
 * syntax.
 * <p>
 * Lower-casing the local part is technically lossy (RFC 5321 lets a server treat it case-sensitively) but no
 * mainstream provider does, and CRMs de-duplicate contacts on the lower-cased address. The syntax check is the
 * practical subset CRMs accept: one {@code @}; a local part of at most 64 octets (its UTF-8 bytes beyond ASCII, as
 * SMTPUTF8 sends it: 32 {@code ü} at most) from the RFC 5322 "atext" set
 * with dots only between characters; a domain of at least two dot-separated labels of letters, digits and inner
 * hyphens, the last one alphabetic and two or more letters long; at most 254 octets in all, the domain counted in
 * its ASCII form ({@code xn--}), as a mail server without SMTPUTF8 is given it (RFC 5321's path of 256 less its angle
 * brackets). Quoted local parts and IP-literal domains are rejected.
 * <p>
 * A domain beyond ASCII is mapped as UTS #46 maps it rather than lower-cased ({@link DomainMapping}: {@code ꮳꮃꭹ.com} and
 * {@code ᏣᎳᎩ.com} are {@code ᏣᎳᎩ.com}, the Cherokee capitals IDNA 2008 allows; {@code ΑΣ.gr} is {@code ασ.gr}).
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
    static final String LOCAL_PART_TOO_LONG_IN_UTF8 = "part before @ longer than 64 bytes in UTF-8";
    static final String ADDRESS_TOO_LONG_IN_UTF8 = "address longer than 254 bytes (its part before @ in UTF-8)";
    /** RFC 5321's 64 octets of a local part. */
    private static final int MAX_LOCAL_PART = 64;
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
        // lower case first: the length of an internationalised label in DNS is its mapped letters' (xn--)
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

    /**
     * The address in lower case, its domain beyond ASCII as UTS #46 maps it ({@link DomainMapping}): lower-casing would
     * write another domain of some (a Cherokee one, a Greek one ending in a capital sigma).
     */
    private static String lowerIfNeeded(final String address) {
        final int at = address.indexOf('@');
        if (at >= 0 && DomainMapping.isBeyondAscii(address, at + 1)) {
            return lowerLetters(address.substring(0, at + 1)) + DomainMapping.map(address.substring(at + 1));
        }
        return lowerLetters(address);
    }

    private static String lowerLetters(final String address) {
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
        final int localOctets = utf8Length(address, at);
        final String localReason = validateLocalPart(address, at, localOctets);
        if (localReason != null) {
            return localReason;
        }
        return validateDomain(address, at + 1, localOctets);
    }

    /**
     * The length in octets of the text's first {@code end} characters, as RFC 5321's limits count them: with SMTPUTF8
     * (RFC 6531) a part before @ beyond ASCII is sent as its UTF-8 bytes (ü two, 中 three, an emoji four).
     */
    static int utf8Length(final String text, final int end) {
        int length = end;
        for (int i = 0; i < end; i++) {
            final char c = text.charAt(i);
            if (c >= 0x80) {
                // two bytes up to U+07FF, three up to U+FFFF; a surrogate pair's four, two for each of its halves
                length += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return length;
    }

    private static String validateLocalPart(final String address, final int end, final int octets) {
        if (end > MAX_LOCAL_PART) {
            return "part before @ longer than 64 characters";
        }
        if (octets > MAX_LOCAL_PART) {
            return LOCAL_PART_TOO_LONG_IN_UTF8;
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
            } else if (!Character.isLetterOrDigit(codePointAround(address, i)) && ATEXT_SYMBOLS.indexOf(c) < 0 && !TextRule.isMeaningfulJoiner(address, i)) {
                // a joiner the text rule kept is part of the mailbox's spelling (Persian می‌خواهم), as RFC 6531 allows
                return "invalid character before @";
            }
        }
        return null;
    }

    /** Checks the domain from {@code start}, after a part before @ of {@code localOctets} octets and the @. */
    private static String validateDomain(final String address, final int start, final int localOctets) {
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
            return InternationalDomainRules.isLongerInAsciiThan(address, start, end, MAX_ADDRESS - localOctets - 1) ? addressTooLong(start, localOctets) : null;
        }
        if (end - start > InternationalDomainRules.MAX_NAME) {
            return InternationalDomainRules.NAME_TOO_LONG;
        }
        return localOctets + 1 + end - start > MAX_ADDRESS ? addressTooLong(start, localOctets) : null;
    }

    /** The reason for an address past 254 octets: in characters when its part before @ is ASCII, as it nearly always is. */
    private static String addressTooLong(final int start, final int localOctets) {
        return localOctets == start - 1 ? ADDRESS_TOO_LONG : ADDRESS_TOO_LONG_IN_UTF8;
    }

    /**
     * The code point the char at {@code i} is part of: a surrogate pair's, read at either of its halves (𠮷, U+20BB7, of
     * 𠮷野家 is two chars); any other char's own, half a pair alone included (no letter, digit nor mark).
     */
    static int codePointAround(final String text, final int i) {
        final char c = text.charAt(i);
        if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1))) {
            return Character.toCodePoint(text.charAt(i - 1), c);
        }
        return text.codePointAt(i);
    }

    /** Whether a code point is a combining mark (a vowel sign of Devanagari, Thai, Tamil), which a label holds after a letter. */
    static boolean isCombiningMark(final int point) {
        final int type = Character.getType(point);
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
            final int point = codePointAround(address, i);
            final boolean mark = i > start && isCombiningMark(point);
            if (!Character.isLetterOrDigit(point) && c != '-' && !mark && !InternationalDomainRules.isContextual(c)) {
                return "invalid character in domain";
            }
            if (topLevel && !Character.isLetter(point) && !mark && !(end - start > 4 && address.startsWith("xn--", start))) {
                return "invalid top-level domain";
            }
        }
        if (topLevel && end - start < 2) {
            return "invalid top-level domain";
        }
        return null;
    }
}
