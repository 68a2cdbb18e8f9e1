package dev.nificrm.webhook;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The parts of a received HTTP request that a signature can cover, except the body (which is streamed): the method,
 * the URL the sender called (with its query string) and the headers, looked up without regard to case as HTTP
 * requires.
 *
 * @param method  the HTTP method, e.g. {@code POST}
 * @param url     the URL as the sender signed it, e.g. {@code https://hooks.example.com/hubspot?portal=62515}
 * @param headers the request headers, keyed case-insensitively
 */
public record WebhookRequest(String method, String url, Map<String, String> headers) {

    public WebhookRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        final Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = Collections.unmodifiableMap(caseInsensitive);
    }

    /** The value of a header, whatever the case of its name, or null when the request has none (or a blank one). */
    public String header(final String name) {
        final String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
