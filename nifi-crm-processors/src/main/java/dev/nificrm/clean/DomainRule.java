package dev.nificrm.clean;

/**
 * Normalises a domain name, the value of a field named like one ({@code domain}, {@code company_domain}), as HubSpot's
 * company {@code domain} holds it: the host a {@link WebsiteRule website} would have, in lower case (an internationalised
 * one in its Unicode letters), without scheme, port, path, query, fragment, trailing dot or leading {@code www.}; a
 * website's address pasted into the field is read as its domain. The host is checked as a website's is, with its reasons;
 * an IPv4 address is no domain.
 * <pre>
 * "Acme.COM"                            → "acme.com"
 * "https://www.Northwind-Traders.com/x" → "northwind-traders.com"
 * "XN--BCHER-KVA.DE."                   → "bücher.de"
 * "10.0.0.1"                            → reason "an IP address, not a domain name"
 * </pre>
 */
public final class DomainRule implements ValueRule {
    static final String IP_ADDRESS = "an IP address, not a domain name";
    private static final String WWW = "www.";

    private final WebsiteRule website = new WebsiteRule();

    @Override
    public CleanResult clean(final String value, final String region) {
        final CleanResult address = website.clean(value, region);
        if (!address.isValid()) {
            return address;
        }
        // the website rule wrote scheme://host[:port][path...]: the host is what follows the scheme up to any of those
        final String written = address.getValue();
        final int start = written.indexOf("://") + 3;
        int end = start;
        while (end < written.length() && ":/?#".indexOf(written.charAt(end)) < 0) {
            end++;
        }
        final String host = written.substring(start, end);
        if (WebsiteRule.isIpv4(host)) {
            return CleanResult.invalid(IP_ADDRESS);
        }
        // www.com is a domain of its own: only a www. before a name that keeps a dot is the web server's, not the domain's
        final boolean www = host.startsWith(WWW) && host.indexOf('.', WWW.length()) > 0;
        return CleanResult.of(value, www ? host.substring(WWW.length()) : host);
    }
}
