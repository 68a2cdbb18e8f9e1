package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our NAR loads in the oldest NiFi 2.x we support, and every processor it registers is offered. */
@ExtendWith(NiFiExtension.class)
class NiFiSmokeIT {

    @Test
    void runsTheOldestSupportedNiFi(final NiFiServer nifi) throws Exception {
        final JsonNode about = nifi.client().get("/flow/about").path("about");
        assertEquals("2.3.0", about.path("version").asText());
        assertTrue(nifi.getUiUri().toString().startsWith("http://127.0.0.1:"), "UI bound to loopback: " + nifi.getUiUri());
        final HttpResponse<Void> ui = HttpClient.newHttpClient().send(HttpRequest.newBuilder(nifi.getUiUri()).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, ui.statusCode(), "the UI answers at " + nifi.getUiUri());
    }

    @Test
    void loadsOurNar(final NiFiServer nifi) throws Exception {
        final List<String> bundles = new ArrayList<>();
        for (final JsonNode bundle : nifi.client().get("/flow/runtime-manifest").path("runtimeManifest").path("bundles")) {
            bundles.add(bundle.path("group").asText() + ":" + bundle.path("artifact").asText());
        }
        assertTrue(bundles.contains("dev.nificrm:nifi-crm-nar"), "bundles listed by NiFi: " + bundles);
    }

    /**
     * Our NAR declares the oldest supported NiFi's services API NAR as its parent, so there NiFi finds it exactly; only
     * a newer NiFi falls back to its own version with "unable to locate exact NAR dependency ... Continuing...".
     */
    @Test
    void findsOurParentNarExactly(final NiFiServer nifi) throws Exception {
        final Path nar = NarContents.findNar(nifi.getHome().resolve("extensions"), "nifi-crm-nar-");
        nifi.awaitProcessorTypes(NarContents.processorTypes(nar), Duration.ofMinutes(2));
        final List<String> log = Files.readAllLines(nifi.getLogFile());
        assertTrue(log.stream().anyMatch(line -> line.contains("Loaded NAR file") && line.contains("nifi-crm-nar-")), "nifi.log records loading our NAR");
        assertEquals(List.of(), log.stream().filter(line -> line.contains("While loading 'dev.nificrm:nifi-crm-nar")).toList(),
                "nifi.log about our NAR's parent");
    }

    @Test
    void listsEveryProcessorOfOurNar(final NiFiServer nifi) throws Exception {
        final Path nar = NarContents.findNar(nifi.getHome().resolve("extensions"), "nifi-crm-nar-");
        final List<String> types = NarContents.processorTypes(nar);
        final List<String> bundles = nifi.awaitProcessorTypes(types, Duration.ofMinutes(2));
        for (int i = 0; i < types.size(); i++) {
            assertTrue(bundles.get(i).startsWith("dev.nificrm:nifi-crm-nar:"), types.get(i) + " listed in " + bundles.get(i));
        }
    }
}
