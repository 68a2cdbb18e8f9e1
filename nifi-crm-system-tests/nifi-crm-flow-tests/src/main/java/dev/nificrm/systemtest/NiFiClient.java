package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A small client of NiFi's REST API (JDK HttpClient and Jackson): JSON in, {@link JsonNode} out, and the multipart
 * upload of a flow definition. Paths are relative to {@code /nifi-api}. Any answer other than 2xx is an
 * {@link IOException} carrying the status and NiFi's message.
 */
public final class NiFiClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final URI apiUri;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String clientId = UUID.randomUUID().toString();
    private volatile Supplier<String> threadReport = () -> "no thread dump: the client does not know the NiFi process";

    public NiFiClient(final URI apiUri) {
        this.apiUri = apiUri;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI getApiUri() {
        return apiUri;
    }

    /**
     * What NiFi's own threads are doing, for a test's failure message when the flow stays busy (a hung task, a processor
     * that does not finish stopping): set by the {@link NiFiServer} that made this client.
     */
    public String threadReport() {
        return threadReport.get();
    }

    void setThreadReport(final Supplier<String> report) {
        this.threadReport = report;
    }

    /** The client id NiFi records as the author of revisions made by this client. */
    public String getClientId() {
        return clientId;
    }

    public ObjectMapper getMapper() {
        return mapper;
    }

    /** Whether the REST API answers {@code GET /flow/about}. */
    public boolean isAnswering() throws InterruptedException {
        try {
            final HttpResponse<String> response = http.send(request("/flow/about").GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (final IOException notYetListening) {
            return false;
        }
    }

    public JsonNode get(final String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** The raw body of a GET, e.g. a FlowFile's content from {@code /flowfile-queues/{id}/flowfiles/{uuid}/content}. */
    public byte[] getBytes(final String path) throws IOException, InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(apiUri + path)).timeout(REQUEST_TIMEOUT).GET().build();
        final HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    public JsonNode put(final String path, final Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build());
    }

    public JsonNode post(final String path, final Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build());
    }

    public JsonNode delete(final String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    /**
     * Uploads a flow definition as a new process group ("Upload flow definition" in the UI).
     *
     * @return the new process group entity
     */
    public JsonNode uploadFlowDefinition(final String parentGroupId, final String groupName, final Path definition)
            throws IOException, InterruptedException {
        final String boundary = "nificrm-" + UUID.randomUUID();
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("groupName", groupName);
        fields.put("positionX", "0.0");
        fields.put("positionY", "0.0");
        fields.put("clientId", clientId);
        fields.put("disconnectedNodeAcknowledged", "false");

        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (final Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + definition.getFileName() + "\"\r\nContent-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(definition));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        return send(request("/process-groups/" + parentGroupId + "/process-groups/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /**
     * For each processor type (fully qualified class name), the bundle NiFi lists it in as
     * {@code group:artifact:version}, or {@code null} when NiFi does not list the type.
     */
    public List<String> getProcessorTypeBundles(final List<String> types) throws IOException, InterruptedException {
        final Map<String, String> listed = new HashMap<>();
        for (final JsonNode type : get("/flow/processor-types").path("processorTypes")) {
            final JsonNode bundle = type.path("bundle");
            listed.put(type.path("type").asText(), bundle.path("group").asText() + ":" + bundle.path("artifact").asText()
                    + ":" + bundle.path("version").asText());
        }
        final List<String> bundles = new ArrayList<>();
        for (final String type : types) {
            bundles.add(listed.get(type));
        }
        return bundles;
    }

    private HttpRequest.Builder request(final String path) {
        return HttpRequest.newBuilder(URI.create(apiUri + path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    }

    private JsonNode send(final HttpRequest request) throws IOException, InterruptedException {
        final HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        final String body = response.body();
        return body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
    }

    /**
     * Sends a request, once more when the connection closed before any byte of an answer came back: a pooled
     * connection Jetty had just closed ("header parser received no bytes"); the request never reached NiFi then, so
     * sending it again on a fresh connection is safe, as HTTP clients do for stale pooled connections.
     */
    private <T> HttpResponse<T> exchange(final HttpRequest request, final HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (final IOException e) {
            if (!closedBeforeAnswering(e)) {
                throw e;
            }
            return http.send(request, handler);
        }
    }

    private static boolean closedBeforeAnswering(final IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException || String.valueOf(cause.getMessage()).contains("received no bytes")) {
                return true;
            }
        }
        return false;
    }
}
