package dev.nificrm.systemtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The arguments of {@code ./demo}, checked before the two-minute build: a newcomer's {@code ./demo --help} or a
 * mistyped {@code --exit} gets the usage at once instead of a build, a NiFi and a demo that waits for Enter. The
 * script is bash, as {@code ./demo} is run.
 */
@DisabledOnOs(OS.WINDOWS)
class DemoScriptTest {
    private static final long SECONDS_BEFORE_A_BUILD = 30;

    @Test
    void helpPrintsTheUsageAndBuildsNothing() throws Exception {
        for (final List<String> arguments : List.of(List.of("--help"), List.of("-h"), List.of("sync", "--help"))) {
            final Outcome outcome = demo(arguments.toArray(String[]::new));
            assertEquals(0, outcome.exitCode(), arguments + ": " + outcome.output());
            assertTrue(outcome.output().contains("./demo sync [--exit]"), arguments + ": " + outcome.output());
            assertFalse(outcome.output().contains("Building"), arguments + ": " + outcome.output());
        }
    }

    @Test
    void aMistypedArgumentIsRefusedWithTheUsageAndBuildsNothing() throws Exception {
        for (final List<String> arguments : List.of(List.of("--exti"), List.of("sync", "--exti"), List.of("--exit", "sync"))) {
            final Outcome outcome = demo(arguments.toArray(String[]::new));
            assertEquals(2, outcome.exitCode(), arguments + ": " + outcome.output());
            assertTrue(outcome.output().contains("unknown argument") && outcome.output().contains("./demo sync [--exit]"),
                    arguments + ": " + outcome.output());
            assertFalse(outcome.output().contains("Building"), arguments + ": " + outcome.output());
        }
    }

    private static Outcome demo(final String... arguments) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("bash", ProjectPaths.root().resolve("demo").toString()));
        command.addAll(List.of(arguments));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(SECONDS_BEFORE_A_BUILD, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("./demo " + String.join(" ", arguments) + " did not stop within " + SECONDS_BEFORE_A_BUILD + " s: it went on to build and run the demo");
        }
        return new Outcome(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Outcome(int exitCode, String output) {
    }
}
