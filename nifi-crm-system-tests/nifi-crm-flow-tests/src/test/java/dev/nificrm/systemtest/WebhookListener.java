package dev.nificrm.systemtest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** What the webhook system tests need around a HandleHttpRequest of a test flow: a free port, and waiting until it listens. */
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
}
