package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the store services' usage pages say of the store's schema is what this version's migrations make it:
 * <ul>
 *     <li>the version they quote as Verify shows it for a store of this version ("Schema version 8 (this nifi-crm's)"),
 *     so an operator comparing the page with the Verify dialog of a current store sees the same number;</li>
 *     <li>the tables they describe ({@code | Table | One row per | Columns |}): EmbeddedEntityStore's page every table of
 *     the SQLite migrations, each with every column, and none other; PostgreSQLEntityStore's page the tables that
 *     differ there, each with every column, and every table of the embedded page the PostgreSQL migrations do not
 *     create; the others of the PostgreSQL migrations as the embedded page describes them, with every column.</li>
 * </ul>
 */
class StoreSchemaDocumentationTest {
    private static final Path DOCS = Path.of("src/main/resources/docs");
    private static final String EMBEDDED = "dev.nificrm.services.EmbeddedEntityStore";
    private static final String POSTGRESQL = "dev.nificrm.services.PostgreSQLEntityStore";
    /** Created by JdbcEntityStore itself, before the first migration: the versions applied. */
    private static final Map<String, Set<String>> BEFORE_THE_MIGRATIONS = Map.of("crm_schema_version", Set.of("version", "description", "applied_at"));
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)create table (?:if not exists )?(\\w+) \\((.*?)\\n\\);");
    private static final Pattern ADD_COLUMN = Pattern.compile("(?i)alter table (\\w+) add column (\\w+)");
    private static final Pattern COLUMN = Pattern.compile("(?m)^\\s*(\\w+)\\s");
    private static final Set<String> NOT_COLUMNS = Set.of("primary", "unique", "constraint", "foreign", "check");
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `(crm_\\w+)` \\|([^|]*)\\|(.*)\\|$");
    private static final Pattern CURRENT_VERSION = Pattern.compile("Schema version (\\d+) \\(this nifi-crm's\\)");

    @Test
    void theSchemaVersionThePagesQuoteAsThisVersionsIsTheOneItsMigrationsReach() throws IOException {
        final List<String> problems = new ArrayList<>();
        check("dev.nificrm.services.EmbeddedEntityStore", new SqliteDialect(), problems);
        check("dev.nificrm.services.PostgreSQLEntityStore", new PostgresDialect(), problems);
        assertEquals(List.of(), problems);
    }

    private static void check(final String component, final SqlDialect dialect, final List<String> problems) throws IOException {
        final String page = Files.readString(DOCS.resolve(component).resolve("additionalDetails.md")).replaceAll("\\s+", " ");
        final int current = dialect.migrations().size();
        final Matcher quoted = CURRENT_VERSION.matcher(page);
        while (quoted.find()) {
            if (Integer.parseInt(quoted.group(1)) != current) {
                problems.add(component + " quotes '" + quoted.group() + "'; this version's schema is " + current);
            }
        }
    }

    @Test
    void theTablesThePagesDescribeAreTheOnesTheMigrationsCreateWithTheirColumns() throws IOException {
        final Map<String, Set<String>> sqlite = schema(new SqliteDialect());
        final Map<String, Set<String>> postgres = schema(new PostgresDialect());
        final Map<String, String> embeddedPage = describedTables(EMBEDDED);
        final Map<String, String> postgresPage = describedTables(POSTGRESQL);
        assertFalse(embeddedPage.isEmpty(), "EmbeddedEntityStore's page describes no table");
        final List<String> problems = new ArrayList<>();
        compare("EmbeddedEntityStore", sqlite, embeddedPage, problems);
        final Map<String, String> postgresDescriptions = new TreeMap<>(embeddedPage);
        postgresDescriptions.putAll(postgresPage);
        for (final String table : new TreeSet<>(postgresDescriptions.keySet())) {
            if (!postgres.containsKey(table) && !postgresPage.containsKey(table)) {
                problems.add("PostgreSQLEntityStore's page does not say that it has no " + table + " (EmbeddedEntityStore's page describes it)");
            }
            if (!postgres.containsKey(table)) {
                postgresDescriptions.remove(table);
            }
        }
        compare("PostgreSQLEntityStore", postgres, postgresDescriptions, problems);
        assertEquals(List.of(), problems);
    }

    /** Every table of the schema described, with every column named in backticks; every table described in the schema. */
    private static void compare(final String store, final Map<String, Set<String>> schema, final Map<String, String> described, final List<String> problems) {
        for (final Map.Entry<String, Set<String>> table : schema.entrySet()) {
            final String description = described.get(table.getKey());
            if (description == null) {
                problems.add(store + ": table " + table.getKey() + " is not described");
                continue;
            }
            for (final String column : table.getValue()) {
                if (!description.contains("`" + column + "`")) {
                    problems.add(store + ": column " + table.getKey() + "." + column + " is not described");
                }
            }
        }
        for (final String table : described.keySet()) {
            if (!schema.containsKey(table)) {
                problems.add(store + ": describes a table " + table + " its migrations do not create");
            }
        }
    }

    /** The tables of a page's table of tables, each with the text of its row. */
    private static Map<String, String> describedTables(final String component) throws IOException {
        final String page = Files.readString(DOCS.resolve(component).resolve("additionalDetails.md"));
        final Map<String, String> tables = new TreeMap<>();
        final Matcher row = TABLE_ROW.matcher(page);
        while (row.find()) {
            tables.put(row.group(1), row.group(2) + "|" + row.group(3));
        }
        return tables;
    }

    /** The tables and their columns as the dialect's migrations leave them. */
    private static Map<String, Set<String>> schema(final SqlDialect dialect) throws IOException {
        final Map<String, Set<String>> tables = new TreeMap<>(BEFORE_THE_MIGRATIONS);
        for (final String migration : dialect.migrations()) {
            final String resource = dialect.migrationFolder() + "/" + migration + ".sql";
            final String sql;
            try (InputStream in = JdbcEntityStore.class.getResourceAsStream(resource)) {
                assertNotNull(in, resource);
                sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
            }
            final Matcher table = CREATE_TABLE.matcher(sql);
            while (table.find()) {
                final Set<String> columns = new TreeSet<>();
                final Matcher column = COLUMN.matcher(table.group(2));
                while (column.find()) {
                    if (!NOT_COLUMNS.contains(column.group(1).toLowerCase())) {
                        columns.add(column.group(1));
                    }
                }
                tables.put(table.group(1), columns);
            }
            final Matcher added = ADD_COLUMN.matcher(sql);
            while (added.find()) {
                tables.get(added.group(1)).add(added.group(2));
            }
        }
        return tables;
    }
}
