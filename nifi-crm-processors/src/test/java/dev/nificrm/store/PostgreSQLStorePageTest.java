package dev.nificrm.store;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the PostgreSQLEntityStore page and the templates' README tell a DBA to run, run literally on the PostgreSQL the
 * build starts: the statements that create the store's user and database (the page's, and the README's for the sync
 * flows), the store opened as that user, the page's VACUUM FULL statements as that user, the pattern its pg_dump
 * command names the store's objects by, and its restore procedure.
 */
@ExtendWith(PostgresExtension.class)
class PostgreSQLStorePageTest {
    private static final Path PAGE = Path.of("src/main/resources/docs/dev.nificrm.services.PostgreSQLEntityStore/additionalDetails.md");
    private static final Path TEMPLATES_README = Path.of("../templates/README.md");
    private static final Pattern FENCED_BLOCK = Pattern.compile("(?s)```.*?```");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    private static final Pattern CREATE_USER = Pattern.compile("(?i)create (?:user|role) \\w+[^;]*;");
    private static final Pattern CREATE_DATABASE = Pattern.compile("(?i)create database crm_entities[^;]*;?");
    private static final Pattern VACUUM_FULL = Pattern.compile("(?i)vacuum full [^;]+;");
    private static final Pattern DUMP_TABLES = Pattern.compile("pg_dump [^`]*--table='([^']+)'");
    private static final Pattern CREATE_SCHEMA = Pattern.compile("(?i)create schema (\\w+) authorization nifi_crm;");
    private static final Pattern CURRENT_SCHEMA = Pattern.compile("\\?currentSchema=(\\w+)");
    private static final Pattern SCHEMA_DUMP_TABLES = Pattern.compile("--table='(\\w+)\\.([^']+)'");

    @TempDir
    Path nodeDisks;

    /**
     * The page's user and database (as a superuser, one statement at a time), and the templates README's database for
     * the sync flows' store: the store opens in each as that user, creating its tables in {@code public} (which on
     * PostgreSQL 15 and newer only the database's owner may), and the page's VACUUM FULL statements run as that user;
     * the two sent as one query fail as the page says.
     */
    @Test
    void theUserAndDatabaseTheDocsCreateHoldTheStoreAndThePagesVacuumStatementsRunAsThatUser(final PostgresServer server) throws Exception {
        final String page = Files.readString(PAGE);
        final List<String> users = codeMatching(page, CREATE_USER);
        assertEquals(1, users.size(), "the page creates one user: " + users);
        final List<String> vacuums = codeMatching(page, VACUUM_FULL);
        assertTrue(vacuums.size() >= 2, vacuums.toString());
        final Map<String, String> databases = new LinkedHashMap<>();
        databases.put("PostgreSQLEntityStore page", single(codeMatching(page, CREATE_DATABASE)));
        databases.put("templates/README.md", single(codeMatching(Files.readString(TEMPLATES_README), CREATE_DATABASE)));

        final String user = "nifi_crm_" + ProcessHandle.current().pid();
        run(server, PostgresServer.MAINTENANCE_DATABASE, named(users.getFirst(), user, "unused").replace("'...'", "'secret'"));
        int node = 0;
        for (final Map.Entry<String, String> source : databases.entrySet()) {
            final String database = "crm_entities_" + ProcessHandle.current().pid() + "_" + node;
            run(server, PostgresServer.MAINTENANCE_DATABASE, named(source.getValue(), user, database));
            final PostgresDatabase asUser = new PostgresDatabase(database, server.jdbcUrl(database), user, "secret");
            try (EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(asUser.dataSource()), "store of " + source.getKey(),
                    nodeDisks.resolve("node-" + node++))) {
                store.write(customers(store, "a", 1, 2)).commit();
                for (final String vacuum : vacuums) {
                    if (vacuum.indexOf(';') == vacuum.length() - 1) {
                        runAs(asUser, vacuum);
                    } else {
                        // psql -c sends the string as one simple query; a JDBC tool sends its statements as one pipeline
                        final SQLException psql = assertThrows(SQLException.class, () -> runAs(asUser.withUrlOptions("preferQueryMode=simple"), vacuum));
                        final SQLException jdbc = assertThrows(SQLException.class, () -> runAs(asUser, vacuum), vacuum);
                        for (final SQLException oneQuery : List.of(psql, jdbc)) {
                            final String message = oneQuery.getMessage().replaceFirst("^ERROR: ", "");
                            assertTrue(page.replaceAll("\\s+", " ").contains("`" + message + "`"), "the page does not quote " + message);
                        }
                    }
                }
                assertEquals(2, keys(store).get(11L).count(), source.getKey() + ": the store still answers after VACUUM FULL");
            } catch (final EntityStoreException e) {
                throw new AssertionError(source.getKey() + "'s `" + source.getValue() + "` makes a database the user " + user
                        + " cannot open the store in: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The page's steps for another schema: without the schema the store does not open, with the failure the page quotes;
     * with the schema created as the page says, the store opens as the user and creates its tables there, which the
     * page's pattern for a dump of another schema names. The page's user and database, created in one string as psql -c
     * sends it, fail with the error the page quotes and leave no user.
     */
    @Test
    void anotherSchemaAndOnePsqlStringBehaveAsThePageSays(final PostgresServer server) throws Exception {
        final String page = Files.readString(PAGE);
        final String prose = page.replaceAll("\\s+", " ");
        final String user = "nifi_crm_schema_" + ProcessHandle.current().pid();
        final String database = "crm_entities_schema_" + ProcessHandle.current().pid();
        final String createUser = named(single(codeMatching(page, CREATE_USER)), user, database).replace("'...'", "'secret'");
        final String createDatabase = named(single(codeMatching(page, CREATE_DATABASE)), user, database);

        final PostgresDatabase maintenance = new PostgresDatabase(PostgresServer.MAINTENANCE_DATABASE, server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE),
                PostgresServer.USER, PostgresServer.PASSWORD).withUrlOptions("preferQueryMode=simple");
        final SQLException oneString = assertThrows(SQLException.class, () -> runAs(maintenance, createUser + " " + createDatabase));
        assertTrue(prose.contains("`" + oneString.getMessage().replaceFirst("^ERROR: ", "") + "`"), oneString.getMessage());
        assertThrows(SQLException.class, () -> runAs(maintenance, "set role " + user), "the user is not created either");

        run(server, PostgresServer.MAINTENANCE_DATABASE, createUser);
        run(server, PostgresServer.MAINTENANCE_DATABASE, createDatabase);
        final Matcher currentSchema = CURRENT_SCHEMA.matcher(page);
        assertTrue(currentSchema.find(), "the page names a schema in the URL");
        final PostgresDatabase inSchema = new PostgresDatabase(database, server.jdbcUrl(database), user, "secret").withUrlOptions(currentSchema.group().substring(1));
        final EntityStoreException noSchema = assertThrows(EntityStoreException.class,
                () -> JdbcEntityStore.postgres(new DataSourceConnections(inSchema.dataSource()), "store without its schema", nodeDisks.resolve("no-schema")).close());
        final String reason = noSchema.getMessage().lines().findFirst().orElseThrow().replaceFirst("^.*ERROR: ", "");
        assertTrue(prose.contains("`" + reason + "`"), "the page does not quote " + reason);

        final Matcher createSchema = CREATE_SCHEMA.matcher(String.join("\n", codeMatching(page, CREATE_SCHEMA)));
        assertTrue(createSchema.find(), "the page creates the schema");
        assertEquals(currentSchema.group(1), createSchema.group(1), "the schema the page creates is the one the URL names");
        run(server, database, named(createSchema.group(), user, database));
        try (EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(inSchema.dataSource()), "store in its schema", nodeDisks.resolve("schema"))) {
            store.write(customers(store, "a", 1)).commit();
        }
        final Matcher dump = SCHEMA_DUMP_TABLES.matcher(page);
        assertTrue(dump.find(), "the page's dump pattern for another schema");
        assertEquals(currentSchema.group(1), dump.group(1));
        final List<String> relations = relations(inSchema, "'r', 'S'");
        assertTrue(relations.contains("crm_entity"), "the store's tables are in the schema: " + relations);
        final Pattern dumped = Pattern.compile(dump.group(2).replace("*", ".*"));
        assertEquals(List.of(), relations.stream().filter(name -> !dumped.matcher(name).matches()).toList());
    }

    /**
     * A node of an earlier version enabling the service on a store a newer one migrated: refused, with the message the
     * page's upgrade note quotes (its numbers those of the versions).
     */
    @Test
    void aStoreOfANewerSchemaIsRefusedWithTheMessageThePageQuotes(final PostgresServer server) throws Exception {
        final PostgresDatabase database = server.createDatabase("newer");
        final int current = new PostgresDialect().migrations().size();
        open(database, nodeDisks.resolve("newer-a")).close();
        runAs(database, "insert into crm_schema_version (version, description, applied_at) values (" + (current + 1) + ", 'a newer nifi-crm', 'now')");
        final EntityStoreException refused = assertThrows(EntityStoreException.class, () -> open(database, nodeDisks.resolve("newer-b")).close());
        final String quoted = refused.getMessage().substring(refused.getMessage().indexOf("has schema version"))
                .replace(String.valueOf(current + 1), String.valueOf(current)).replace("the " + current + " this", "the " + (current - 1) + " this");
        assertTrue(Files.readString(PAGE).replaceAll("\\s+", " ").contains("`" + quoted + "`"), "the page does not quote: " + quoted);
    }

    /**
     * The page's pg_dump names the store's objects by one pattern ({@code crm_*}): every table and sequence the store
     * has in its schema matches it, so the dump holds the whole store (the sequences too, which --clean sets back).
     */
    @Test
    void thePagesDumpNamesEveryTableAndSequenceOfTheStore(final PostgresServer server) throws Exception {
        final Matcher dump = DUMP_TABLES.matcher(Files.readString(PAGE));
        assertTrue(dump.find(), "the page gives a pg_dump command with --table");
        final Pattern dumped = Pattern.compile(dump.group(1).replace("_", "\\_").replace("*", ".*").replace("\\_", "_"));
        final PostgresDatabase database = server.createDatabase("dump");
        try (EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "dumped store", nodeDisks.resolve("dump"))) {
            store.write(customers(store, "a", 1)).commit();
        }
        final List<String> relations = relations(database, "'r', 'S'");
        assertTrue(relations.size() > 10, relations.toString());
        assertEquals(List.of(), relations.stream().filter(name -> !dumped.matcher(name).matches()).toList(), "not in the dump " + dump.group());
    }

    /**
     * The page's restore: the processors stopped and the service disabled (every node's store closed), the database set
     * back to the backup's tables and sequences, the service enabled again: every node's key index, ahead of the restored
     * log, is built again from it, holds only what the backup held, and the store goes on from there.
     */
    @Test
    void aRestoreWhileTheServiceIsDisabledHasEveryNodesKeyIndexBuiltAgain(final PostgresServer server) throws Exception {
        final String page = Files.readString(PAGE).replaceAll("\\s+", " ");
        final String restoring = page.substring(page.indexOf("To restore,"), page.indexOf("Take the dump with"));
        assertTrue(restoring.contains("**disable the PostgreSQLEntityStore**"), "the page's restore runs under a disabled service: " + restoring);
        final PostgresDatabase database = server.createDatabase("restore");
        final List<Path> nodes = List.of(nodeDisks.resolve("restore-a"), nodeDisks.resolve("restore-b"));
        try (EntityStore a = open(database, nodes.get(0)); EntityStore b = open(database, nodes.get(1))) {
            a.write(customers(a, "a", 1)).commit();
            assertEquals(1, keys(b).get(11L).count());
        }
        final List<String> tables = relations(database, "'r'");
        final List<String> sequences = relations(database, "'S'");
        final Map<String, String> setSequences = backUp(database, tables, sequences);
        try (EntityStore a = open(database, nodes.get(0)); EntityStore b = open(database, nodes.get(1))) {
            b.write(customers(b, "b", 2, 3)).commit();
            assertEquals(3, keys(a).get(11L).count());
        }

        restore(database, tables, setSequences);

        try (EntityStore a = open(database, nodes.get(0)); EntityStore b = open(database, nodes.get(1))) {
            for (final EntityStore node : List.of(a, b)) {
                final Map<Long, Listed> keys = keys(node);
                assertEquals(1, keys.get(11L).count(), "only the backup's customer");
                assertEquals(List.of(1L), keys.get(11L).members());
                assertNull(keys.get(1002L), "a customer written after the backup is not in the index");
            }
            a.write(customers(a, "c", 4)).commit();
            assertEquals(2, keys(b).get(11L).count(), "and the store goes on from there on every node");
        }
    }

    /**
     * What the page says happens when the service is left enabled during a restore: each node finds, at its next write,
     * read or idle catch-up, that the key log no longer holds the row its index last took in as it took it in, warns why
     * and builds its index again from the restored database. Node A writes first (the log now ends before A's last row),
     * then B reads (the log's row of that number is A's new write, not B's); after a second restore, node A's idle
     * catch-up finds a row of its last row's number written after the restore. Before, each node went on from its row
     * number: both kept the 2 customers the restore removed and missed the one written after it.
     */
    @Test
    void aRestoreUnderAnEnabledServiceHasEveryNodesKeyIndexBuiltAgainWithAWarning(final PostgresServer server) throws Exception {
        final String page = Files.readString(PAGE).replaceAll("\\s+", " ");
        final String restoring = page.substring(page.indexOf("To restore,"), page.indexOf("Take the dump with"));
        assertTrue(restoring.contains("logs the warning The key index is built again"), "the page says what a restore under an enabled service does: "
                + restoring);
        final PostgresDatabase database = server.createDatabase("restore-enabled");
        final Map<String, List<String>> warned = new LinkedHashMap<>();
        try (JdbcEntityStore a = openWarning(database, nodeDisks.resolve("enabled-a"), warned);
             JdbcEntityStore b = openWarning(database, nodeDisks.resolve("enabled-b"), warned)) {
            a.write(customers(a, "a", 1)).commit();
            assertEquals(1, keys(b).get(11L).count());
            final List<String> tables = relations(database, "'r'");
            final Map<String, String> setSequences = backUp(database, tables, relations(database, "'S'"));
            b.write(customers(b, "b", 2, 3)).commit();
            assertEquals(3, keys(a).get(11L).count());
            assertEquals(Map.of(), warned, "no warning before the restore");

            restore(database, tables, setSequences);

            a.write(customers(a, "c", 4)).commit();
            assertEquals(List.of("the store's key log ends before row 2, the last this node's key index took in: the database was set back "
                    + "to an earlier state (restored) or replaced while the service was enabled"), warned.get(a.describe()));
            assertEquals(List.of("row 2 of the store's key log is not the one this node's key index took in as its last: the database was "
                    + "set back to an earlier state (restored) or replaced while the service was enabled"), List.copyOf(keysWarning(b, warned)));
            for (final EntityStore node : List.of(a, b)) {
                final Map<Long, Listed> keys = keys(node);
                assertEquals(new Listed(2, List.of(1L, 2L)), keys.get(11L), "the backup's customer and the one written after the restore");
                assertNull(keys.get(1002L), "a customer the restore removed is not in the index");
                assertNull(keys.get(1003L), "a customer the restore removed is not in the index");
                assertEquals(1, keys.get(1004L).count(), "the customer written after the restore is in the index");
            }

            // a node that neither reads nor writes finds it at its next idle catch-up: here the row of its last row's
            // number was written after the restore, the newest row of the log as its own was
            restore(database, tables, setSequences);
            b.write(customers(b, "d", 5)).commit();
            try (Connection connection = database.dataSource().getConnection()) {
                connection.setAutoCommit(true);
                assertEquals(0, a.keyLog().follow(connection), "the index was built again, not moved on");
            }
            assertEquals(2, warned.get(a.describe()).size(), warned.toString());
            assertEquals(new Listed(2, List.of(1L, 2L)), keys(a).get(11L));
            assertNull(keys(a).get(1004L), "the customer the second restore removed");
            assertEquals(1, keys(a).get(1005L).count());
        }
    }

    /**
     * The page's backup and restore commands run literally, with the PostgreSQL client programs installed on the machine
     * (Maven's PostgreSQL has no pg_dump or psql; Debian's {@code /usr/lib/postgresql/N}, whose pg_dump refuses a server of
     * a newer major version, so the store lives on a server of that installation): the page's pg_dump as the page's user,
     * the customers written after it, then each of the page's psql restores of that dump while the service is disabled
     * (every node's store closed): the store holds the backup's customers alone, every node's key index is built again
     * from it, and the store goes on from there. Then the page's restore in one transaction ({@code --single-transaction})
     * under an enabled service: each node warns and builds its index again from the restored database, as the page says.
     */
    @Test
    void thePagesDumpAndRestoreCommandsRunAsThePageGivesThem() throws Exception {
        final String page = Files.readString(PAGE);
        final String dumpCommand = single(codeMatching(page, Pattern.compile("pg_dump [^`]* > \\S+\\.sql$")));
        final List<String> restores = codeMatching(page, Pattern.compile("psql (?:--single-transaction )?-d crm_entities -f \\S+\\.sql$"));
        assertEquals(2, restores.size(), "the page's restore, and the same in one transaction: " + restores);
        final String inOneTransaction = single(restores.stream().filter(restore -> restore.contains("--single-transaction")).toList());
        final Path installation = installedPostgres();
        try (PostgresServer server = PostgresServer.startFrom(PostgresServer.defaultRoot().resolveSibling("postgres-installed"), installation)) {
            final String user = "nifi_crm_dump_" + ProcessHandle.current().pid();
            run(server, PostgresServer.MAINTENANCE_DATABASE, named(single(codeMatching(page, CREATE_USER)), user, "unused").replace("'...'", "'secret'"));
            int round = 0;
            for (final String restoreCommand : restores) {
                final String database = "crm_entities_dump_" + ProcessHandle.current().pid() + "_" + round;
                run(server, PostgresServer.MAINTENANCE_DATABASE, named(single(codeMatching(page, CREATE_DATABASE)), user, database));
                final PostgresDatabase asUser = new PostgresDatabase(database, server.jdbcUrl(database), user, "secret");
                final List<Path> nodes = List.of(nodeDisks.resolve("dump-a-" + round), nodeDisks.resolve("dump-b-" + round));
                final Path work = Files.createDirectories(nodeDisks.resolve("dump-" + round++));
                try (EntityStore a = open(asUser, nodes.get(0)); EntityStore b = open(asUser, nodes.get(1))) {
                    a.write(customers(a, "a", 1)).commit();
                    assertEquals(1, keys(b).get(11L).count());
                    runClient(installation, server, user, work, named(dumpCommand, user, database));
                    b.write(customers(b, "b", 2, 3)).commit();
                    assertEquals(3, keys(a).get(11L).count());
                }

                runClient(installation, server, user, work, named(restoreCommand, user, database));

                try (EntityStore a = open(asUser, nodes.get(0)); EntityStore b = open(asUser, nodes.get(1))) {
                    for (final EntityStore node : List.of(a, b)) {
                        final Map<Long, Listed> keys = keys(node);
                        assertEquals(new Listed(1, List.of(1L)), keys.get(11L), restoreCommand + ": only the backup's customer");
                        assertNull(keys.get(1002L), restoreCommand + ": a customer written after the backup is not in the index");
                    }
                    a.write(customers(a, "c", 4)).commit();
                    assertEquals(2, keys(b).get(11L).count(), restoreCommand + ": the store goes on from there on every node");
                    assertEquals(List.of(), liveGoldenIdsOf((JdbcEntityStore) b, 2, 3), restoreCommand + ": the customers written after the backup are gone");
                }

                if (restoreCommand.equals(inOneTransaction)) {
                    // the same restore under an enabled service: every node warns and builds its index again from it
                    final Map<String, List<String>> warned = new LinkedHashMap<>();
                    try (JdbcEntityStore a = openWarning(asUser, nodes.get(0), warned); JdbcEntityStore b = openWarning(asUser, nodes.get(1), warned)) {
                        b.write(customers(b, "d", 5)).commit();
                        assertEquals(3, keys(a).get(11L).count());

                        runClient(installation, server, user, work, named(restoreCommand, user, database));

                        a.write(customers(a, "e", 6)).commit();
                        for (final EntityStore node : List.of(a, b)) {
                            final Map<Long, Listed> keys = keys(node);
                            assertEquals(new Listed(2, List.of(1L, 2L)), keys.get(11L), "the backup's customer and the one written after the restore");
                            assertNull(keys.get(1004L), "a customer the restore removed is not in the index");
                            assertNull(keys.get(1005L), "a customer the restore removed is not in the index");
                        }
                        assertEquals(2, warned.size(), "each node warned: " + warned);
                    }
                }
            }
        }
    }

    /** The golden ids of customers {@code 00000000-...-n} the store still has alive. */
    private static List<String> liveGoldenIdsOf(final JdbcEntityStore store, final int... numbers) {
        final List<String> live = new ArrayList<>();
        for (final int number : numbers) {
            final String goldenId = "00000000-0000-7000-8000-" + String.format("%012d", number);
            store.liveGoldenId(goldenId).ifPresent(live::add);
        }
        return live;
    }

    /**
     * The newest PostgreSQL installed on the machine with its client and server programs (Debian's postgresql-N packages,
     * {@code /usr/lib/postgresql/N}): the machines this project builds on have one (PostgreSQL 15).
     */
    private static Path installedPostgres() throws IOException {
        final Path installations = Path.of("/usr/lib/postgresql");
        final List<Path> found;
        try (Stream<Path> versions = Files.isDirectory(installations) ? Files.list(installations) : Stream.empty()) {
            found = versions.filter(version -> Stream.of("pg_dump", "psql", "initdb", "pg_ctl", "postgres")
                    .allMatch(program -> Files.isExecutable(version.resolve("bin").resolve(program))))
                    .sorted(Comparator.comparing((Path version) -> version.getFileName().toString().length())
                            .thenComparing(version -> version.getFileName().toString()))
                    .toList();
        }
        assertFalse(found.isEmpty(), "no PostgreSQL with pg_dump, psql and its server programs under " + installations
                + ": install Debian's postgresql package (the page's commands are run with them)");
        return found.getLast();
    }

    /**
     * Runs a command of the page with bash in {@code work}, as the user (its password in PGPASSWORD), the installation's
     * programs first on the PATH and the server named by PGHOST and PGPORT, as a DBA's shell would; fails when it exits
     * otherwise than with 0 or says ERROR.
     */
    private static void runClient(final Path installation, final PostgresServer server, final String user, final Path work, final String command)
            throws IOException, InterruptedException {
        final ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("client.out").toFile());
        builder.environment().put("PATH", installation.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("PGHOST", PostgresServer.HOST);
        builder.environment().put("PGPORT", String.valueOf(server.port()));
        builder.environment().put("PGUSER", user);
        builder.environment().put("PGPASSWORD", "secret");
        final int exit = builder.start().waitFor();
        final String output = Files.readString(work.resolve("client.out"));
        assertEquals(0, exit, command + " exited with " + exit + ": " + output);
        assertFalse(output.contains("ERROR"), command + ": " + output);
    }

    /** B's warnings after it read the store's keys. */
    private static List<String> keysWarning(final EntityStore node, final Map<String, List<String>> warned) {
        keys(node);
        return warned.getOrDefault(node.describe(), List.of());
    }

    /** A node whose warnings of an index built again are kept under its description. */
    private JdbcEntityStore openWarning(final PostgresDatabase database, final Path node, final Map<String, List<String>> warned) {
        final String description = "node " + node.getFileName();
        return JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), description, node, Duration.ofHours(1),
                new CatchUpListener() {
                    @Override
                    public void caughtUp(final long rows, final long millis) {
                        // counts are not what this test checks
                    }

                    @Override
                    public void failed(final EntityStoreException failure) {
                        throw failure;
                    }

                    @Override
                    public void rebuilt(final String reason) {
                        synchronized (warned) {
                            warned.computeIfAbsent(description, any -> new ArrayList<>()).add(reason);
                        }
                    }
                });
    }

    /** The block every customer joins (11) and those of customers 1 to 5 alone, with their counts and members. */
    private record Listed(long count, List<Long> members) {
    }

    private static Map<Long, Listed> keys(final EntityStore store) {
        final long[] asked = {11, 1001, 1002, 1003, 1004, 1005};
        final KeyEntry[] entries = store.findKeys(asked);
        final long[][] members = store.findBlockMembers(asked);
        final Map<Long, Listed> keys = new LinkedHashMap<>();
        for (int i = 0; i < asked.length; i++) {
            if (entries[i] != null) {
                keys.put(asked[i], new Listed(entries[i].count(), members[i] == null ? null : Arrays.stream(members[i]).boxed().toList()));
            }
        }
        return keys;
    }

    /** Customers {@code prefix + n}, each in block 11 and a block of its own, 1000 + n. */
    private static ChangeSet customers(final EntityStore store, final String prefix, final int... numbers) {
        final ChangeSet change = new ChangeSet(store.layout(List.of("name")), store.readMark());
        for (final int number : numbers) {
            final String goldenId = "00000000-0000-7000-8000-" + String.format("%012d", number);
            change.createEntity(goldenId);
            change.addMember(new SourceKey("crm", prefix + number), goldenId, "name" + number, new long[] {11, 1000 + number});
        }
        return change;
    }

    private EntityStore open(final PostgresDatabase database, final Path node) {
        return JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "node " + node.getFileName(), node);
    }

    /** The code spans of a page that hold a statement of this kind, each the statement alone. */
    private static List<String> codeMatching(final String markdown, final Pattern statement) {
        final List<String> found = new ArrayList<>();
        final Matcher code = CODE.matcher(FENCED_BLOCK.matcher(markdown).replaceAll(""));
        while (code.find()) {
            final String text = code.group(1).replaceAll("\\s+", " ");
            if (statement.matcher(text).lookingAt()) {
                found.add(text);
            }
        }
        return found;
    }

    private static String single(final List<String> statements) {
        assertEquals(1, statements.size(), statements.toString());
        return statements.getFirst();
    }

    /** The statement with the docs' names of the user and the database replaced by this test's. */
    private static String named(final String statement, final String user, final String database) {
        return statement.replace("crm_entities", database).replace("nifi_crm", user);
    }

    private static void run(final PostgresServer server, final String database, final String sql) throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void runAs(final PostgresDatabase database, final String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The names of the relations of these kinds (pg_class.relkind) in the connection's current schema. */
    private static List<String> relations(final PostgresDatabase database, final String kinds) throws SQLException {
        final List<String> names = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select relname from pg_class where relnamespace = current_schema()::regnamespace "
                     + "and relkind in (" + kinds + ") order by relname")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /** Copies every table aside (as a dump holds it) and returns the statements that set each sequence back to now. */
    private static Map<String, String> backUp(final PostgresDatabase database, final List<String> tables, final List<String> sequences) throws SQLException {
        final Map<String, String> setBack = new LinkedHashMap<>();
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (final String table : tables) {
                statement.execute("create table backup_" + table + " as table " + table);
            }
            for (final String sequence : sequences) {
                try (ResultSet value = statement.executeQuery("select last_value, is_called from " + sequence)) {
                    value.next();
                    setBack.put(sequence, "select setval('" + sequence + "', " + value.getLong(1) + ", " + value.getBoolean(2) + ")");
                }
            }
        }
        return setBack;
    }

    /** What psql running a dump taken with --clean leaves: every table as the backup held it, every sequence set back. */
    private static void restore(final PostgresDatabase database, final List<String> tables, final Map<String, String> setSequences) throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("truncate " + String.join(", ", tables));
            for (final String table : tables) {
                statement.execute("insert into " + table + " select * from backup_" + table);
            }
            for (final String setBack : setSequences.values()) {
                statement.execute(setBack);
            }
        }
    }
}
