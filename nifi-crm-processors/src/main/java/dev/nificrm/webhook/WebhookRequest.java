package dev.nificrm.webhook;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The parts of a received HTTP request that a signature can cover or a key be sent in, except the body (which is
 * streamed): the method, the URL the sender called (with its query string), the headers, looked up without regard to
 * case as HTTP requires, and the query parameters, decoded, by their exact names.
 *
 * @param method          the HTTP method, e.g. {@code POST}
 * @param url             the URL as the sender signed it, e.g. {@code https://hooks.example.com/hubspot?portal=62515}
 * @param headers         the request headers, keyed case-insensitively
 * @param queryParameters the query string's parameters, decoded (HandleHttpRequest's {@code http.query.param.*})
 */
public record WebhookRequest(String method, String url, Map<String, String> headers, Map<String, String> queryParameters) {

    public WebhookRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        final Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = Collections.unmodifiableMap(caseInsensitive);
        queryParameters = Map.copyOf(queryParameters);
    }

    /** A request whose query parameters are not needed (no key is sent in one). */
    public WebhookRequest(final String method, final String url, final Map<String, String> headers) {
        this(method, url, headers, Map.of());
    }

    /** A copy with another URL, e.g. the URL as a sender decodes it before signing. */
    WebhookRequest withUrl(final String signedUrl) {
        return new WebhookRequest(method, signedUrl, headers, queryParameters);
    }

    /** The value of a query parameter (its name exactly), or null when the request has none (or a blank one). */
    public String queryParameter(final String name) {
        final String value = queryParameters.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The value of a header, whatever the case of its name, or null when the request has none (or a blank one). */
    public String header(final String name) {
        final String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
