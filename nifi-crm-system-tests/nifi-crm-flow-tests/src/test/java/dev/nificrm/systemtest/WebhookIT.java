package dev.nificrm.systemtest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Signed webhooks in a real NiFi 2.3.0: HandleHttpRequest → VerifyWebhookSignature → HandleHttpResponse, with the
 * StandardHttpContextMap of the assembly, called over HTTP with the JDK HttpClient the way HubSpot calls. A correctly
 * signed request is answered 200 and goes on into the flow; forged, stale, replayed and malformed ones are answered
 * 401 or 400 and produce no FlowFile downstream.
 */
@ExtendWith(NiFiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String SECRET = "hubspot-app-client-secret";
    private static final String BODY = "[{\"eventId\":100,\"subscriptionType\":\"contact.propertyChange\",\"objectId\":901,"
            + "\"propertyName\":\"email\",\"propertyValue\":\"rob.smith@example.com\",\"occurredAt\":1764581400000}]";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private FlowBuilder flow;
    private String accepted;
    private URI endpoint;

    @BeforeAll
    void buildFlow(final NiFiServer nifi) throws Exception {
        final int port = WebhookListener.freePort();
        endpoint = URI.create("http://127.0.0.1:" + port + "/hubspot");
        flow = FlowBuilder.create(nifi.client(), "Webhook IT");
        final String contextMap = flow.service("org.apache.nifi.http.StandardHttpContextMap", "HTTP Context Map", Map.of());
        final String receive = flow.processor("org.apache.nifi.processors.standard.HandleHttpRequest", "Receive Webhooks",
                Map.of("Listening Port", String.valueOf(port), "Hostname", "127.0.0.1", "HTTP Context Map", contextMap, "Allowed Paths", "/hubspot"),
                "0 sec", List.of());
        final String verify = flow.processor("dev.nificrm.processors.VerifyWebhookSignature", "Verify Signature",
                Map.of("Signature Scheme", "hubspot-v3", "Secret", SECRET), "0 sec", List.of());
        final String respondVerified = flow.processor("org.apache.nifi.processors.standard.HandleHttpResponse", "Respond Verified",
                Map.of("HTTP Status Code", "200", "HTTP Context Map", contextMap), "0 sec", List.of("failure"));
        final String respondRejected = flow.processor("org.apache.nifi.processors.standard.HandleHttpResponse", "Respond Rejected",
                Map.of("HTTP Status Code", "${crm.webhook.status.code}", "HTTP Context Map", contextMap), "0 sec", List.of("success", "failure"));
        // never started: what reaches it is what entered the rest of the flow
        final String rest = flow.processor("org.apache.nifi.processors.attributes.UpdateAttribute", "The Rest of the Flow", Map.of(), "0 sec",
                List.of("success"));
        flow.connect(receive, verify, List.of("success"));
        flow.connect(verify, respondVerified, List.of("verified"));
        flow.connect(verify, respondRejected, List.of("rejected", "failure"));
        accepted = flow.connect(respondVerified, rest, List.of("success"));
        flow.enableServices(TIMEOUT);
        flow.start(TIMEOUT, respondVerified, respondRejected, verify, receive);
        WebhookListener.awaitListening(http, endpoint, TIMEOUT, flow::bulletins);
    }

    @AfterAll
    void stopFlow() throws Exception {
        flow.close();
    }

    @Test
    void answersEachCallWithItsStatusAndLetsOnlyTheSignedOneIn() throws Exception {
        final long now = System.currentTimeMillis();
        final String timestamp = String.valueOf(now);
        final String signature = sign("POST", endpoint.toString(), BODY, timestamp);

        final HttpResponse<String> signed = post(BODY, signature, timestamp);
        assertEquals(200, signed.statusCode(), signed.body());
        assertEquals(1, flow.awaitQueued(accepted, 1, TIMEOUT));

        assertEquals(401, post(BODY.replace("rob.smith@example.com", "attacker@example.com"), signature, timestamp).statusCode(), "a tampered body");
        assertEquals(401, post(BODY, (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1), timestamp).statusCode(),
                "a forged signature");
        final String stale = String.valueOf(now - Duration.ofMinutes(6).toMillis());
        assertEquals(401, post(BODY, sign("POST", endpoint.toString(), BODY, stale), stale).statusCode(), "a correctly signed call 6 minutes old");
        final HttpResponse<String> replay = post(BODY, signature, timestamp);
        assertEquals(401, replay.statusCode(), "the first call sent again");
        assertEquals("{\"status\":401,\"error\":\"Unauthorized\"}", replay.body(), "the untrusted body is not echoed back");
        assertEquals(401, post(BODY, null, timestamp).statusCode(), "no signature");
        assertEquals(400, post(BODY, signature, "yesterday").statusCode(), "an unreadable timestamp");

        final List<FlowBuilder.QueuedFlowFile> entered = flow.list(accepted);
        assertEquals(1, entered.size(), "only the signed call entered the flow; bulletins: " + flow.bulletins());
        assertEquals(BODY, entered.getFirst().content());
        assertEquals("200", entered.getFirst().attributes().get("crm.webhook.status.code"));
        assertEquals("POST", entered.getFirst().attributes().get("http.method"));
    }

    private HttpResponse<String> post(final String body, final String signature, final String timestamp) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).header("Content-Type", "application/json")
                .header("X-HubSpot-Request-Timestamp", timestamp).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-HubSpot-Signature-v3", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** HubSpot's v3 signature, computed here from its documentation, independently of the processor. */
    private static String sign(final String method, final String uri, final String body, final String timestamp) throws GeneralSecurityException {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((method + uri + body + timestamp).getBytes(StandardCharsets.UTF_8)));
    }
}
