package dev.nificrm.store;

import dev.nificrm.StoredText;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated, seeded sequence of what a store meets over a migration or sync, checked against a model after every step:
 * batches of new people, copies of stored people from other systems, records sent again (some with a changed phone),
 * replays and rollbacks; erasures by golden id, by a golden id merged away and by a source record (as EraseCRMRecord
 * looks it up), replayed and rolled back; review decisions (same: two customers merged; different: a record split out);
 * sync snapshots; key log compactions; restarts of a node; on a store shared by nodes, a second node.
 * <p>
 * The model: every record's customer (golden id), the golden ids merged away, those erased, and every value each person
 * was ever sent with. After each step: every live record is found with its customer on every node, with its cross-reference;
 * every erased record is found by nobody; an erased customer has no record, no snapshot, no decision kept, no source id in
 * any history; matching a copy of an erased person finds nobody (a new customer, never a golden id given before). At the
 * end (and every {@code erasure.scanEvery} steps), everything the store keeps (tables, key log, base, every node's index files) is searched for
 * the values and source ids only erased records had; at the end, right after the last step (every erasure compacts the
 * key log when it commits) and again after a write and a compaction, for the hashes of the blocks and surnames only they had.
 */
final class ErasureSequence {
    private static final String[] SYSTEMS = {"sf", "hs", "web"};
    /** Every how many steps the store's contents are searched besides at the end (the end alone by default: it reads every file). */
    private static final int SCAN_EVERY = Integer.getInteger("erasure.scanEvery", Integer.MAX_VALUE);

    /** What the store's test class does for the sequence. */
    interface Stores {
        /** The store closed and opened again on the same node (a NiFi restart). */
        EntityStore restart(EntityStore store) throws Exception;

        /** Everything the store keeps that a person with access to its database or files could read, with the store open. */
        Map<String, byte[]> contents(EntityStore store) throws Exception;
    }

    /** A person, with values of their own (nobody else's name, email, phone or birth date is like them). */
    private static final class Person {
        final int number;
        final String first;
        final String last;
        final String email;
        String phone;
        final String birth;
        final Set<String> phonesEver = new HashSet<>();
        /** A person whose copies could match two customers (split, or merged with somebody else): no copies are sent. */
        boolean noCopies;

        Person(final int number, final String first, final String last, final String email, final String phone, final String birth) {
            this.number = number;
            this.first = first;
            this.last = last;
            this.email = email;
            this.phone = phone;
            this.birth = birth;
            phonesEver.add(digits(phone));
        }

        String[] row(final String id, final boolean withPhone) {
            return new String[] {id, first, last, email, withPhone ? phone : "", birth};
        }

        /** Texts that are this person's alone, as the store may keep them (folded, upper case, as given). */
        List<String> traces() {
            final List<String> traces = new ArrayList<>(List.of(last, last.toLowerCase(), last.toUpperCase(), first.toLowerCase() + last.toLowerCase(),
                    email, email.substring(0, email.indexOf('@'))));
            traces.addAll(phonesEver);
            return traces;
        }
    }

    /** A record sent to the store: its source key, person and whether its last version had a phone. */
    private record Sent(SourceKey key, Person person) {
    }

    private final long seed;
    private final Random random;
    private final Stores stores;
    private final boolean twoNodes;
    private final List<EntityStore> nodes = new ArrayList<>();
    private final Matcher matcher = EntityStoreContractTest.PERSON_MATCHER;

    private final List<Person> people = new ArrayList<>();
    /** The live records and their customer's golden id. */
    private final Map<SourceKey, String> customerOf = new LinkedHashMap<>();
    private final Map<SourceKey, Person> personOf = new HashMap<>();
    /** The golden ids merged away, and the customer each went to. */
    private final Map<String, String> mergedInto = new HashMap<>();
    /** Every golden id the store gave, in the order it was first seen (creation order). */
    private final Map<String, Integer> created = new LinkedHashMap<>();
    private final Set<String> erasedIds = new TreeSet<>();
    private final Set<SourceKey> erasedRecords = new HashSet<>();
    /** People who were erased (and not sent again since), and who were ever erased. */
    private final Set<Person> erasedPeople = new HashSet<>();
    /** The customers whose records were split or merged, whose snapshots may move or go. */
    private final Set<String> touched = new HashSet<>();
    /** The snapshots written, by golden id and system, for customers never merged, split or erased since. */
    private final Map<List<String>, String> snapshots = new HashMap<>();
    /** Per person, every block their records were listed in. */
    private final Map<Person, Set<Long>> blocksOf = new HashMap<>();
    private int serial;
    private String detail = "";

    final Map<String, Integer> counts = new java.util.TreeMap<>();

    ErasureSequence(final long seed, final EntityStore store, final EntityStore second, final Stores stores) {
        this.seed = seed;
        this.random = new Random(seed);
        this.stores = stores;
        nodes.add(store);
        twoNodes = second != store;
        if (twoNodes) {
            nodes.add(second);
        }
    }

    /** Runs the steps; on a failure, says which steps came before it. */
    List<EntityStore> run(final int steps) throws Exception {
        try {
            return steps(steps);
        } catch (final AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nseed " + seed + ", after: " + String.join("\n", trail), e);
        }
    }

    private final List<String> trail = new ArrayList<>();

    private List<EntityStore> steps(final int steps) throws Exception {
        for (int i = 0; i < 4; i++) {
            write(node());
        }
        for (int step = 0; step < steps; step++) {
            final int choice = random.nextInt(100);
            final String what;
            if (choice < 38) {
                what = write(node());
            } else if (choice < 58) {
                what = erase(node());
            } else if (choice < 68) {
                what = decideSame(node());
            } else if (choice < 76) {
                what = decideDifferent(node());
            } else if (choice < 86) {
                what = snapshot(node());
            } else if (choice < 92) {
                nodes.getFirst().compactKeyLog(false);
                what = "compact";
            } else {
                final int restarted = random.nextInt(nodes.size());
                nodes.set(restarted, stores.restart(nodes.get(restarted)));
                detail += " node" + restarted;
                what = "restart";
            }
            counts.merge(what, 1, Integer::sum);
            trail.add(step + " " + what + " " + detail + " rebuilds " + nodes.stream().map(node -> String.valueOf(((JdbcEntityStore) node).keyLog().rebuilds())).toList());
            detail = "";
            check("step " + step + " (" + what + ")");
            if (step % SCAN_EVERY == SCAN_EVERY - 1) {
                scan("step " + step + " (" + what + ")", false);
            }
        }
        // every erasure compacted the key log when it committed: nothing holds the hashes only erased records had, with no
        // write after the last erasure
        for (final EntityStore node : nodes) {
            node.findKeys(new long[] {1});
        }
        scan("after the last step", true);
        // a write of a new person after the last erasure, then a compaction
        final Person last = newPerson();
        final SourceKey key = new SourceKey("sf", id(last));
        final EntityBatch batch = EntityBatch.of(matcher, "sf");
        batch.add(matcher.keys(Arrays.copyOfRange(last.row(key.sourceId(), true), 1, 6)), key.sourceId(), null, null);
        final Resolution resolution = new EntityResolver(matcher, nodes.getFirst(), true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE).resolve(batch);
        resolution.pendingWrite().commit();
        created.put(resolution.goldenId(0), created.size());
        customerOf.put(key, resolution.goldenId(0));
        personOf.put(key, last);
        assertTrue(nodes.getFirst().compactKeyLog(false).compacted());
        for (final EntityStore node : nodes) {
            // every node takes the compaction in at its next read of keys
            node.findKeys(new long[] {1});
        }
        check("the end");
        scan("the end", true);
        return nodes;
    }

    private EntityStore node() {
        final int node = random.nextInt(nodes.size());
        detail += " node" + node;
        return nodes.get(node);
    }

    // ------------------------------------------------------------------ steps

    private String write(final EntityStore node) {
        final String system = SYSTEMS[random.nextInt(SYSTEMS.length)];
        final EntityBatch batch = EntityBatch.of(matcher, system);
        final List<Runnable> expectations = new ArrayList<>();
        final List<Object[]> records = new ArrayList<>();
        final Set<Person> inBatch = new HashSet<>();
        final int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            final int kind = random.nextInt(10);
            final Person person;
            final SourceKey key;
            if (kind < 4 || people.isEmpty()) {
                person = newPerson();
                key = new SourceKey(system, id(person));
                records.add(new Object[] {key, person, "new"});
            } else if (kind < 7) {
                person = livePerson(true);
                if (person == null || inBatch.contains(person)) {
                    continue;
                }
                key = new SourceKey(system, id(person));
                records.add(new Object[] {key, person, "copy"});
            } else if (kind < 9) {
                final SourceKey known = liveRecord(record -> record.system().equals(system));
                if (known == null || inBatch.contains(personOf.get(known))) {
                    continue;
                }
                person = personOf.get(known);
                key = known;
                if (random.nextBoolean()) {
                    person.phone = phone();
                    person.phonesEver.add(digits(person.phone));
                }
                records.add(new Object[] {key, person, "again"});
            } else {
                final List<Person> erased = erasedPeople.stream().filter(p -> !inBatch.contains(p)).sorted((a, b) -> a.number - b.number).toList();
                if (erased.isEmpty()) {
                    continue;
                }
                person = erased.get(random.nextInt(erased.size()));
                // the person comes back: with a record id of their own, or one of the erased ones (a CRM not erased too)
                final List<SourceKey> old = erasedRecords.stream().filter(record -> record.system().equals(system)
                        && personOfErased.get(record) == person && !customerOf.containsKey(record)).sorted((a, b) -> a.sourceId().compareTo(b.sourceId())).toList();
                key = !old.isEmpty() && random.nextBoolean() ? old.get(random.nextInt(old.size())) : new SourceKey(system, id(person));
                records.add(new Object[] {key, person, "back"});
            }
            inBatch.add(person);
            detail += " " + records.getLast()[2] + ":" + key;
            batch.add(matcher.keys(Arrays.copyOfRange(person.row(key.sourceId(), true), 1, 6)), key.sourceId(), null, null);
        }
        if (records.isEmpty()) {
            return "write";
        }
        final EntityResolver resolver = new EntityResolver(matcher, node, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
        final Resolution resolution = resolver.resolve(batch);
        if (random.nextInt(8) == 0) {
            resolution.pendingWrite().rollback();
            return "write rolled back";
        }
        resolution.pendingWrite().commit();
        for (int record = 0; record < records.size(); record++) {
            final SourceKey key = (SourceKey) records.get(record)[0];
            final Person person = (Person) records.get(record)[1];
            final String kind = (String) records.get(record)[2];
            final String goldenId = resolution.goldenId(record);
            final String what = kind + " record " + key + " of person " + person.number;
            switch (kind) {
                case "new", "back" -> {
                    assertEquals(EntityStatus.NEW, resolution.status(record), what + " is a new customer");
                    assertFalse(created.containsKey(goldenId), what + " got a golden id given before: " + goldenId
                            + (erasedIds.contains(goldenId) ? " (an erased customer's)" : ""));
                    created.put(goldenId, created.size());
                    if (kind.equals("back")) {
                        erasedPeople.remove(person);
                        erasedRecords.remove(key);
                        person.noCopies = false;
                    }
                }
                case "copy" -> {
                    assertEquals(customer(person), goldenId, what + " joins the person's customer");
                }
                default -> assertEquals(customerOf.get(key), goldenId, what + " stays with its customer");
            }
            customerOf.put(key, goldenId);
            personOf.put(key, person);
        }
        if (random.nextInt(6) == 0) {
            // the FlowFile replayed: the same customers, nothing new
            final Resolution replay = new EntityResolver(matcher, node(), true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE).resolve(batch);
            replay.pendingWrite().commit();
            for (int record = 0; record < records.size(); record++) {
                assertEquals(customerOf.get((SourceKey) records.get(record)[0]), replay.goldenId(record), "a replay finds the same customer");
                assertEquals(EntityStatus.EXISTING, replay.status(record));
            }
            return "write and replay";
        }
        return "write";
    }

    /** The person's customer now: the golden id of their live records (one of them). */
    private String customer(final Person person) {
        for (final Map.Entry<SourceKey, String> record : customerOf.entrySet()) {
            if (personOf.get(record.getKey()) == person) {
                return record.getValue();
            }
        }
        throw new IllegalStateException("person " + person.number + " has no live record");
    }

    private final Map<SourceKey, Person> personOfErased = new HashMap<>();
    /** The customers a split kept apart from another: no decision merges them (the model does not follow kept-apart pairs). */
    private final Set<String> apart = new HashSet<>();

    private String erase(final EntityStore node) throws StoreConflictException {
        final SourceKey named = liveRecord(record -> true);
        if (named == null) {
            return "erase (nobody)";
        }
        final String customer = customerOf.get(named);
        final List<String> merged = mergedInto.entrySet().stream().filter(entry -> entry.getValue().equals(customer)).map(Map.Entry::getKey).sorted().toList();
        final int by = random.nextInt(3);
        final String asked;
        final String how;
        if (by == 0) {
            // as EraseCRMRecord does: the source record's golden id, then the erasure
            final StoredMember member = node.findMembers(List.of(named), List.of()).get(named);
            assertNotNull(member, "the record named is known");
            asked = member.goldenId();
            how = "erase by source id";
        } else if (by == 1 && !merged.isEmpty()) {
            asked = merged.get(random.nextInt(merged.size()));
            how = "erase by a merged-away id";
        } else {
            asked = customer;
            how = "erase by golden id";
        }
        final List<SourceKey> records = customerOf.entrySet().stream().filter(entry -> entry.getValue().equals(customer)).map(Map.Entry::getKey).toList();
        detail += " " + customer + " " + records;
        final Erasure erasure = node.erase(List.of(asked));
        if (random.nextInt(8) == 0) {
            erasure.pendingWrite().rollback();
            assertEquals(customer, node().findMembers(List.of(named), List.of()).get(named).goldenId(), "a rolled back erasure erases nothing");
            return how + " rolled back";
        }
        erasure.pendingWrite().commit();
        final Erasure.Customer erased = erasure.erased().get(asked);
        assertNotNull(erased, how + ": " + asked);
        assertEquals(customer, erased.goldenId(), how);
        assertEquals(records.size(), erased.sourceRecords(), how + ": the customer's records " + records);
        erasedIds.add(customer);
        erasedIds.addAll(merged);
        for (final SourceKey record : records) {
            final Person person = personOf.remove(record);
            customerOf.remove(record);
            erasedRecords.add(record);
            personOfErased.put(record, person);
            if (personOf.values().stream().noneMatch(other -> other == person)) {
                erasedPeople.add(person);
            }
        }
        snapshots.keySet().removeIf(key -> key.getFirst().equals(customer));
        // a copy of each erased person matches nobody: a new customer (rolled back here)
        for (final Person person : new TreeSet<>(erasedPeople.stream().map(p -> p.number).toList()).stream()
                .map(number -> people.get(number)).toList()) {
            final EntityBatch copy = EntityBatch.of(matcher, "probe");
            copy.add(matcher.keys(Arrays.copyOfRange(person.row("x", true), 1, 6)), "probe-" + person.number, null, null);
            final Resolution probe = new EntityResolver(matcher, node(), true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE).resolve(copy);
            probe.pendingWrite().rollback();
            assertEquals(EntityStatus.NEW, probe.status(0), "a copy of erased person " + person.number + " is a new customer");
            assertFalse(created.containsKey(probe.goldenId(0)), "a copy of an erased person got a golden id given before");
        }
        if (random.nextInt(4) == 0) {
            // the erasure request replayed: the customer is known, nothing is left to erase
            final Erasure again = node().erase(List.of(asked));
            again.pendingWrite().commit();
            assertEquals(new Erasure.Customer(customer, 0, 0), again.erased().get(asked), "a replayed erasure");
            return how + " and replay";
        }
        return how;
    }

    private String decideSame(final EntityStore node) {
        final SourceKey record = liveRecord(key -> !apart.contains(customerOf.get(key)));
        final SourceKey other = liveRecord(key -> !apart.contains(customerOf.get(key)) && !customerOf.get(key).equals(record == null ? null : customerOf.get(record)));
        if (record == null || other == null) {
            return "same (nobody)";
        }
        final String mine = customerOf.get(record);
        final String theirs = customerOf.get(other);
        detail += " " + record + " of " + mine + " with " + theirs;
        final EntityBatch batch = EntityBatch.of(matcher, record.system());
        final Person person = personOf.get(record);
        batch.add(matcher.keys(Arrays.copyOfRange(person.row(record.sourceId(), true), 1, 6)), record.sourceId(), ReviewDecision.SAME,
                random.nextBoolean() || mergedAwayInto(theirs).isEmpty() ? theirs : mergedAwayInto(theirs).getFirst());
        final Resolution resolution = new EntityResolver(matcher, node, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE).resolve(batch);
        resolution.pendingWrite().commit();
        final String survivor = created.get(mine) < created.get(theirs) ? mine : theirs;
        final String loser = survivor.equals(mine) ? theirs : mine;
        assertEquals(survivor, resolution.goldenId(0), "decided same: the older customer survives");
        for (final Map.Entry<SourceKey, String> entry : customerOf.entrySet()) {
            if (entry.getValue().equals(loser)) {
                entry.setValue(survivor);
            }
        }
        mergedInto.replaceAll((away, into) -> into.equals(loser) ? survivor : into);
        mergedInto.put(loser, survivor);
        markTouched(survivor, loser);
        for (final Map.Entry<SourceKey, String> entry : customerOf.entrySet()) {
            if (entry.getValue().equals(survivor)) {
                personOf.get(entry.getKey()).noCopies = true;
            }
        }
        return "same";
    }

    private List<String> mergedAwayInto(final String customer) {
        return mergedInto.entrySet().stream().filter(entry -> entry.getValue().equals(customer)).map(Map.Entry::getKey).sorted().toList();
    }

    private String decideDifferent(final EntityStore node) {
        final SourceKey record = liveRecord(key -> customerOf.entrySet().stream().filter(entry -> entry.getValue().equals(customerOf.get(key))).count() > 1);
        if (record == null) {
            return "different (nobody)";
        }
        final String from = customerOf.get(record);
        final Person person = personOf.get(record);
        detail += " " + record + " from " + from;
        final EntityBatch batch = EntityBatch.of(matcher, record.system());
        batch.add(matcher.keys(Arrays.copyOfRange(person.row(record.sourceId(), true), 1, 6)), record.sourceId(), ReviewDecision.DIFFERENT, from);
        final Resolution resolution = new EntityResolver(matcher, node, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE).resolve(batch);
        resolution.pendingWrite().commit();
        final String goldenId = resolution.goldenId(0);
        assertFalse(created.containsKey(goldenId), "a record split out gets a new golden id");
        created.put(goldenId, created.size());
        customerOf.put(record, goldenId);
        markTouched(from, goldenId);
        apart.add(from);
        apart.add(goldenId);
        person.noCopies = true;
        return "different";
    }

    private void markTouched(final String... customers) {
        for (final String customer : customers) {
            touched.add(customer);
            snapshots.keySet().removeIf(key -> key.getFirst().equals(customer));
        }
    }

    private String snapshot(final EntityStore node) throws StoreConflictException {
        final SourceKey record = liveRecord(key -> true);
        if (record == null) {
            return "snapshot (nobody)";
        }
        final String customer = customerOf.get(record);
        final String system = SYSTEMS[random.nextInt(SYSTEMS.length)];
        final Person person = personOf.get(record);
        final Snapshot before = node.findSnapshots(system, List.of(customer)).get(customer);
        final String content = "{\"crm_row\":\"" + record.sourceId() + "\",\"Email\":\"" + person.email + "\",\"LastName\":\"" + person.last + "\"}";
        final ChangeSet change = new ChangeSet(-1, node.readMark());
        change.putSnapshot(customer, system, content, before == null ? 0 : before.version());
        node.write(change).commit();
        if (!touched.contains(customer)) {
            snapshots.put(List.of(customer, system), content);
        }
        return "snapshot";
    }

    // ------------------------------------------------------------------ checks

    private void check(final String when) {
        for (final EntityStore node : nodes) {
            // a node takes in what others wrote when it next reads keys
            node.findKeys(new long[] {1});
            final Map<SourceKey, StoredMember> found = node.findMembers(customerOf.keySet(), List.of());
            for (final Map.Entry<SourceKey, String> record : customerOf.entrySet()) {
                assertNotNull(found.get(record.getKey()), when + ": live record " + record.getKey() + " is lost");
                assertEquals(record.getValue(), found.get(record.getKey()).goldenId(), when + ": live record " + record.getKey() + "'s customer");
            }
            final Set<SourceKey> gone = new HashSet<>(erasedRecords);
            gone.removeAll(customerOf.keySet());
            assertEquals(Map.of(), node.findMembers(gone, List.of()), when + ": erased records are found");
            final Set<String> live = new TreeSet<>(customerOf.values());
            final Map<String, Map<String, String>> references = node.crossReferences(live);
            for (final String customer : live) {
                final Map<String, String> ids = references.getOrDefault(customer, Map.of());
                for (final Map.Entry<String, String> id : ids.entrySet()) {
                    assertEquals(customer, customerOf.get(new SourceKey(id.getKey(), id.getValue())),
                            when + ": customer " + customer + "'s cross-reference names " + id);
                }
                assertEquals(customerOf.entrySet().stream().filter(entry -> entry.getValue().equals(customer)).map(entry -> entry.getKey().system())
                        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)), new TreeSet<>(ids.keySet()), when + ": " + customer + "'s systems");
            }
            assertEquals(Set.of(), node.findEntities(erasedIds).keySet(), when + ": erased customers are live");
            assertEquals(erasedIds, node.erased(erasedIds), when);
            for (final String erased : erasedIds) {
                assertTrue(node.liveGoldenId(erased).isEmpty(), when + ": " + erased + " is erased");
            }
            assertEquals(Map.of(), node.crossReferences(erasedIds).entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), when + ": erased customers' cross-references");
            assertEquals(Set.of(), node.findKeptApart(erasedIds), when + ": decisions naming erased customers");
            for (final String system : SYSTEMS) {
                assertEquals(Map.of(), node.findSnapshots(system, erasedIds), when + ": erased customers' snapshots in " + system);
            }
            for (final Map.Entry<List<String>, String> snapshot : snapshots.entrySet()) {
                final Snapshot kept = node.findSnapshots(snapshot.getKey().get(1), List.of(snapshot.getKey().getFirst())).get(snapshot.getKey().getFirst());
                assertNotNull(kept, when + ": snapshot " + snapshot.getKey() + " of a customer nobody erased, merged or split is lost");
                assertEquals(snapshot.getValue(), kept.content(), when);
            }
        }
        // the audit (LookupService by golden id): no history names an erased record
        final Set<String> everybody = new TreeSet<>(customerOf.values());
        everybody.addAll(erasedIds);
        for (final String customer : everybody) {
            for (final HistoryEvent event : nodes.getFirst().history(customer)) {
                if (event.source() != null) {
                    assertFalse(erasedRecords.contains(event.source()) && !customerOf.containsKey(event.source()),
                            when + ": " + customer + "'s history names erased record " + event.source() + ": " + event);
                }
            }
        }
        remember();
    }

    /** Remembers the blocks every live record is listed in now. */
    private void remember() {
        final Map<SourceKey, StoredMember> members = nodes.getFirst().findMembers(customerOf.keySet(), List.of());
        final List<SourceKey> keys = new ArrayList<>(members.keySet());
        keys.sort((a, b) -> Long.compare(members.get(a).memberId(), members.get(b).memberId()));
        final long[] ids = keys.stream().mapToLong(key -> members.get(key).memberId()).toArray();
        if (ids.length == 0) {
            return;
        }
        final long[][] listing = ((JdbcEntityStore) nodes.getFirst()).blocksListing(ids);
        for (int i = 0; i < ids.length; i++) {
            final Set<Long> blocks = blocksOf.computeIfAbsent(personOf.get(keys.get(i)), person -> new HashSet<>());
            for (final long block : listing[i]) {
                blocks.add(block);
            }
        }
    }

    /**
     * Searches everything the store keeps for the texts only erased records held (their people's values, their source
     * ids); with {@code hashes}, also for the hashes of the blocks and surnames only they had.
     */
    private void scan(final String when, final boolean hashes) throws Exception {
        final Set<String> legitimate = new HashSet<>();
        for (final SourceKey record : customerOf.keySet()) {
            legitimate.addAll(personOf.get(record).traces());
            legitimate.add(record.sourceId());
        }
        final Set<String> traces = new TreeSet<>();
        for (final SourceKey record : erasedRecords) {
            if (!customerOf.containsKey(record)) {
                traces.add(record.sourceId());
            }
        }
        for (final Person person : erasedPeople) {
            traces.addAll(person.traces());
        }
        traces.removeAll(legitimate);
        final Set<Long> liveBlocks = new HashSet<>();
        final Map<SourceKey, StoredMember> members = nodes.getFirst().findMembers(customerOf.keySet(), List.of());
        final long[] ids = members.values().stream().mapToLong(StoredMember::memberId).sorted().toArray();
        if (ids.length > 0) {
            for (final long[] blocks : ((JdbcEntityStore) nodes.getFirst()).blocksListing(ids)) {
                for (final long block : blocks) {
                    liveBlocks.add(block);
                }
            }
        }
        final Set<Long> goneHashes = new TreeSet<>();
        final Set<Long> goneTerms = new TreeSet<>();
        if (hashes) {
            final Set<String> liveSurnames = new HashSet<>();
            for (final SourceKey record : customerOf.keySet()) {
                liveSurnames.add(personOf.get(record).last);
            }
            for (final Person person : erasedPeople) {
                blocksOf.getOrDefault(person, Set.of()).stream().filter(block -> !liveBlocks.contains(block)).forEach(goneHashes::add);
                if (!liveSurnames.contains(person.last)) {
                    goneTerms.add(KeyHash.term(EntityStoreContractTest.PERSON_FIELDS.get(1).name(),
                            matcher.keys(Arrays.copyOfRange(person.row("x", true), 1, 6))[1]));
                    goneHashes.addAll(goneTerms);
                }
            }
        }
        final Map<String, byte[]> contents = stores.contents(nodes.getFirst());
        boolean anyLive = legitimate.isEmpty();
        for (final Map.Entry<String, byte[]> content : contents.entrySet()) {
            final String text = StoredText.of(content.getValue());
            counts.merge("scanned kilobytes", content.getValue().length / 1024, Integer::sum);
            for (final String trace : traces) {
                final int at = text.indexOf(trace);
                assertFalse(at >= 0, () -> when + ": '" + trace + "' of an erased record is still in " + content.getKey() + ": "
                        + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 80)).replaceAll("[^ -~]", "."));
            }
            for (final String trace : legitimate) {
                anyLive |= text.contains(trace);
            }
            for (final long hash : goneHashes) {
                assertFalse(StoredText.containsHash(text, hash), () -> when + ": hash " + Long.toHexString(hash) + " only erased records had ("
                        + (goneTerms.contains(hash) ? "a surname" : "a block") + ", in the index now: "
                        + nodes.getFirst().findKeys(new long[] {hash})[0] + ") is still in " + content.getKey());
            }
        }
        assertTrue(anyLive, "the scan reads what the store keeps: " + contents.keySet());
        counts.merge("scanned texts", traces.size(), Integer::sum);
        counts.merge("scanned hashes", goneHashes.size(), Integer::sum);
        counts.merge("scanned contents", contents.size(), Integer::sum);
    }

    // ------------------------------------------------------------------ generation

    /** A live record chosen at random among those that pass, or null. */
    private SourceKey liveRecord(final java.util.function.Predicate<SourceKey> filter) {
        final List<SourceKey> candidates = customerOf.keySet().stream().filter(filter).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private Person livePerson(final boolean copiable) {
        final List<Person> live = personOf.values().stream().filter(person -> !copiable || !person.noCopies).distinct()
                .sorted((a, b) -> a.number - b.number).toList();
        return live.isEmpty() ? null : live.get(random.nextInt(live.size()));
    }

    private String id(final Person person) {
        // the seed in every id: the sequences of several seeds may share a directory of node disks
        return String.format("S%dP%03dR%03d", seed, person.number, serial++);
    }

    private Person newPerson() {
        while (true) {
            final String first = capitalised(word(6));
            final String last = capitalised(word(9));
            final Person person = new Person(people.size(), first, last, first.toLowerCase() + "." + last.toLowerCase() + "@" + word(5) + ".example",
                    phone(), (1930 + random.nextInt(70)) + "-" + String.format("%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28)));
            if (people.stream().noneMatch(other -> other.birth.equals(person.birth) || other.traces().stream().anyMatch(trace ->
                    person.traces().stream().anyMatch(mine -> mine.contains(trace) || trace.contains(mine))))) {
                people.add(person);
                return person;
            }
        }
    }

    private String phone() {
        return "(" + (2 + random.nextInt(8)) + (random.nextInt(10)) + (2 + random.nextInt(8)) + ") " + (2 + random.nextInt(8)) + String.format("%02d-%04d",
                random.nextInt(100), random.nextInt(10000));
    }

    private static String digits(final String phone) {
        return phone.replaceAll("[^0-9]", "");
    }

    private String word(final int length) {
        final String consonants = "bcdfghjklmnpqrstvwxz";
        final String vowels = "aeiouy";
        final StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(i % 2 == 0 ? consonants.charAt(random.nextInt(consonants.length())) : vowels.charAt(random.nextInt(vowels.length())));
        }
        return word.toString();
    }

    private static String capitalised(final String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
