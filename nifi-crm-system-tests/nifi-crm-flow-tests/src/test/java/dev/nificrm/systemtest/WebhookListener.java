package dev.nificrm.systemtest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the webhook system tests need around a HandleHttpRequest of a test flow: a free port, waiting until it listens,
 * and a call signed as the push flow's default scheme expects.
 */
final class WebhookListener {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 250;

    private WebhookListener() {
    }

    /** The bulletins of the flow under test, for the message when it does not listen. */
    @FunctionalInterface
    interface Bulletins {
        List<String> read() throws IOException, InterruptedException;
    }

    /** A loopback port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** HandleHttpRequest starts its server on its first trigger: waits until the endpoint's host answers (any status). */
    static void awaitListening(final HttpClient http, final URI endpoint, final Duration timeout, final Bulletins bulletins)
            throws IOException, InterruptedException {
        final URI probe = endpoint.resolve("/probe");
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(probe).timeout(PROBE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (final ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("HandleHttpRequest does not listen on " + endpoint + "; bulletins: " + bulletins.read(), notYet);
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /** HMAC-SHA256 over {@code timestamp.body} with the secret, hexadecimal: computed here independently of the processor. */
    static String sign(final String secret, final String body, final String timestamp) throws GeneralSecurityException {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** POSTs the JSON body with the time of signing in X-Timestamp and the signature in X-Signature (none when null). */
    static HttpResponse<String> post(final HttpClient http, final URI endpoint, final Duration timeout, final String body, final String timestamp,
                                     final String signature) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/json")
                .header("X-Timestamp", timestamp).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
