package dev.nificrm.store;

import dev.nificrm.StoredText;
import dev.nificrm.match.BlockingRule;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.roles.BlockingTransform;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The entity store contract on the embedded SQLite store. */
class SqliteEntityStoreTest extends EntityStoreContractTest {
    @TempDir
    Path directory;

    private final Map<EntityStore, Path> files = new HashMap<>();
    private int stores;

    @Override
    protected EntityStore newStore() {
        final Path file = directory.resolve("store-" + stores++ + ".db");
        final EntityStore store = JdbcEntityStore.sqlite(file);
        files.put(store, file);
        return store;
    }

    @Override
    protected EntityStore newStore(final UnaryOperator<ConnectionSource> connections) {
        final Path file = directory.resolve("store-" + stores++ + ".db");
        final EntityStore store = JdbcEntityStore.sqlite(file, connections);
        files.put(store, file);
        return store;
    }

    @Override
    protected int sourceIdsMigration() {
        return 8;
    }

    @Override
    protected int openFieldsMigration() {
        return 9;
    }

    @Override
    protected EntityStore reopenAfter(final EntityStore store, final String... statements) throws SQLException {
        final Path file = files.get(store);
        store.close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            for (final String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
        final EntityStore reopened = JdbcEntityStore.sqlite(file);
        files.put(reopened, file);
        return reopened;
    }

    @Override
    protected Map<String, byte[]> contentsAfterClosing(final EntityStore store) throws IOException {
        final Path file = files.get(store);
        final Map<String, byte[]> contents = new java.util.TreeMap<>();
        readFiles(file, "open: ", contents);
        store.close();
        readFiles(file, "closed: ", contents);
        return contents;
    }

    /** The store's files: the database, its write-ahead log and the key index. */
    private void readFiles(final Path file, final String state, final Map<String, byte[]> contents) throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            for (final Path path : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                if (path.getFileName().toString().startsWith(file.getFileName().toString()) || path.getParent().equals(JdbcEntityStore.keyIndexDirectory(file))) {
                    contents.put(state + directory.relativize(path), StoredText.read(path));
                }
            }
        }
    }

    @Override
    protected EntityStore restart(final EntityStore store) {
        final Path file = files.get(store);
        store.close();
        final EntityStore reopened = JdbcEntityStore.sqlite(file);
        files.put(reopened, file);
        return reopened;
    }

    @Override
    protected Map<String, byte[]> contents(final EntityStore store) throws IOException {
        final Map<String, byte[]> contents = new java.util.TreeMap<>();
        readFiles(files.get(store), "", contents);
        return contents;
    }

    @Override
    protected String blob(final byte[] bytes) {
        return "x'" + java.util.HexFormat.of().formatHex(bytes) + "'";
    }

    @Override
    protected EntityStore reopen(final EntityStore store) {
        final Path file = files.get(store);
        final EntityStore reopened = JdbcEntityStore.sqlite(file);
        files.put(reopened, file);
        return reopened;
    }

    /**
     * A customer stored before NiFi restarted (so its records are in the key index's files on disk) and erased after: the
     * records leave the files at once, not when the store is next closed, and the write-ahead log holds none of them.
     */
    @Test
    void anErasedCustomersRecordsLeaveTheFilesAtOnce() throws IOException, StoreConflictException {
        final Path file = directory.resolve("restarted.db");
        final String erasedId;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            erasedId = commit(resolver(store), batch(PERSON_MATCHER, "sf",
                    new String[] {"ERASE-ME-1", "Zebediah", "Quaxley", "zebediah.quaxley@erase.example", "(415) 555-0177", "1966-06-06"},
                    new String[] {"KEEP-2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"})).goldenId(0);
        }
        final Path records = JdbcEntityStore.keyIndexDirectory(file).resolve("member-records");
        assertTrue(new String(Files.readAllBytes(records), StandardCharsets.ISO_8859_1).contains("ERASE-ME-1"), "the check reads the file");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            store.erase(List.of(erasedId)).pendingWrite().commit();
            for (final Path written : List.of(records, file, file.resolveSibling(file.getFileName() + "-wal"))) {
                if (Files.exists(written)) {
                    final String content = new String(Files.readAllBytes(written), StandardCharsets.ISO_8859_1);
                    assertFalse(content.contains("ERASE-ME-1") || content.contains("quaxley"), written.getFileName() + " while the store is open");
                }
            }
        }
    }

    private static final List<String> NAME = List.of("name");
    private static final String FIRST = "00000000-0000-7000-8000-000000000001";
    private static final String SECOND = "00000000-0000-7000-8000-000000000002";

    /** Commits one customer (FIRST, source crm:a1) in blocks 11 and 12, and one (SECOND, source crm:{secondId}) in block 11 with these keys. */
    private static void storeTwo(final EntityStore store, final String secondId, final String secondKeys) throws StoreConflictException {
        final ChangeSet change = new ChangeSet(store.layout(NAME), store.readMark());
        change.createEntity(FIRST);
        change.addMember(new SourceKey("crm", "a1"), FIRST, "name1", new long[] {11, 12});
        store.write(change).commit();
        final ChangeSet next = new ChangeSet(store.layout(NAME), store.readMark());
        next.createEntity(SECOND);
        next.addMember(new SourceKey("crm", secondId), SECOND, secondKeys, new long[] {11});
        store.write(next).commit();
    }

    /**
     * A webhook request checked while a MatchCRMRecord write into the same store is open (it holds SQLite's one writer
     * until its NiFi session commits) is answered at once, not after that write: a sender such as HubSpot gives up after
     * about 5 seconds and sends the request again. The claim is made on another thread and finishes well within the
     * busy timeout, while the write is still open; it is still a replay once the write has committed.
     */
    @Test
    void aWebhookClaimDoesNotWaitForAnOpenWrite() throws Exception {
        final Path file = directory.resolve("busy.db");
        final byte[] signature = "digest of a webhook signature".getBytes(StandardCharsets.UTF_8);
        final long now = 1_764_581_400_000L;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final ChangeSet change = new ChangeSet(store.layout(NAME), store.readMark());
            change.createEntity(FIRST);
            change.addMember(new SourceKey("crm", "a1"), FIRST, "name1", new long[] {11});
            final OpenWrite open = store.write(change);
            final ExecutorService webhook = Executors.newSingleThreadExecutor();
            boolean committed = false;
            try {
                final Future<Boolean> claim = webhook.submit(() -> store.claimSignature(signature, now + 300_000, now));
                assertTrue(claim.get(SqliteConnections.BUSY_TIMEOUT_MILLIS / 4, TimeUnit.MILLISECONDS), "claimed while the write is open");
                open.commit();
                committed = true;
            } finally {
                if (!committed) {
                    open.rollback();
                }
                webhook.shutdownNow();
            }
            assertFalse(store.claimSignature(signature, now + 301_000, now + 1_000), "a replay after the write committed");
            assertEquals(FIRST, store.findMembersById(new long[] {1}, NAME)[0].goldenId(), "the write committed");
        }
    }

    /**
     * Webhook claims an earlier nifi-crm kept in the store's database (schema version 7's table) move to the claims' own
     * file when the store opens, so a request accepted just before the upgrade is still a replay after it; the table is
     * left empty. A store that never had a claim has no such file.
     */
    @Test
    void webhookClaimsKeptInTheDatabaseMoveToTheirOwnFile() throws SQLException {
        final Path file = directory.resolve("upgraded.db");
        final long now = 1_764_581_400_000L;
        JdbcEntityStore.sqlite(file).close();
        assertFalse(Files.exists(JdbcEntityStore.signatureFile(file)), "created by the first claim");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into crm_webhook_signature (signature_digest, expires_at) values (x'01', " + (now + 300_000)
                    + "), (x'02', " + (now - 1) + ")");
        }
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            assertFalse(store.claimSignature(new byte[] {1}, now + 301_000, now + 1_000), "accepted before the upgrade: a replay");
            assertTrue(store.claimSignature(new byte[] {2}, now + 301_000, now + 1_000), "expired before the upgrade");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from crm_webhook_signature")) {
            assertEquals(0, rows.getInt(1), "the database's table is left empty");
        }
    }

    /**
     * A record larger than a segment of the key index's files (64 MB of keys and ids): the index keeps no record of it and
     * reads it from the database, instead of failing every read and every build of the index after the commit.
     */
    @Test
    void aRecordTooLargeForTheKeyIndexIsReadFromTheDatabase() throws IOException, StoreConflictException {
        final Path file = directory.resolve("huge.db");
        final List<String> fields = NAME;
        final String first = FIRST;
        final String huge = SECOND;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            storeTwo(store, "huge", "x".repeat((64 << 20) + 16));
            assertArrayEquals(new long[] {1, 2}, store.findBlockMembers(new long[] {11})[0]);
            assertEquals(new SourceKey("crm", "huge"), store.findMembersById(new long[] {2}, fields)[0].source());
        }
        try (EntityStore reopened = JdbcEntityStore.sqlite(file)) {
            assertArrayEquals(new long[] {1, 2}, reopened.findBlockMembers(new long[] {11})[0], "opened again");
            assertEquals(huge, reopened.findMembersById(new long[] {2}, fields)[0].goldenId());
        }
        try (Stream<Path> index = Files.walk(JdbcEntityStore.keyIndexDirectory(file))) {
            index.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        try (EntityStore rebuilt = JdbcEntityStore.sqlite(file)) {
            assertArrayEquals(new long[] {1, 2}, rebuilt.findBlockMembers(new long[] {11})[0], "the index built again");
            assertEquals(first, rebuilt.findMembersById(new long[] {1}, fields)[0].goldenId());
            assertEquals(huge, rebuilt.findMembersById(new long[] {2}, fields)[0].goldenId());
        }
    }

    /**
     * Key index files damaged outside the store (a disk, a copy; not a crash, after which the index is built again
     * anyway), in an index of the version before checksums (found when opened since: see
     * {@link #aByteChangedInAKeyIndexFileClosedCleanlyIsFoundWhenTheStoreOpens}): a length read from them that runs past what was written fails the read with the reason, never allocates
     * what it says (two billion bytes would end the JVM), and the index is built again before the next read.
     */
    @Test
    void aDamagedKeyIndexFailsOneReadAndIsBuiltAgain() throws IOException, StoreConflictException {
        final Path file = directory.resolve("damaged.db");
        final List<String> fields = NAME;
        final String first = FIRST;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            storeTwo(store, "a2", "name2");
        }
        final Path index = JdbcEntityStore.keyIndexDirectory(file);
        // the first member's record: its layout, then its golden id's length, which now says two billion bytes
        try (RandomAccessFile records = new RandomAccessFile(index.resolve("member-records").toFile(), "rw")) {
            records.seek(Integer.BYTES);
            records.writeInt(2_000_000_000);
        }
        // written by the version before checksums, the damage is only found by a read
        writtenBeforeChecksums(index);
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final EntityStoreException damaged = assertThrows(EntityStoreException.class, () -> store.findMembersById(new long[] {1}, fields));
            assertTrue(damaged.getMessage().contains("is damaged") && damaged.getMessage().contains("built again"), damaged.getMessage());
            assertEquals(first, store.findMembersById(new long[] {1}, fields)[0].goldenId(), "read again from the index built again");
            assertArrayEquals(new long[] {1, 2}, store.findBlockMembers(new long[] {11})[0]);
        }
        // block 11's list (its slot holds the hash, then at byte 12 where its list starts): its length now says a million members
        final ByteBuffer slots = ByteBuffer.wrap(Files.readAllBytes(index.resolve("slots-16")));
        int list = -1;
        for (int slot = 0; slot + 16 <= slots.capacity(); slot += 16) {
            if (slots.getLong(slot) == 11) {
                list = slots.getInt(slot + 12);
            }
        }
        assertTrue(list >= 0, "block 11 has a list");
        try (RandomAccessFile lists = new RandomAccessFile(index.resolve("lists").toFile(), "rw")) {
            lists.seek((long) list * Integer.BYTES);
            assertEquals(2, lists.readInt(), "the list's length");
            lists.seek((long) list * Integer.BYTES);
            lists.writeInt(1_000_000);
        }
        writtenBeforeChecksums(index);
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final long[] hashes = {11, 12};
            final EntityStoreException damaged = assertThrows(EntityStoreException.class, () -> store.findBlockMembers(hashes));
            assertTrue(damaged.getMessage().contains("is damaged"), damaged.getMessage());
            final long[][] members = store.findBlockMembers(hashes);
            assertArrayEquals(new long[] {1, 2}, members[0]);
            assertArrayEquals(new long[] {1}, members[1]);
        }
    }

    /**
     * One byte changed in each file of a key index closed cleanly (a disk error, a partial copy or restore, a tool): the
     * store finds it when it opens, by the checksums written at the close, says which file, builds the index again from
     * the database, and finds every stored customer. Trusted, the byte would silently lose or invent candidates, or fail
     * a read deep inside.
     */
    @Test
    void aByteChangedInAKeyIndexFileClosedCleanlyIsFoundWhenTheStoreOpens() throws IOException {
        final Path file = directory.resolve("flipped.db");
        final String[][] people = people(40);
        final List<String> stored;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Resolution resolution = commit(resolver(store), batch(PERSON_MATCHER, "sf", people));
            stored = IntStream.range(0, people.length).mapToObj(resolution::goldenId).toList();
            assertEquals(people.length, stored.stream().distinct().count(), "40 customers");
        }
        final Path index = JdbcEntityStore.keyIndexDirectory(file);
        // where a changed byte matters: a used slot's hash, a listed member, member 1's offset, a record's bytes; the header's count of keys
        final Map<String, String> damages = new LinkedHashMap<>();
        damages.put("slots-16", "its file slots-16 changed");
        damages.put("lists", "its file lists changed");
        damages.put("member-offsets", "its file member-offsets changed");
        damages.put("member-records", "its file member-records changed");
        damages.put("header", "its header changed");
        for (final Map.Entry<String, String> damage : damages.entrySet()) {
            final Path damaged = index.resolve(damage.getKey());
            flipByte(damaged, switch (damage.getKey()) {
                case "slots-16" -> firstUsedSlot(damaged);
                case "lists" -> Integer.BYTES;
                case "member-offsets" -> Long.BYTES;
                case "header" -> 24;
                default -> 10;
            });
            try (EntityStore store = JdbcEntityStore.sqlite(file)) {
                final String reason = store.keyIndexDamage().orElseThrow(() -> new AssertionError(damage.getKey() + " trusted"));
                assertTrue(reason.contains(damage.getValue()), reason);
                assertFalse(((JdbcEntityStore) store).keyLog().index().openedClean(), "built again");
                final Resolution again = resolver(store).resolve(batch(PERSON_MATCHER, "hs", people));
                again.pendingWrite().rollback();
                for (int person = 0; person < people.length; person++) {
                    assertEquals(stored.get(person), again.goldenId(person), damage.getKey() + ": person " + person);
                }
            }
            try (EntityStore store = JdbcEntityStore.sqlite(file)) {
                assertTrue(store.keyIndexDamage().isEmpty(), "the rebuilt index, closed cleanly, is trusted");
                assertTrue(((JdbcEntityStore) store).keyLog().index().openedClean());
            }
        }
    }

    /**
     * What a trusted changed byte does, where nothing else finds it: block 11's hash in its slot, changed, loses the block
     * (both members, silently); a member number in its list, changed, names a member who is not in it. Found at open,
     * the index is built again and reads as before.
     */
    @Test
    void aChangedSlotOrListMemberIsNotReadAsABlock() throws IOException, StoreConflictException {
        final Path file = directory.resolve("block.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            storeTwo(store, "a2", "name2");
        }
        final Path index = JdbcEntityStore.keyIndexDirectory(file);
        final ByteBuffer slots = ByteBuffer.wrap(Files.readAllBytes(index.resolve("slots-16")));
        long blockSlot = -1;
        for (long at = 0; at + 16 <= slots.capacity(); at += 16) {
            if (slots.getLong((int) at) == 11) {
                blockSlot = at;
            }
        }
        final int list = slots.getInt((int) blockSlot + 12);
        for (final long changed : new long[] {blockSlot, (long) (list + 2) * Integer.BYTES}) {
            flipByte(index.resolve(changed == blockSlot ? "slots-16" : "lists"), changed);
            try (EntityStore store = JdbcEntityStore.sqlite(file)) {
                assertTrue(store.keyIndexDamage().isPresent(), "found at open");
                final long[][] members = store.findBlockMembers(new long[] {11, 12});
                assertArrayEquals(new long[] {1, 2}, members[0]);
                assertArrayEquals(new long[] {1}, members[1]);
            }
        }
    }

    /**
     * An index written by the version before checksums (a header of version 1, 64 bytes) opens as it did, without being
     * built again: it was as trustworthy as ever. Its next clean close writes the checksums, checked from then on.
     */
    @Test
    void anIndexClosedBeforeChecksumsOpensAsBeforeAndIsCheckedFromItsNextClose() throws IOException {
        final Path file = directory.resolve("previous.db");
        final String[][] people = people(5);
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            commit(resolver(store), batch(PERSON_MATCHER, "sf", people));
        }
        final Path index = JdbcEntityStore.keyIndexDirectory(file);
        writtenBeforeChecksums(index);
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            assertTrue(store.keyIndexDamage().isEmpty());
            assertTrue(((JdbcEntityStore) store).keyLog().index().openedClean(), "not built again");
        }
        assertEquals(104, Files.size(index.resolve("header")), "version 2 written at the close");
        flipByte(index.resolve("member-records"), 10);
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            assertTrue(store.keyIndexDamage().orElseThrow().contains("member-records"));
        }
    }

    /**
     * An embedded store's commit returns once the database committed, while the key index's thread is still to take the
     * change in (held up here): the caller's next work overlaps it. A read started meanwhile waits for it and finds the
     * people just committed: a copy of one from another system joins that person's entity.
     */
    @Test
    void theCommitReturnsBeforeTheKeyIndexTakesTheChangeInAndTheNextReadWaitsForIt() throws Exception {
        final String[][] people = people(20);
        try (EntityStore store = JdbcEntityStore.sqlite(directory.resolve("overlap.db"))) {
            commit(resolver(store), batch(PERSON_MATCHER, "crm", Arrays.copyOfRange(people, 0, 10)));
            final KeyLog log = ((JdbcEntityStore) store).keyLog();
            final HeldTakingIn held = new HeldTakingIn();
            log.takingAhead = held;
            final Resolution second = resolver(store).resolve(batch(PERSON_MATCHER, "crm", Arrays.copyOfRange(people, 10, 20)));
            second.pendingWrite().commit();
            log.takingAhead = null;
            assertEquals(1, held.done.getCount(), "the commit returned before the key index took its change in");
            final Resolution[] copy = new Resolution[1];
            final Thread reader = new Thread(() -> copy[0] = commit(resolver(store), batch(PERSON_MATCHER, "web", people[15])));
            reader.start();
            // the reader waits for the change (or, reading without it, is done)
            while (reader.isAlive() && reader.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            held.goOn.countDown();
            reader.join();
            assertEquals(0, held.done.getCount());
            assertEquals(second.goldenId(5), copy[0].goldenId(0), "the copy found the person committed before it");
        }
    }

    /** Distinct people (id, first and last name, email, phone, birth date), none of whom matches another. */
    private static String[][] people(final int count) {
        final String[] first = {"Amelia", "Bartholomew", "Cordelia", "Desmond", "Evangeline", "Fitzgerald", "Genevieve", "Horatio"};
        final String[] last = {"Quaxley", "Pemberton", "Thistlewood", "Okonkwo", "Vasquez", "Lindqvist", "Marchetti", "Abernathy"};
        final String[][] people = new String[count][];
        for (int person = 0; person < count; person++) {
            final String given = first[person % first.length];
            final String family = last[person / first.length % last.length];
            people[person] = new String[] {"P" + person, given, family, (given + "." + family + person).toLowerCase(Locale.ROOT) + "@example.com",
                    String.format(Locale.ROOT, "(415) 555-%04d", 1000 + person * 37), String.format(Locale.ROOT, "19%02d-%02d-%02d",
                    40 + person, 1 + person % 12, 1 + person % 28)};
        }
        return people;
    }

    private static void flipByte(final Path file, final long position) throws IOException {
        try (RandomAccessFile bytes = new RandomAccessFile(file.toFile(), "rw")) {
            bytes.seek(position);
            final int value = bytes.read();
            bytes.seek(position);
            bytes.write(value ^ 0x5A);
        }
    }

    /** The byte where the first used slot's hash starts (a slot is 16 bytes, a hash of 0 marks it free). */
    private static long firstUsedSlot(final Path slotFile) throws IOException {
        final ByteBuffer slots = ByteBuffer.wrap(Files.readAllBytes(slotFile));
        for (int slot = 0; slot + 16 <= slots.capacity(); slot += 16) {
            if (slots.getLong(slot) != 0) {
                return slot;
            }
        }
        throw new AssertionError("no used slot");
    }

    /** Rewrites an index's header as the version before checksums wrote it: version 1, its first 64 bytes. */
    private static void writtenBeforeChecksums(final Path index) throws IOException {
        final Path header = index.resolve("header");
        final ByteBuffer bytes = ByteBuffer.wrap(Arrays.copyOf(Files.readAllBytes(header), 64));
        bytes.putInt(8, 1);
        Files.write(header, bytes.array());
    }

    /**
     * A store whose customers were keyed under the city pass as it was before it read umlauts (the first three letters of
     * the city as written: Luebeck under lue) finds them by the pass as it is (lub), because the pass has a name of its
     * own: the first FlowFile keys every stored record under it once, from the comparison keys the store holds.
     */
    @Test
    void aStoreKeyedUnderTheCityPassBeforeItReadUmlautsFindsTheSpellingsAfter() throws IOException {
        final List<MatchField> fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.BIRTH_DATE),
                MatchField.of(Role.CITY));
        final Matcher before = new Matcher(fields, MatchSettings.defaults(), "DE", List.of(new BlockingRule("birth_date+city~prefix",
                List.of(BlockingRule.Part.of(2, BlockingTransform.EXACT), BlockingRule.Part.of(3, BlockingTransform.PREFIX)))), List.of());
        final Matcher now = new Matcher(fields, MatchSettings.defaults(), "DE");
        final Path file = directory.resolve("umlauts.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Resolution stored = commit(resolver(before, store), batch(before, "crm",
                    new String[] {"1", "Andreas", null, "1991-02-06", "Luebeck"},
                    new String[] {"2", "Hannah", null, "1961-07-12", "Tuebingen"}));
            final Resolution found = commit(resolver(now, store), batch(now, "web",
                    new String[] {"w1", null, "Werner", "1991-02-06", "Lübeck"},
                    new String[] {"w2", null, "Wagner", "1961-07-12", "Tubingen"}));
            assertEquals(stored.goldenId(0), found.goldenId(0));
            assertEquals(stored.goldenId(1), found.goldenId(1));
            assertTrue(found.getRuleKeying().keyedRules().contains("birth_date+city~place_prefix"), found.getRuleKeying().keyedRules().toString());
            assertEquals(2, found.getRuleKeying().members());
        }
    }

    /**
     * A store whose customers were keyed under the pass on both names as written (Juergen Mueller under juergen|mueller)
     * finds them by the pass that writes their umlauts one way (jurgen|muller), which has a name of its own and is keyed
     * once, from the comparison keys the store holds: a new record from Jürgen Müller finds the stored one.
     */
    @Test
    void aStoreKeyedUnderTheNamePassBeforeItReadUmlautsFindsTheSpellingsAfter() {
        final List<MatchField> fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.BIRTH_DATE),
                MatchField.of(Role.CITY));
        final Matcher before = new Matcher(fields, MatchSettings.defaults(), "DE", List.of(new BlockingRule("first_name+last_name",
                List.of(BlockingRule.Part.of(0, BlockingTransform.EXACT), BlockingRule.Part.of(1, BlockingTransform.EXACT)))), List.of());
        final Matcher now = new Matcher(fields, MatchSettings.defaults(), "DE", List.of(new BlockingRule("first_name~spelling+last_name~spelling",
                List.of(BlockingRule.Part.of(0, BlockingTransform.SPELLING), BlockingRule.Part.of(1, BlockingTransform.SPELLING)))), List.of());
        final Path file = directory.resolve("names.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Resolution stored = commit(resolver(before, store), batch(before, "crm",
                    new String[] {"1", "Juergen", "Mueller", "1971-05-02", "Berlin"}));
            final Resolution found = commit(resolver(now, store), batch(now, "web",
                    new String[] {"w1", "Jürgen", "Müller", "1971-05-02", "Berlin"}));
            assertEquals(stored.goldenId(0), found.goldenId(0));
            assertTrue(found.getRuleKeying().keyedRules().contains("first_name~spelling+last_name~spelling"),
                    found.getRuleKeying().keyedRules().toString());
        }
    }

    /**
     * A store whose customers were keyed under the pass on the last name's code with the birth date before a first name
     * stood for a missing last name finds them by the pass as it is, which has a name of its own and is keyed once.
     */
    @Test
    void aStoreKeyedBeforeAFirstNameStoodForAMissingLastNameFindsTheSwappedNames() {
        final List<MatchField> fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.BIRTH_DATE),
                MatchField.of(Role.CITY));
        final Matcher before = new Matcher(fields, MatchSettings.defaults(), "GB", List.of(new BlockingRule("last_name~phonetic+birth_date",
                List.of(BlockingRule.Part.of(1, BlockingTransform.PHONETIC), BlockingRule.Part.of(2, BlockingTransform.EXACT)))), List.of());
        final Matcher now = new Matcher(fields, MatchSettings.defaults(), "GB");
        final Path file = directory.resolve("swapped.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Resolution stored = commit(resolver(before, store), batch(before, "crm",
                    new String[] {"1", "Maja", null, "1979-04-11", "Laeds"}));
            final Resolution found = commit(resolver(now, store), batch(now, "web",
                    new String[] {"w1", "Novak", "Maja", "1979-04-11", "Leeds"}));
            assertEquals(stored.goldenId(0), found.goldenId(0));
            assertTrue(found.getRuleKeying().keyedRules().contains("last_name/first_name~phonetic+birth_date"),
                    found.getRuleKeying().keyedRules().toString());
        }
    }

    /** The keys of a rule keyed after customers were stored are in the key log: an index built again from it has them. */
    @Test
    void keysOfARuleAddedLaterAreBuiltAgainFromTheLog() throws IOException {
        final Path file = directory.resolve("keyed.db");
        final Resolution stored;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            stored = commit(resolver(EMAIL_ONLY, store), batch(EMAIL_ONLY, "home",
                    new String[] {"1", "Robert", "Smith", "bob.smith@example.com", "(415) 555-0101", "1980-04-02"},
                    new String[] {"2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"}));
            assertEquals(List.of("phone"), commit(resolver(EMAIL_AND_PHONE, store), batch(EMAIL_AND_PHONE, "crm",
                    new String[] {"c1", "Robert", "Smith", "robert@newjob.example", "415-555-0101", "1980-04-02"})).getRuleKeying().keyedRules());
        }
        try (Stream<Path> index = Files.walk(JdbcEntityStore.keyIndexDirectory(file))) {
            index.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        try (EntityStore reopened = JdbcEntityStore.sqlite(file)) {
            final Resolution found = commit(resolver(EMAIL_AND_PHONE, reopened), batch(EMAIL_AND_PHONE, "crm",
                    new String[] {"c2", "Wei", "Chen", "wei.chen@newjob.example", "312 555 0111", "1990-11-30"}));
            assertEquals(stored.goldenId(1), found.goldenId(0), "found by the phone rule's keys, built again from the log");
            assertNull(found.getRuleKeying());
        }
    }

    /**
     * A store written before it kept its blocking rules (schema version 2) takes the rules of the first matcher that
     * uses it as its own (what it holds was keyed by the rules in use then), keying only the other values of the records
     * holding several (version 2 blocked on the first value of a field).
     */
    @Test
    void aStoreThatDidNotKeepItsRulesAdoptsTheFirstWritersRules() throws SQLException {
        final Path file = directory.resolve("adopting.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            commit(resolver(EMAIL_AND_PHONE, store), batch(EMAIL_AND_PHONE, "home",
                    new String[] {"1", "Robert", "Smith", "bob.smith@example.com", "(415) 555-0101", "1980-04-02"},
                    new String[] {"2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"}));
            final String[] keys = EMAIL_AND_PHONE.keys(new String[] {"Ann", "Lee", "ann@lee.org", null, "1971-01-01"});
            keys[3] = EMAIL_AND_PHONE.key(3, List.of("(212) 555-0123", "(212) 555-0188"));
            final EntityBatch ann = EntityBatch.of(EMAIL_AND_PHONE, "home");
            ann.add(keys, "3", null, null);
            commit(resolver(EMAIL_AND_PHONE, store), ann);
        }
        // back to schema version 2, as an earlier version of nifi-crm left it: reopening migrates it to versions 3 to 5 again
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            statement.executeUpdate("drop table crm_block_rule");
            statement.executeUpdate("drop table crm_key_base");
            statement.executeUpdate("alter table crm_entity drop column erased_at");
            statement.executeUpdate("delete from crm_schema_version where version >= 3");
        }
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            assertEquals(Map.of(), store.blockingRules());
            final Resolution found = commit(resolver(EMAIL_AND_PHONE, store), batch(EMAIL_AND_PHONE, "crm",
                    new String[] {"c1", "Bob", "Smith", "robert@newjob.example", "415-555-0101", "1980-04-02"}));
            assertEquals(EntityStatus.EXISTING, found.status(0));
            assertTrue(found.getRuleKeying().adopted());
            assertEquals(1, found.getRuleKeying().members(), "only the record with two phones is keyed");
            assertEquals(Map.of("email", new RuleGeneration(0, true), "phone", new RuleGeneration(0, true)), store.blockingRules());
            assertNull(commit(resolver(EMAIL_AND_PHONE, store), batch(EMAIL_AND_PHONE, "crm",
                    new String[] {"c2", "Ann", "Lee", "a.lee@elsewhere.example", "212 555 0188", "1971-01-01"})).getRuleKeying(), "adopted once");
            // a rule the store never registered may have blocks from before: it is keyed under generation 1
            final Matcher byName = new Matcher(PERSON_FIELDS, MatchSettings.defaults(), "US",
                    List.of(new BlockingRule("last_name", List.of(BlockingRule.Part.of(1, BlockingTransform.EXACT)))), List.of());
            assertEquals(5, commit(resolver(byName, store), batch(byName, "crm",
                    new String[] {"c3", "Wei", "Chen", null, null, null})).getRuleKeying().members());
            assertEquals(new RuleGeneration(1, true), store.blockingRules().get("last_name"));
        }
    }

    /**
     * In a flow, the next FlowFile's write takes the writers' turn the moment an erasure gives it up, and keeps its
     * transaction open until its session commits. When it began before the erasure's log was emptied (the checkpoint
     * thread busy with an earlier commit's checkpoint; here the store's connections hold the erasure's notice until the
     * write is open), it kept the write-ahead log, which holds the erased rows, from being emptied, and the erasure's
     * commit waited as long as that write (before, up to 50 attempts of the 60-s busy timeout). Now the commit returns
     * while the write is still open (held until then, a minute at most; not timed: a loaded machine overran a bound of
     * 2.5 s), the erasure says its files are not cleared yet, and once the write commits the log is emptied on the
     * store's own thread: no file of the store holds the erased email.
     */
    @Test
    void anErasureDoesNotWaitForTheNextWriteToCommitToEmptyTheLog() throws Exception {
        final Path file = directory.resolve("erasure.db");
        final CountDownLatch writing = new CountDownLatch(1);
        final UnaryOperator<ConnectionSource> erasedOnceWriting = connections -> new ConnectionSource() {
            @Override
            public Connection borrow() throws SQLException {
                return connections.borrow();
            }

            @Override
            public void release(final Connection connection) {
                connections.release(connection);
            }

            @Override
            public void committed() {
                connections.committed();
            }

            @Override
            public CompletableFuture<Void> erased() {
                try {
                    if (!writing.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the next write did not begin");
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return connections.erased();
            }

            @Override
            public void close() {
                connections.close();
            }
        };
        try (EntityStore store = JdbcEntityStore.sqlite(file, erasedOnceWriting)) {
            final Resolution first = commit(resolver(store), batch(PERSON_MATCHER, "crm",
                    new String[] {"1", "Robert", "Smithers", "robert.smithers@example.com", "(415) 555-0101", "1980-04-02"},
                    new String[] {"2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"}));
            // the key log compacted apart, as EraseCRMRecord does after the commit (a compaction takes the writers' turn)
            final Erasure erasure = store.erase(List.of(first.goldenId(0)), false);
            final ExecutorService next = Executors.newSingleThreadExecutor();
            final CountDownLatch committed = new CountDownLatch(1);
            try {
                // waits for the erasure's turn, then holds its write open until the erasure's commit is back, as a
                // FlowFile being written does; whether it was back before the minute was up
                final Future<Boolean> write = next.submit(() -> {
                    final Resolution pending = resolver(store).resolve(batch(PERSON_MATCHER, "web",
                            new String[] {"w1", "Ann", "Lee", "ann@lee.org", "(212) 555-0123", "1971-01-01"}));
                    writing.countDown();
                    final boolean inTime = committed.await(60, TimeUnit.SECONDS);
                    pending.pendingWrite().commit();
                    return inTime;
                });
                erasure.pendingWrite().commit();
                final boolean clearedWhileOpen = erasure.filesCleared().isDone();
                committed.countDown();
                assertTrue(write.get(90, TimeUnit.SECONDS), "the erasure's commit waited for the next write");
                assertFalse(clearedWhileOpen, "the write kept the log");
            } finally {
                committed.countDown();
                next.shutdownNow();
            }
            erasure.filesCleared().get(30, TimeUnit.SECONDS);
            final StringBuilder files = new StringBuilder();
            try (Stream<Path> all = Files.list(directory)) {
                for (final Path path : (Iterable<Path>) all.filter(path -> path.getFileName().toString().startsWith("erasure.db"))
                        .filter(Files::isRegularFile)::iterator) {
                    files.append(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
                }
            }
            assertFalse(files.toString().contains("robert.smithers"), "a file of the store holds the erased email");
            assertTrue(files.toString().contains("wei@chen.net"), "the check reads the rows kept");
        }
    }
}
