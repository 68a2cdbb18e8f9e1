package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The store services' usage pages quote what Verify says of a store of this version ("Schema version 8 (this
 * nifi-crm's)"): the version they quote is the one this version's migrations reach, so an operator comparing the page
 * with the Verify dialog of a current store sees the same number.
 */
class StoreSchemaDocumentationTest {
    private static final Path DOCS = Path.of("src/main/resources/docs");
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
}
