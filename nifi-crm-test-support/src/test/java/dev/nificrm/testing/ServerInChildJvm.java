package dev.nificrm.testing;

import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The main class of the child JVM that {@link PostgresServerLifecycleTest} starts: starts a server under the root given
 * as the second argument, prints its pid, its child processes and its directory, then ends the way the first
 * argument says: {@code throw} (an uncaught exception, like a failing run) or {@code wait} (until the parent
 * terminates it).
 */
public final class ServerInChildJvm {
    static final String READY = "server ";

    private ServerInChildJvm() {
    }

    public static void main(final String[] arguments) throws Exception {
        final PostgresServer server = PostgresServer.start(Path.of(arguments[1]));
        final String children = ProcessHandle.of(server.pid()).orElseThrow().descendants()
                .map(process -> Long.toString(process.pid())).collect(Collectors.joining(","));
        System.out.println(READY + server.pid() + " " + children + " " + server.directory());
        System.out.flush();
        switch (arguments[0]) {
            case "throw" -> throw new IllegalStateException("a test failed");
            case "wait" -> Thread.sleep(Long.MAX_VALUE);
            default -> throw new IllegalArgumentException("Unknown way to end: " + arguments[0]);
        }
    }
}
