package dev.nificrm.systemtest;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The guards of the sync flows' two sample CRMs ({@code templates/sync/home-crm.sql}, {@code people-crm.sql}), straight
 * on the tests' PostgreSQL: a golden id another row holds is not written (an update of it alone writes nothing, not
 * even the last-modified time; the update's other values are written) unless only a deleted row holds it, which gives it
 * up, and an update carrying an older sync version than the row's is skipped, as is a write of the sync that would bring
 * a tombstone back without a newer version than the row's.
 */
class SampleCrmTriggersIT {
    /** A synced column of each CRM. */
    private static final Map<SqlCrm.Kind, String> CITY = Map.of(SqlCrm.Kind.HOME, "city", SqlCrm.Kind.PEOPLE, "town");

    @ParameterizedTest
    @EnumSource(SqlCrm.Kind.class)
    void aGoldenIdAnotherRowHoldsIsNotWrittenAndTheUpdatesOtherValuesAre(final SqlCrm.Kind kind) throws Exception {
        final SqlCrm crm = SqlCrm.create(PostgresServer.shared(), kind, "triggers_golden");
        final String golden = kind.goldenIdColumn();
        final String city = CITY.get(kind);
        final long first = crm.insert(Map.of(city, "Boston", golden, "G-1"));
        final long second = crm.insert(Map.of(city, "Denver"));
        final Object modified = row(crm, second).get(kind.modifiedColumn());

        assertEquals(0, update(crm, "UPDATE " + kind.table() + " SET " + golden + " = ? WHERE " + kind.idColumn() + " = ?", "G-1", second),
                "the golden id alone: nothing is written");
        assertNull(row(crm, second).get(golden));
        assertEquals(modified, row(crm, second).get(kind.modifiedColumn()), "not touched, so a sync does not read it again");

        assertEquals(1, update(crm, "UPDATE " + kind.table() + " SET " + golden + " = ?, " + city + " = 'Austin' WHERE " + kind.idColumn()
                + " = ?", "G-1", second));
        assertNull(row(crm, second).get(golden), "the row keeps its own golden id");
        assertEquals("Austin", row(crm, second).get(city), "the update's other values are written");
        assertEquals("G-1", row(crm, first).get(golden));

        assertEquals(1, update(crm, "UPDATE " + kind.table() + " SET " + golden + " = ? WHERE " + kind.idColumn() + " = ?", "G-2", second));
        assertEquals("G-2", row(crm, second).get(golden), "a golden id no other row holds is written");
    }

    @ParameterizedTest
    @EnumSource(SqlCrm.Kind.class)
    void aDeletedRowGivesItsGoldenIdUpToALiveRowItIsWrittenInto(final SqlCrm.Kind kind) throws Exception {
        final SqlCrm crm = SqlCrm.create(PostgresServer.shared(), kind, "triggers_handover");
        final String golden = kind.goldenIdColumn();
        final String city = CITY.get(kind);
        final String deleted = kind.deletedColumn();
        final long merged = crm.insert(Map.of(city, "Boston", golden, "G-1", deleted, true));
        final long kept = crm.insert(Map.of(city, "Denver"));
        final long alsoDeleted = crm.insert(Map.of(city, "Austin", deleted, true));
        final Object modified = row(crm, merged).get(kind.modifiedColumn());
        final String write = "UPDATE " + kind.table() + " SET " + golden + " = ? WHERE " + kind.idColumn() + " = ?";

        assertEquals(0, update(crm, write, "G-1", alsoDeleted), "a tombstone takes nothing from a tombstone");
        assertEquals(1, update(crm, write, "G-1", kept));
        assertEquals("G-1", row(crm, kept).get(golden), "the row kept is the customer's row now");
        assertNull(row(crm, merged).get(golden), "the deleted row gave it up");
        assertEquals(true, row(crm, merged).get(deleted));
        assertNotEquals(modified, row(crm, merged).get(kind.modifiedColumn()), "touched: a sync reads that it has no golden id any more");
        assertEquals(0, update(crm, write, "G-1", alsoDeleted), "a live row keeps it");
    }

    @ParameterizedTest
    @EnumSource(SqlCrm.Kind.class)
    void anOlderSyncVersionNeverOverwritesANewerOne(final SqlCrm.Kind kind) throws Exception {
        final SqlCrm crm = SqlCrm.create(PostgresServer.shared(), kind, "triggers_version");
        final String city = CITY.get(kind);
        final long id = crm.insert(Map.of(city, "Boston", "sync_version", 5L));
        final String update = "UPDATE " + kind.table() + " SET " + city + " = ?, sync_version = ? WHERE " + kind.idColumn() + " = ?";

        assertEquals(0, update(crm, update, "Denver", 4L, id), "an older decision arriving late is skipped");
        assertEquals("Boston", row(crm, id).get(city));
        assertEquals(1, update(crm, update, "Austin", 6L, id));
        assertEquals("Austin", row(crm, id).get(city));
        assertEquals(1, update(crm, "UPDATE " + kind.table() + " SET " + city + " = ? WHERE " + kind.idColumn() + " = ?", "Omaha", id),
                "a person's own edit");
        assertEquals(6L, row(crm, id).get("sync_version"), "an update without a version keeps the row's");
    }

    /**
     * A write of the sync brings a tombstone back only when it is a newer decision than the deletion, by its sync version:
     * the upsert by golden id as PutDatabaseRecord writes it ({@code INSERT ... ON CONFLICT (golden id) DO UPDATE SET
     * (...) = (EXCLUDED...)}) of a live row carrying the tombstone's own version or an empty one (no newer decision than
     * the deletion) writes nothing, not even the last-modified time, as an older one did already; one carrying a higher
     * version brings the row back. A person's own restore, naming no version, is written.
     * Before, every such write but the older one brought the row back: a revive nobody decided.
     */
    @ParameterizedTest
    @EnumSource(SqlCrm.Kind.class)
    void aTombstoneIsBroughtBackOnlyByANewerSyncVersion(final SqlCrm.Kind kind) throws Exception {
        final SqlCrm crm = SqlCrm.create(PostgresServer.shared(), kind, "triggers_tombstone");
        final String golden = kind.goldenIdColumn();
        final String city = CITY.get(kind);
        final String deleted = kind.deletedColumn();
        final long id = crm.insert(Map.of(city, "Boston", golden, "G-1", deleted, true, "sync_version", 5L));
        final Map<String, Object> tombstone = row(crm, id);
        final String columns = golden + ", " + city + ", " + deleted + ", sync_version";
        final String upsert = "INSERT INTO " + kind.table() + " (" + columns + ") VALUES (?, ?, false, CAST(? AS BIGINT)) ON CONFLICT (" + golden
                + ") DO UPDATE SET (" + columns + ") = (EXCLUDED." + columns.replace(", ", ", EXCLUDED.") + ")";

        assertEquals(0, update(crm, upsert, "G-1", "Denver", 5L), "a write as old as the deletion: the row stays deleted");
        assertEquals(0, update(crm, upsert, "G-1", "Denver", null), "a write carrying an empty version");
        assertEquals(0, update(crm, upsert, "G-1", "Denver", 4L), "an older write");
        assertEquals(tombstone, row(crm, id), "nothing written, not even the last-modified time");

        assertEquals(1, update(crm, upsert, "G-1", "Austin", 6L), "a newer decision brings the row back");
        assertEquals(List.of("Austin", false, 6L), List.of(row(crm, id).get(city), row(crm, id).get(deleted), row(crm, id).get("sync_version")));

        final String byHand = "UPDATE " + kind.table() + " SET " + deleted + " = ?, " + city + " = ? WHERE " + kind.idColumn() + " = ?";
        assertEquals(1, update(crm, byHand, true, "Austin", id), "a person deletes the row");
        assertEquals(1, update(crm, byHand, false, "Omaha", id), "and restores it: a person's own edit names no version");
        assertEquals(List.of("Omaha", false, 6L), List.of(row(crm, id).get(city), row(crm, id).get(deleted), row(crm, id).get("sync_version")));
    }

    private static Map<String, Object> row(final SqlCrm crm, final long id) throws SQLException {
        return crm.query("SELECT * FROM " + crm.kind().table() + " WHERE " + crm.kind().idColumn() + " = " + id).getFirst();
    }

    /** Runs an update with its parameters and returns how many rows it wrote. */
    private static int update(final SqlCrm crm, final String sql, final Object... parameters) throws SQLException {
        final PostgresDatabase database = crm.database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
