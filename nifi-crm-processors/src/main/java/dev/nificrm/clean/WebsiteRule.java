package dev.nificrm.clean;

/**
 * Normalises a website address: lower-cases the scheme and host, adds {@code https://} when no scheme is written
 * (what browsers and CRMs assume today; an explicit {@code http://} is kept), removes a trailing dot of the host and
 * what a bare host's home page needs none of (slashes, an empty query or fragment: {@code /}, {@code //}, {@code /?},
 * {@code /#}), and checks the host. The path, query and fragment are otherwise kept as written.
 * <pre>
 * "http://www.Rosales-Molina.com/" → "http://www.rosales-molina.com"
 * "example.com."                   → "https://example.com"
 * "WWW.EXAMPLE.COM/About"          → "https://www.example.com/About"
 * "HTTPS://XN--BCHER-KVA.DE/Shop"  → "https://bücher.de/Shop"
 * "not a site"                     → reason "contains a space"
 * </pre>
 * The host must be a name of at least two dot-separated labels (letters, digits, inner hyphens) ending in a
 * top-level domain of two or more letters, or an IPv4 address; an explicit port is kept. Schemes other than http and
 * https are reasons: a CRM website field is opened in a browser. An internationalised host is written in its Unicode
 * letters, as {@link EmailRule} writes an address's domain (one site, one value: {@code xn--bcher-kva.de} and
 * {@code bücher.de} are one); an {@code xn--} label that encodes no label is a reason, and a host in Unicode letters is
 * held to the IDNA 2008 rules of {@link InternationalDomainRules}, as an address's domain is.
 */
public final class WebsiteRule implements ValueRule {
    private static final String SCHEME_SEPARATOR = "://";
    private static final String DEFAULT_SCHEME = "https";

    @Override
    public CleanResult clean(final String value, final String region) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return CleanResult.invalid("contains a space");
            }
        }
        final int schemeEnd = value.indexOf(SCHEME_SEPARATOR);
        final String scheme;
        final int authorityStart;
        if (schemeEnd > 0) {
            scheme = TextRule.lower(value.substring(0, schemeEnd));
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return CleanResult.invalid("not an http or https address");
            }
            authorityStart = schemeEnd + SCHEME_SEPARATOR.length();
        } else if (value.startsWith("//")) {
            scheme = DEFAULT_SCHEME;
            authorityStart = 2;
        } else {
            scheme = DEFAULT_SCHEME;
            authorityStart = 0;
        }
        int authorityEnd = value.length();
        for (int i = authorityStart; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                authorityEnd = i;
                break;
            }
        }
        final String authority = lower(value.substring(authorityStart, authorityEnd));
        if (authority.indexOf('@') >= 0) {
            return CleanResult.invalid("contains a user name");
        }
        final int colon = authority.indexOf(':');
        final String host = colon < 0 ? authority : authority.substring(0, colon);
        final String reason = colon < 0 ? validateHost(host) : validateHostAndPort(host, authority.substring(colon + 1));
        if (reason != null) {
            return CleanResult.invalid(reason);
        }
        // the full stop of a sentence or a fully qualified name: example.com. is example.com in a browser's address bar
        final String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        final String port = authority.substring(host.length());
        final String written;
        if (InternationalDomains.hasAsciiLabel(name)) {
            // one site, one value: https://xn--bcher-kva.de is written https://bücher.de, as EmailRule writes a domain
            final String unicode = InternationalDomains.toUnicode(name);
            if (unicode == null) {
                return CleanResult.invalid(EmailRule.INVALID_PUNYCODE);
            }
            // the letters decoded are held to what a host written in them must be (a pile of poo, xn--ls8h, is none)
            final String decodedReason = validateHost(unicode);
            if (decodedReason != null) {
                return CleanResult.invalid(decodedReason);
            }
            written = unicode + port;
        } else {
            written = name.length() == host.length() ? authority : name + port;
        }
        final String rest = value.substring(authorityEnd);
        return CleanResult.of(value, scheme + SCHEME_SEPARATOR + written + (isEmptyEnding(rest) ? "" : rest));
    }

    /**
     * Lower case; a host beyond ASCII as UTS #46 maps it ({@link DomainMapping}), as EmailRule maps a domain: a Cherokee
     * host in its capitals, the only ones IDNA 2008 allows.
     */
    private static String lower(final String authority) {
        return DomainMapping.isBeyondAscii(authority, 0) ? DomainMapping.map(authority) : TextRule.lower(authority);
    }

    /** Only slashes, an empty query or an empty fragment after the host ({@code /}, {@code //}, {@code /?}, {@code /#}): the host's home page. */
    private static boolean isEmptyEnding(final String rest) {
        for (int i = 0; i < rest.length(); i++) {
            final char c = rest.charAt(i);
            if (c != '/' && c != '?' && c != '#') {
                return false;
            }
        }
        return true;
    }

    private static String validateHostAndPort(final String host, final String port) {
        if (port.isEmpty() || port.length() > 5) {
            return "invalid port";
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return "invalid port";
            }
        }
        return validateHost(host);
    }

    static String validateHost(final String host) {
        if (host.isEmpty()) {
            return "no host";
        }
        // the trailing dot of a fully qualified name (www.example.com.) is dropped, so it is no dot of the host's (www.)
        final String name = host.charAt(host.length() - 1) == '.' ? host.substring(0, host.length() - 1) : host;
        if (name.indexOf('.') < 0) {
            return "host has no dot";
        }
        if (isIpv4(name)) {
            return null;
        }
        int labelStart = 0;
        boolean beyondAscii = false;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                if (i == labelStart || i - labelStart > 63) {
                    return "invalid host";
                }
                if (name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
                    return "invalid host";
                }
                labelStart = i + 1;
            } else {
                final char c = name.charAt(i);
                // an internationalised label is letters with their combining marks (Devanagari, Thai, Tamil vowel signs), never led by a mark
                final int point = EmailRule.codePointAround(name, i);
                if (!Character.isLetterOrDigit(point) && c != '-' && !(i > labelStart && EmailRule.isCombiningMark(point)) && !InternationalDomainRules.isContextual(c)) {
                    return "invalid character in host";
                }
                beyondAscii |= c > 0x7F;
            }
        }
        final String topLevelReason = validateTopLevel(name.substring(name.lastIndexOf('.') + 1));
        if (topLevelReason != null) {
            return topLevelReason;
        }
        if (beyondAscii) {
            // only a host in Unicode letters pays for IDNA 2008's rules, as EmailRule's domain: its length as xn--, scripts, direction, joiners
            return InternationalDomainRules.reason(name, 0, name.length());
        }
        return name.length() > InternationalDomainRules.MAX_NAME ? InternationalDomainRules.NAME_TOO_LONG : null;
    }

    private static String validateTopLevel(final String topLevel) {
        if (topLevel.startsWith("xn--")) {
            return null;
        }
        if (topLevel.length() < 2) {
            return "invalid top-level domain";
        }
        for (int i = 0; i < topLevel.length(); i++) {
            final int point = EmailRule.codePointAround(topLevel, i);
            if (!Character.isLetter(point) && !(i > 0 && EmailRule.isCombiningMark(point))) {
                return "invalid top-level domain";
            }
        }
        return null;
    }

    static boolean isIpv4(final String host) {
        int parts = 0;
        int value = -1;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                if (value < 0 || value > 255) {
                    return false;
                }
                parts++;
                value = -1;
            } else {
                final char c = host.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return false;
                }
            }
        }
        return parts == 4;
    }
}
