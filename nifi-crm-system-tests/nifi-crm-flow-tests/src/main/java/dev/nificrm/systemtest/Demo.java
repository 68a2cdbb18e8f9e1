package dev.nificrm.systemtest;

import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The newcomer's first command ({@code ./demo}): starts the local NiFi 2.3.0 with our NAR in a home of its own
 * ({@code target/demo/nifi}, from the assembly Maven built; it refuses to start while another demo runs), imports
 * templates/crm-migration.json, points it at a work directory, drops the bundled sample exports
 * (templates/samples/*.csv) into its input, waits until they have gone through (printing the progress of every
 * TrackCRMProgress in the flow, read from NiFi's REST API, as it changes), prints what came out where and the UI
 * address, and keeps NiFi running until Enter or Ctrl+C (at once with {@code --exit}).
 */
public final class Demo {
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration FLOW_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_EXAMPLES = 5;
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

    private Demo() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("sync")) {
            SyncDemo.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        final boolean exit = List.of(args).contains("--exit");
        final PrintStream out = System.out;
        final Path root = ProjectPaths.root();
        final Path assembly = root.resolve("nifi-crm-system-tests/nifi-crm-flow-tests/target/nifi-2.3.0");
        final Path work = root.resolve("target/demo");
        // the demo's own NiFi home: a test run or a rebuild of the assembly never touches it
        final Path home = work.resolve("nifi");
        final Path input = work.resolve("input");
        final Path output = work.resolve("output");
        final Path errors = work.resolve("errors");

        final long started = System.nanoTime();
        out.println("Starting NiFi 2.3.0 in " + home + " (log: " + home.resolve("logs/nifi.log") + ") ...");
        final NiFiServer server;
        try {
            server = NiFiServer.start(assembly, home, STARTUP_TIMEOUT);
        } catch (final IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        try (NiFiServer nifi = server) {
            // emptied only now: while another demo ran, its NiFi was still using them
            for (final Path directory : List.of(input, work.resolve("processed"), output, errors)) {
                NiFiServer.deleteRecursively(directory);
            }
            Files.createDirectories(input);
            final List<String> ourTypes = NarContents.processorTypes(NarContents.findNar(home.resolve("extensions"), "nifi-crm-nar-"));
            nifi.awaitProcessorTypes(ourTypes, STARTUP_TIMEOUT);
            out.printf("NiFi is up after %d s (pid %d); our processors: %s%n", seconds(started), nifi.getPid(), ourTypes);

            final MigrationFlow flow = MigrationFlow.upload(nifi.client(), root.resolve("templates/crm-migration.json"), "CRM Migration");
            final Map<String, String> parameters = MigrationFlow.runParameters(input, work.resolve("processed"), output, errors,
                    "salesforce-contact", "hubspot-contact");
            flow.setParameters(parameters, FLOW_TIMEOUT);
            flow.enableServices(FLOW_TIMEOUT);
            final List<String> invalid = flow.invalidProcessors(FLOW_TIMEOUT);
            if (!invalid.isEmpty()) {
                throw new IllegalStateException("The imported flow has invalid processors: " + invalid);
            }
            flow.start();

            long inputRecords = 0;
            for (final Path sample : RunSummary.csvFiles(root.resolve("templates/samples"))) {
                inputRecords += RunSummary.readRecords(sample).size();
                Files.copy(sample, input.resolve(sample.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                out.println("Dropped " + root.relativize(sample) + " into " + root.relativize(input));
            }
            // the progress TrackCRMProgress keeps in NiFi's state, printed whenever it changes while the flow runs
            try (AutoCloseable progress = ProgressView.watch(nifi.client(), flow.getGroupId(), out, PROGRESS_INTERVAL)) {
                flow.awaitIdle(input, FLOW_TIMEOUT);
            }
            final RunSummary summary = RunSummary.read(output, errors);

            out.println();
            out.printf("Salesforce Contact -> HubSpot Contact, %d s after start:%n", seconds(started));
            out.printf("  records read        %5d%n", inputRecords);
            out.printf("  golden records      %5d   one per customer, merging %d records (%d duplicates) -> %s%n", summary.golden(),
                    summary.merged(), summary.duplicatesMerged(), root.relativize(output.resolve("golden")));
            out.printf("  for review          %5d   possible duplicates for a person -> %s%n", summary.review(),
                    root.relativize(output.resolve("review")));
            out.printf("  invalid             %5d   with reasons in crm_errors -> %s%n", summary.invalid(),
                    root.relativize(errors));
            out.printf("  failed              %5d   -> %s%n", summary.failed(), root.relativize(errors.resolve("failed")));
            int examples = 0;
            for (final Path rejected : RunSummary.csvFiles(errors.resolve("invalid-cleaning"))) {
                for (final CSVRecord record : RunSummary.readRecords(rejected)) {
                    if (examples++ < MAX_EXAMPLES) {
                        out.println("    record " + record.getRecordNumber() + " of " + rejected.getFileName() + ": " + record.get("crm_errors"));
                    }
                }
            }
            for (final ProgressView.Run run : ProgressView.read(nifi.client(), flow.getGroupId())) {
                out.println("  progress            " + run.describe());
            }
            final List<String> bulletins = flow.bulletins();
            if (!bulletins.isEmpty()) {
                out.println("  NiFi bulletins: " + bulletins);
            }
            out.println();
            out.println("NiFi UI: " + nifi.getUiUri() + " (127.0.0.1 only; no login). The flow is the group 'CRM Migration';");
            out.println("drop more exports into " + input + " to run them.");
            if (exit) {
                out.println("Stopping NiFi (--exit).");
                return;
            }
            out.println("NiFi keeps running (pid " + nifi.getPid() + ", also in " + nifi.getPidFile()
                    + "). Press Enter or Ctrl+C to stop it.");
            waitForEnter();
            out.println("Stopping NiFi ...");
        }
    }

    private static void waitForEnter() throws IOException {
        final int read = System.in.read();
        if (read < 0) {
            System.out.println("(no terminal input: stopping now)");
        }
    }

    private static long seconds(final long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
