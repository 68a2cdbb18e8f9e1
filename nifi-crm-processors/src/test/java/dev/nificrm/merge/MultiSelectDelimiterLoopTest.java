package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A seeded sync loop of one multi-select between a CRM holding it as a list (HubSpot) and one holding it as text
 * (Salesforce), through the core alone, with options that hold the delimiter ({@code R;D}, {@code A;B;C}) among them:
 * edits on either side or both every other cycle, each cycle's writes read back the next, in each system's own form and
 * order (Salesforce's text in alphabetical order, an option holding the delimiter split into its parts). Every write
 * read back is the sync's echo: a cycle without edits writes nothing (so a write settles at once), an edit cycle writes
 * at most twice per edit, and both systems end holding the same options as text can hold them. 80 runs of 30 cycles
 * (Source Priority and Most Recent); without reading text against the values the sync knows, 296 problems.
 */
class MultiSelectDelimiterLoopTest {
    private static final String SF = "salesforce";
    private static final String HS = "hubspot";
    private static final String FIELD = "Interests";
    private static final List<String> OPTIONS = List.of("Golf", "R;D", "Tennis", "A;B;C", "Chess", "R", "D");
    private static final MultiSelectFields MULTI_SELECTS = MultiSelectFields.of(Set.of(FIELD), ";");

    @Test
    void optionsHoldingTheDelimiterSettleAtOnceAndBothSystemsEndEqual() {
        final List<String> problems = new ArrayList<>();
        for (final ConflictPolicy conflictPolicy : List.of(ConflictPolicy.SOURCE_PRIORITY, ConflictPolicy.MOST_RECENT)) {
            for (long seed = 1; seed <= 40; seed++) {
                run(seed, conflictPolicy, problems);
            }
        }
        assertEquals(List.of(), problems.subList(0, Math.min(6, problems.size())), problems.size() + " problems");
    }

    private static void run(final long seed, final ConflictPolicy conflictPolicy, final List<String> problems) {
        final Random random = new Random(seed);
        final ThreeWayMerge merge = new ThreeWayMerge(new SyncPolicy(conflictPolicy, SourcePriority.parse("hubspot, salesforce"), null,
                DeletePolicy.DELETE_WINS), MULTI_SELECTS);
        final Crm salesforce = new Crm(SF, false);
        final Crm hubspot = new Crm(HS, true);
        final long[] clock = {1_717_228_800_000L};
        hubspot.write(list(pick(random)), ++clock[0]);
        for (int cycle = 1; cycle <= 30; cycle++) {
            final boolean editing = cycle <= 20 && cycle % 2 == 1;
            if (editing) {
                final int who = random.nextInt(3);
                if (who != 1) {
                    hubspot.write(list(pick(random)), ++clock[0]);
                }
                if (who != 0) {
                    salesforce.write(String.join(";", flat(pick(random))), ++clock[0]);
                }
            }
            final int edited = (salesforce.changed ? 1 : 0) + (hubspot.changed ? 1 : 0);
            final int writes = cycle(merge, salesforce, hubspot, clock);
            if (!editing && cycle > 1 && writes > 0) {
                problems.add("seed " + seed + " " + conflictPolicy + ": cycle " + cycle + " without edits wrote " + writes + " ("
                        + salesforce.value + " / " + hubspot.value + ")");
            }
            if (editing && writes > 2 * Math.max(edited, 1)) {
                problems.add("seed " + seed + " " + conflictPolicy + ": cycle " + cycle + " wrote " + writes + " for " + edited + " edits");
            }
        }
        if (!same(salesforce.value, hubspot.value)) {
            problems.add("seed " + seed + " " + conflictPolicy + ": salesforce " + salesforce.value + ", hubspot " + hubspot.value);
        }
    }

    /** Reads both systems' changes, decides each direction, then applies the writes; the number of writes. */
    private static int cycle(final ThreeWayMerge merge, final Crm salesforce, final Crm hubspot, final long[] clock) {
        final SyncState fromSalesforce = salesforce.read();
        final SyncState fromHubSpot = hubspot.read();
        final List<Runnable> writes = new ArrayList<>();
        direction(merge, fromSalesforce, salesforce, hubspot, writes, clock);
        direction(merge, fromHubSpot, hubspot, salesforce, writes, clock);
        writes.forEach(Runnable::run);
        return writes.size();
    }

    private static void direction(final ThreeWayMerge merge, final SyncState record, final Crm source, final Crm target,
                                  final List<Runnable> writes, final long[] clock) {
        if (record == null) {
            return;
        }
        final SyncDecision decision = merge.decide(new SyncInput("G-1", source.name, record), target.name, source.snapshot, target.snapshot,
                ++clock[0]);
        if (decision.sourceSnapshot() != null) {
            source.snapshot = decision.sourceSnapshot();
        }
        if (decision.targetSnapshot() != null) {
            target.snapshot = decision.targetSnapshot();
        }
        if (decision.outcome() == SyncDecision.Outcome.MERGED) {
            final String value = decision.merged().value(FIELD);
            writes.add(() -> target.write(target.form(value), ++clock[0]));
        }
        if (decision.writesSource()) {
            final String value = decision.merged().value(FIELD);
            writes.add(() -> source.write(source.form(value), ++clock[0]));
        }
    }

    /** One to three options, in the order a person picks them. */
    private static List<String> pick(final Random random) {
        final List<String> options = new ArrayList<>(OPTIONS);
        Collections.shuffle(options, random);
        return options.subList(0, 1 + random.nextInt(3));
    }

    private static String list(final List<String> options) {
        return SyncState.canonical(options.toArray(new Object[0]));
    }

    /** The options as text can hold them: each split at the delimiter. */
    private static TreeSet<String> flat(final List<String> options) {
        final TreeSet<String> flat = new TreeSet<>();
        options.forEach(option -> flat.addAll(List.of(option.split(";"))));
        return flat;
    }

    private static List<String> optionsOf(final String value) {
        if (value == null) {
            return List.of();
        }
        if (value.startsWith("[")) {
            return List.of(SyncState.listOf(value)).stream().map(String::valueOf).toList();
        }
        return List.of(value.split(";"));
    }

    /** Whether the two systems hold the same options, as text can hold them. */
    private static boolean same(final String salesforce, final String hubspot) {
        return flat(optionsOf(salesforce)).equals(flat(optionsOf(hubspot)));
    }

    /** A CRM holding the field as a list (in the order given) or as text (in alphabetical order, as a picklist). */
    private static final class Crm {
        private final String name;
        private final boolean list;
        private String value;
        private long modified;
        private boolean changed;
        private SyncSnapshot snapshot;

        Crm(final String name, final boolean list) {
            this.name = name;
            this.list = list;
        }

        /** The value written into this system, in its form. */
        String form(final String value) {
            final Object written = MULTI_SELECTS.inFormOf(value, list);
            if (written == null) {
                return null;
            }
            if (list) {
                return SyncState.canonical(written);
            }
            return String.join(";", new TreeSet<>(List.of(((String) written).split(";"))));
        }

        void write(final String newValue, final long time) {
            value = newValue;
            modified = time;
            changed = true;
        }

        SyncState read() {
            if (!changed) {
                return null;
            }
            changed = false;
            final Map<String, String> fields = new HashMap<>();
            fields.put(FIELD, value);
            return new SyncState(fields, false, modified);
        }
    }
}
