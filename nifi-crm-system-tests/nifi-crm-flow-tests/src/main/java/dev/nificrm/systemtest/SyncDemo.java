package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./demo sync}: a two-way sync between two small PostgreSQL CRMs, live. Starts a PostgreSQL of its own
 * ({@code target/demo/postgres}) with the home CRM ({@code contacts}) and the people CRM ({@code people}) of
 * templates/sync/, a few customers in each, starts the demo's NiFi ({@code target/demo/nifi}), imports
 * templates/crm-sync-two-way.json with a 3-second cycle, and shows: every customer arriving on the other side, an edit
 * in each CRM arriving in the other, the same field edited differently on both sides going to the conflict directory,
 * and the reconciliation reports of both CRMs. Stops NiFi and PostgreSQL on Enter or Ctrl+C (at once with
 * {@code --exit}).
 */
public final class SyncDemo {
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String TRIGGER = "Start Sync Cycle";

    private final PrintStream out = System.out;
    private final ObjectMapper mapper = new ObjectMapper();
    private final long started = System.nanoTime();
    private PostgresDatabase homeDatabase;
    private PostgresDatabase peopleDatabase;

    private SyncDemo() {
    }

    public static void main(final String[] args) throws Exception {
        new SyncDemo().run(List.of(args).contains("--exit"));
    }

    private void run(final boolean exit) throws Exception {
        final Path root = ProjectPaths.root();
        final Path work = root.resolve("target/demo");
        final Path home = work.resolve("nifi");
        final Path sync = work.resolve("sync");

        out.println("Starting NiFi 2.3.0 in " + home + " (log: " + home.resolve("logs/nifi.log") + ") ...");
        final NiFiServer server;
        try {
            server = NiFiServer.start(root.resolve("nifi-crm-system-tests/nifi-crm-flow-tests/target/nifi-2.3.0"), home, STARTUP_TIMEOUT);
        } catch (final IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        try (NiFiServer nifi = server; PostgresServer postgres = PostgresServer.start(work.resolve("postgres"))) {
            NiFiServer.deleteRecursively(sync);
            out.printf("PostgreSQL %s answers on 127.0.0.1:%d; NiFi is up after %d s%n", postgres.version(), postgres.port(), seconds());
            homeDatabase = crm(postgres, root, "home", "home-crm.sql");
            peopleDatabase = crm(postgres, root, "people", "people-crm.sql");
            final PostgresDatabase entities = postgres.createDatabase("entities");
            seed();
            out.println("home CRM (contacts):  " + names(homeDatabase, "SELECT first_name || ' ' || last_name FROM contacts ORDER BY id"));
            out.println("people CRM (people):  " + names(peopleDatabase, "SELECT given_name || ' ' || family_name FROM people ORDER BY person_id"));

            final Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("Sync Interval", "3 sec");
            parameters.put("Safety Lag", "0 seconds");
            parameters.put("Home JDBC URL", homeDatabase.jdbcUrl());
            parameters.put("Home Database User", homeDatabase.user());
            parameters.put("People JDBC URL", peopleDatabase.jdbcUrl());
            parameters.put("People Database User", peopleDatabase.user());
            parameters.put("Entity Store JDBC URL", entities.jdbcUrl());
            parameters.put("Entity Store Database User", entities.user());
            parameters.put("JDBC Driver Location", PostgresServer.jdbcDriverJar().toString());
            parameters.put("Mapping Directory", root.resolve("templates/sync").toString());
            parameters.put("Conflict Directory", sync.resolve("conflicts").toString());
            parameters.put("Error Directory", sync.resolve("errors").toString());
            parameters.put("Report Directory", sync.resolve("reports").toString());
            try (RunningSyncFlow flow = RunningSyncFlow.importFlow(nifi.client(), root.resolve("templates/crm-sync-two-way.json"), "CRM Sync Two-Way",
                    parameters, Map.of(), STARTUP_TIMEOUT)) {
                flow.start();
                out.printf("%n[%3d s] Imported templates/crm-sync-two-way.json; a sync cycle every 3 s.%n", seconds());
                demonstrate(flow, root, sync);
                out.println();
                out.println("NiFi UI: " + nifi.getUiUri() + " (127.0.0.1 only; no login). The flow is the group 'CRM Sync Two-Way';");
                out.println("edit the CRMs yourself: psql " + homeDatabase.jdbcUrl().replace("jdbc:", "") + " and "
                        + peopleDatabase.jdbcUrl().replace("jdbc:", "") + " (user " + homeDatabase.user() + ").");
                if (exit) {
                    out.println("Stopping NiFi and PostgreSQL (--exit).");
                    return;
                }
                out.println("NiFi and PostgreSQL keep running. Press Enter or Ctrl+C to stop them.");
                if (System.in.read() < 0) {
                    out.println("(no terminal input: stopping now)");
                }
                out.println("Stopping NiFi and PostgreSQL ...");
            }
        }
    }

    private void demonstrate(final RunningSyncFlow flow, final Path root, final Path sync) throws Exception {
        await("every customer in both CRMs", () -> count(homeDatabase, "SELECT count(*) FROM contacts WHERE golden_id IS NOT NULL") == 9
                && count(peopleDatabase, "SELECT count(*) FROM people WHERE external_id IS NOT NULL") == 9, flow);
        out.printf("[%3d s] First cycle done: both CRMs hold the same 9 customers, each row with its golden id.%n", seconds());

        update(homeDatabase, "UPDATE contacts SET city = 'Cambridge' WHERE first_name = 'Ada'");
        out.printf("[%3d s] Edit in home:   Ada Lovelace's city -> Cambridge%n", seconds());
        await("the home edit in people", () -> count(peopleDatabase, "SELECT count(*) FROM people WHERE given_name = 'Ada' AND town = 'Cambridge'") == 1, flow);
        out.printf("[%3d s]   ... arrived in people (town = Cambridge)%n", seconds());

        update(peopleDatabase, "UPDATE people SET mobile = '+16172530199' WHERE given_name = 'Grace'");
        out.printf("[%3d s] Edit in people: Grace Hopper's mobile -> +16172530199%n", seconds());
        await("the people edit in home", () -> count(homeDatabase, "SELECT count(*) FROM contacts WHERE first_name = 'Grace' AND phone = '+16172530199'") == 1, flow);
        out.printf("[%3d s]   ... arrived in home (phone = +16172530199)%n", seconds());

        // both edits must fall into one cycle to meet: the trigger waits while they are made
        flow.stop(TRIGGER);
        flow.awaitIdle(STEP_TIMEOUT);
        update(homeDatabase, "UPDATE contacts SET email = 'alan@home.example.com' WHERE first_name = 'Alan'");
        update(peopleDatabase, "UPDATE people SET email_address = 'alan@people.example.com' WHERE given_name = 'Alan'");
        out.printf("[%3d s] Conflict: Alan Turing's email edited in both CRMs (home: alan@home.example.com, people: alan@people.example.com)%n", seconds());
        flow.start(TRIGGER);
        final Path conflicts = sync.resolve("conflicts");
        await("the conflict", () -> !files(conflicts).isEmpty(), flow);
        // the CRMs are read once the conflict's cycle is done; while the trigger runs, a cycle taking its 3 s on a busy
        // machine leaves the flow no idle moment to wait for (18 s, up to the step's timeout)
        flow.stop(TRIGGER);
        flow.awaitIdle(STEP_TIMEOUT);
        for (final Path file : files(conflicts)) {
            for (final JsonNode record : mapper.readTree(file.toFile())) {
                out.printf("[%3d s]   ... to the conflict queue %s:%n            %s%n", seconds(), root.relativize(file),
                        record.path("crm_conflict").asText());
            }
        }
        out.printf("          both CRMs now hold: home %s, people %s (the first write landed; an operator settles the conflict)%n",
                names(homeDatabase, "SELECT email FROM contacts WHERE first_name = 'Alan'"),
                names(peopleDatabase, "SELECT email_address FROM people WHERE given_name = 'Alan'"));

        // each cycle reconciles the CRMs it wrote into; the next cycle (which reads back the last writes) shows the result
        final Path reports = sync.resolve("reports");
        final long settled = System.currentTimeMillis();
        flow.start(TRIGGER);
        await("a reconciliation of each CRM after the conflict", () -> latestReports(reports, settled).size() == 2, flow);
        out.printf("%n[%3d s] Reconciliation reports of the latest cycle (%s):%n", seconds(), root.relativize(reports));
        for (final JsonNode report : latestReports(reports, settled).values()) {
            out.printf("  %s <- %s: %d records, consistent %s; outcomes %s; missing %d, duplicates %d%n            cycle: %s%n",
                    report.path("target_system").asText(), report.path("source_system").asText(), report.path("target_records").asLong(),
                    report.path("consistent").asText(), report.path("outcomes"), report.path("missing_in_target").asLong(),
                    report.path("duplicates_in_target").asLong(), report.path("conservation").path("equation").asText());
        }
    }

    /** The latest report of each target CRM among those written after the given time (epoch milliseconds). */
    private Map<String, JsonNode> latestReports(final Path reports, final long after) throws IOException {
        final Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (final Path file : files(reports)) {
            if (Files.getLastModifiedTime(file).toMillis() <= after) {
                continue;
            }
            for (final JsonNode report : mapper.readTree(file.toFile())) {
                final String target = report.path("target_system").asText();
                if (!latest.containsKey(target) || latest.get(target).path("generated").asText().compareTo(report.path("generated").asText()) < 0) {
                    latest.put(target, report);
                }
            }
        }
        return latest;
    }

    private static PostgresDatabase crm(final PostgresServer postgres, final Path root, final String name, final String script)
            throws SQLException, IOException {
        final PostgresDatabase database = postgres.createDatabase(name);
        update(database, Files.readString(root.resolve("templates/sync").resolve(script), StandardCharsets.UTF_8));
        return database;
    }

    private void seed() throws SQLException {
        final String contact = "INSERT INTO contacts (first_name, last_name, email, phone, company, city, postal_code, country) VALUES ";
        update(homeDatabase, contact + "('Ada', 'Lovelace', 'ada@example.com', '+16172530101', 'Analytical Engines', 'Boston', '02110', 'US'),"
                + "('Alan', 'Turing', 'alan@example.com', '+16172530102', 'Bletchley', 'Boston', '02111', 'US'),"
                + "('Edsger', 'Dijkstra', 'edsger@example.com', '+15122530103', 'Eindhoven Labs', 'Austin', '73301', 'US'),"
                + "('Barbara', 'Liskov', 'barbara@example.com', '+16172530104', 'CLU Systems', 'Cambridge', '02139', 'US'),"
                + "('Donald', 'Knuth', 'don@example.com', '+16502530105', 'TeX Works', 'Palo Alto', '94301', 'US')");
        final String person = "INSERT INTO people (given_name, family_name, email_address, mobile, organisation, town, postcode, country_code) VALUES ";
        update(peopleDatabase, person + "('Grace', 'Hopper', 'grace@example.org', '+12025530106', 'Navy Labs', 'Arlington', '22201', 'US'),"
                + "('Margaret', 'Hamilton', 'margaret@example.org', '+16172530107', 'Apollo Software', 'Boston', '02115', 'US'),"
                + "('Dennis', 'Ritchie', 'dennis@example.org', '+19082530108', 'Bell Works', 'Summit', '07901', 'US'),"
                + "('Frances', 'Allen', 'frances@example.org', '+19142530109', 'Compilers Inc', 'Yorktown', '10598', 'US')");
    }

    private static void update(final PostgresDatabase database, final String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(final PostgresDatabase database, final String sql) throws SQLException {
        return Long.parseLong(names(database, sql).getFirst());
    }

    private static List<String> names(final PostgresDatabase database, final String sql) throws SQLException {
        final List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    private static List<Path> files(final Path directory) throws IOException {
        return FinishedFiles.below(directory);
    }

    private void await(final String what, final Condition condition, final RunningSyncFlow flow) throws Exception {
        final long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited " + STEP_TIMEOUT.toSeconds() + " s for " + what + "; NiFi bulletins: " + flow.bulletins());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private long seconds() {
        return Duration.ofNanos(System.nanoTime() - started).toSeconds();
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }
}
