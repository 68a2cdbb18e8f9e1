package dev.nificrm.systemtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared NiFi is started while the unit tests run only by a build that goes on to the integration tests
 * ({@link EarlySharedNiFi}), and the integration tests' JVM takes over and stops a NiFi another JVM started
 * ({@link NiFiServer#adopt(Path, List)}). That the early NiFi is taken over and stopped in a real build, the integration
 * tests' log says ("taken over in").
 */
class EarlySharedNiFiTest {
    @TempDir
    Path home;

    @Test
    void onlyABuildThatGoesOnToTheIntegrationTestsStartsTheNiFiEarly() {
        for (final String goals : List.of("goals: [verify]", "goals: [clean, install]", "goals: [deploy]", "goals: [integration-test]",
                "goals: [post-integration-test]", "goals: [failsafe:integration-test]",
                "goals: [org.apache.maven.plugins:maven-failsafe-plugin:3.5.4:integration-test]")) {
            assertTrue(EarlySharedNiFi.buildRunsIntegrationTests(goals, "false"), goals);
            assertTrue(EarlySharedNiFi.buildRunsIntegrationTests(goals, "${skipITs}"), goals);
            assertFalse(EarlySharedNiFi.buildRunsIntegrationTests(goals, "true"), goals + " -DskipITs");
        }
        for (final String goals : List.of("goals: [test]", "goals: [clean, package]", "goals: [surefire:test]", "goals: []",
                "goals: [failsafe:verify]", "goals: [pre-integration-test]")) {
            assertFalse(EarlySharedNiFi.buildRunsIntegrationTests(goals, "false"), goals);
        }
        assertFalse(EarlySharedNiFi.buildRunsIntegrationTests(null, null), "no Maven (an IDE)");
    }

    @Test
    void aNiFiAnotherJvmStartedIsTakenOverAndStopped() throws Exception {
        // a process whose command line names NiFi's main class, as the pid file of a NiFi names it
        final Process nifi = new ProcessBuilder("/bin/sh", "-c", "sleep 600", "org.apache.nifi.NiFi").start();
        try {
            Files.createDirectories(home.resolve("run"));
            Files.writeString(home.resolve("run/nifi.pid"), nifi.pid() + System.lineSeparator());
            Files.createDirectories(home.resolve("conf"));
            Files.writeString(home.resolve("conf/nifi.properties"), "nifi.web.http.host=127.0.0.1\nnifi.web.http.port=48123\n");

            final NiFiServer adopted = NiFiServer.adopt(home, NiFiExtension.QUICK_START);
            assertEquals(nifi.pid(), adopted.getPid());
            assertEquals("http://127.0.0.1:48123/nifi-api", adopted.client().getApiUri().toString());

            adopted.close();
            assertTrue(nifi.waitFor(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS), "stopped by the JVM that took it over");
            assertFalse(Files.exists(home.resolve("run/nifi.pid")), "its pid file removed");
        } finally {
            nifi.descendants().forEach(ProcessHandle::destroyForcibly);
            nifi.destroyForcibly();
        }
    }

    @Test
    void noNiFiToTakeOverIsSaid() throws IOException {
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/nifi.pid"), ProcessHandle.current().pid() + System.lineSeparator());
        final IOException none = assertThrows(IOException.class, () -> NiFiServer.adopt(home, List.of()));
        assertEquals("No NiFi runs in " + home + " (see " + home.resolve("run/nifi.pid") + ")", none.getMessage());
    }
}
