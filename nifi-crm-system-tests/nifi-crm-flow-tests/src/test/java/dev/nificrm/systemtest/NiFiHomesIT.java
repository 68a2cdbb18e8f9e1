package dev.nificrm.systemtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several NiFis from one assembly: each runs in a home of its own beside the others, and none starts over a NiFi
 * that still runs in its home (which would wipe that NiFi's flow, state and repositories, as a test run once did to a
 * running demo). That a second NiFi runs from the same assembly beside the first, and that stopping it leaves the first
 * running, {@link ClusterPullIT} shows with the second NiFi it runs anyway (a NiFi start and stop fewer in the test run).
 */
@ExtendWith(NiFiExtension.class)
class NiFiHomesIT {

    @Test
    void refusesToStartOverARunningNiFiAndLeavesItRunning(final NiFiServer shared) throws Exception {
        final IOException refused = assertThrows(IOException.class,
                () -> NiFiServer.start(NiFiExtension.assembly(), shared.getHome(), NiFiExtension.STARTUP_TIMEOUT));
        assertTrue(refused.getMessage().startsWith("A NiFi is already running in " + shared.getHome() + " (pid " + shared.getPid() + ","),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("start this NiFi in another home"), refused.getMessage());

        assertEquals("2.3.0", version(shared), "the running NiFi still answers");
        assertTrue(Files.isRegularFile(shared.getHome().resolve("conf/nifi.properties")), "its configuration is still there");
        assertEquals(Long.toString(shared.getPid()), Files.readString(shared.getPidFile()).trim());
    }

    private static String version(final NiFiServer nifi) throws IOException, InterruptedException {
        return nifi.client().get("/flow/about").path("about").path("version").asText();
    }
}
