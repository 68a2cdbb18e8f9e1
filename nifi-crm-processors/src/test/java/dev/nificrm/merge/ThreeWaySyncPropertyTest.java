package dev.nificrm.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import dev.nificrm.store.Snapshot;
import dev.nificrm.store.StoreConflictException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The promises of MergeCRMRecord's Three-Way Sync (its usage page) checked on generated cases, through the real
 * {@link SyncResolver} and the embedded SQLite store, seeded and deterministic.
 * <ul>
 * <li>Every spelling of a value is one value: blanks, numbers with and without trailing zeros (text, double, float,
 * BigDecimal), one instant in many offsets and types, local date-times, dates, times of day (text, LocalTime, NiFi's
 * java.sql.Time), multi-select options in any order, spacing and repetition, as text and as arrays, and one field given as text in one read and as an array in another (one CRM holding a multi-select as text, the other as a list).</li>
 * <li>3,000 random base / salesforce / hubspot triples, values spelled at random, partial records, deletes, every
 * Conflict and Delete Policy: the outcome, merged values and write-back are those of a model of the page's three-way
 * table computed on the values' meanings (never on the code's canonical text); a conflict changes no snapshot (but a
 * deletion routed to a person: the source's snapshot is then its tombstone, read; and a change held while the other
 * system's deletion waits for a person: the source's snapshot is then the change, read); the
 * writes read back, each in the other system's own spelling, are echoes, and a record read again changes nothing.</li>
 * <li>Two simulated CRMs edited on both sides for 30 cycles per policy, with and without timestamps, some records read
 * as events of the changed fields only, old records replayed, customers entered in both CRMs at once: a replay older
 * than the version read last writes nothing, the first quiet cycle writes nothing, and both CRMs end equal.</li>
 * </ul>
 * The loop found three faults without timestamps (a customer entered in both CRMs, the insert's empty values, an edit
 * over a landed write): each fails it when its fix is undone (see {@link ThreeWayEventOrderTest}).
 */
class ThreeWaySyncPropertyTest {
    private static final String SF = "salesforce";
    private static final String HS = "hubspot";
    private static final long T0 = Instant.parse("2024-06-01T08:00:00Z").toEpochMilli();
    private static final int CASES = 3_000;
    private static final int BATCH = 1_000;
    private static final int CYCLES = 30;
    /** The conflict settings a case is decided with: each policy, and each side first or preferred. */
    private static final List<SyncPolicy> CONFLICT_SETTINGS = List.of(
            new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT, SourcePriority.NONE, null, DeletePolicy.ROUTE_TO_CONFLICT),
            new SyncPolicy(ConflictPolicy.SOURCE_PRIORITY, SourcePriority.parse("hubspot, salesforce"), null, DeletePolicy.ROUTE_TO_CONFLICT),
            new SyncPolicy(ConflictPolicy.SOURCE_PRIORITY, SourcePriority.parse("salesforce, hubspot"), null, DeletePolicy.ROUTE_TO_CONFLICT),
            new SyncPolicy(ConflictPolicy.MOST_RECENT, SourcePriority.NONE, null, DeletePolicy.ROUTE_TO_CONFLICT),
            new SyncPolicy(ConflictPolicy.PREFER_SYSTEM, SourcePriority.NONE, SF, DeletePolicy.ROUTE_TO_CONFLICT),
            new SyncPolicy(ConflictPolicy.PREFER_SYSTEM, SourcePriority.NONE, HS, DeletePolicy.ROUTE_TO_CONFLICT));

    /** How a field's values are spelled and compared. */
    private enum Kind {
        TEXT, NUMBER,
        /** an instant: with an offset, or a typed timestamp */
        TIME,
        /** a date-time without an offset */
        LOCAL, DATE,
        /** a time of day */
        CLOCK,
        /** a multi-select held as text */
        MULTI,
        /** a multi-select an array holds */
        LIST,
        /** a multi-select one read gives as text and another as an array (one CRM holds it as text, the other as a list) */
        MIXED
    }

    private static final Map<String, Kind> FIELDS = fields();
    private static final MultiSelectFields MULTI_SELECTS = MultiSelectFields.of(Set.of("Interests", "Tags", "Hobbies"), ";");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> TEXTS = List.of("Robert", "Rob", "robert", "Bob Smith");
    private static final List<String> NUMBERS = List.of("12.5", "7", "100", "0.1", "-3.25");
    private static final List<Instant> TIMES = List.of(Instant.parse("2024-03-01T09:30:00Z"), Instant.parse("2024-03-01T09:30:00.250Z"),
            Instant.parse("1969-12-31T23:00:00Z"), Instant.parse("2024-10-27T01:30:00Z"));
    private static final List<List<String>> OPTION_SETS = List.of(List.of("Golf"), List.of("Golf", "Tennis"), List.of("Chess", "Golf", "Tennis"),
            List.of("Sailing", "Tennis"), List.of("golf"), List.of("Tennis, Squash", "Golf"));
    private static final List<LocalDateTime> LOCAL_TIMES = List.of(LocalDateTime.parse("2024-03-01T09:30:00"),
            LocalDateTime.parse("2024-03-01T09:30:00.250"), LocalDateTime.parse("2024-03-01T00:00:00"));
    private static final List<LocalDate> DATES = List.of(LocalDate.parse("2024-03-01"), LocalDate.parse("1971-06-24"), LocalDate.parse("1969-12-31"));
    private static final List<LocalTime> CLOCKS = List.of(LocalTime.parse("09:30:00"), LocalTime.parse("23:59:59.500"), LocalTime.MIDNIGHT);

    @TempDir
    Path directory;

    private EntityStore store;
    private int cases;
    private int conflicts;
    private int merged;
    private int echoes;

    private static Map<String, Kind> fields() {
        final Map<String, Kind> fields = new LinkedHashMap<>();
        fields.put("FirstName", Kind.TEXT);
        fields.put("Title", Kind.TEXT);
        fields.put("Amount", Kind.NUMBER);
        fields.put("LastContact", Kind.TIME);
        fields.put("MeetingAt", Kind.LOCAL);
        fields.put("Birthdate", Kind.DATE);
        fields.put("CallFrom", Kind.CLOCK);
        fields.put("Interests", Kind.MULTI);
        fields.put("Tags", Kind.LIST);
        fields.put("Hobbies", Kind.MIXED);
        return Collections.unmodifiableMap(fields);
    }

    @BeforeEach
    void openStore() {
        store = JdbcEntityStore.sqlite(directory.resolve("property.db"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---------------------------------------------------------------- values: meanings and spellings

    /** A value's meaning, independent of the code under test: null for empty. */
    private static String meaning(final Kind kind, final Random random) {
        if (random.nextInt(5) == 0) {
            return null;
        }
        return switch (kind) {
            case TEXT -> TEXTS.get(random.nextInt(TEXTS.size()));
            case NUMBER -> new BigDecimal(NUMBERS.get(random.nextInt(NUMBERS.size()))).stripTrailingZeros().toPlainString();
            case TIME -> Long.toString(TIMES.get(random.nextInt(TIMES.size())).toEpochMilli());
            case LOCAL -> LOCAL_TIMES.get(random.nextInt(LOCAL_TIMES.size())).toString();
            case DATE -> DATES.get(random.nextInt(DATES.size())).toString();
            case CLOCK -> CLOCKS.get(random.nextInt(CLOCKS.size())).toString();
            case MULTI, LIST, MIXED -> String.join("|", new TreeSet<>(OPTION_SETS.get(random.nextInt(OPTION_SETS.size()))));
        };
    }

    /** One of the many ways a system may give the value of a meaning (as a NiFi reader gives it). */
    static Object spell(final Kind kind, final String meaning, final Random random) {
        if (kind == Kind.MIXED) {
            return spell(random.nextBoolean() ? Kind.MULTI : Kind.LIST, meaning, random);
        }
        if (meaning == null) {
            final Object[] blanks = switch (kind) {
                case MULTI -> new Object[] {null, "", " ", ";", " ; ;"};
                case LIST -> new Object[] {null, new Object[0], List.of(), new Object[] {" "}};
                default -> new Object[] {null, "", " ", "\t", " \n "};
            };
            return blanks[random.nextInt(blanks.length)];
        }
        return switch (kind) {
            case TEXT -> new String[] {meaning, " " + meaning, meaning + "  ", "\t" + meaning + " "}[random.nextInt(4)];
            case NUMBER -> spellNumber(new BigDecimal(meaning), random);
            case TIME -> spellTime(Instant.ofEpochMilli(Long.parseLong(meaning)), random);
            case LOCAL -> spellLocal(LocalDateTime.parse(meaning), random);
            case DATE -> switch (random.nextInt(3)) {
                case 0 -> meaning;
                case 1 -> LocalDate.parse(meaning);
                default -> java.sql.Date.valueOf(LocalDate.parse(meaning));
            };
            case CLOCK -> spellClock(LocalTime.parse(meaning), random);
            case MULTI -> spellOptions(meaning, random);
            case MIXED -> throw new AssertionError("spelled as MULTI or LIST above");
            case LIST -> {
                final List<Object> options = new ArrayList<>(Arrays.asList((Object[]) meaning.split("\\|")));
                Collections.shuffle(options, random);
                if (random.nextBoolean()) {
                    options.set(0, " " + options.getFirst());
                }
                yield random.nextBoolean() ? options : options.toArray();
            }
        };
    }

    private static Object spellLocal(final LocalDateTime dateTime, final Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> dateTime;
            case 1 -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(dateTime) + (dateTime.getNano() == 0 ? "" : ".25");
            case 2 -> DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").format(dateTime);
            case 3 -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").format(dateTime);
            default -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
        };
    }

    /** A time of day as text, as java.time gives it, or as NiFi's readers give a TIME field (a java.sql.Time from the local time in the JVM's zone). */
    private static Object spellClock(final LocalTime time, final Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> time;
            case 1 -> new Time(time.atDate(LocalDate.EPOCH).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
            default -> DateTimeFormatter.ofPattern(time.getNano() == 0 ? "HH:mm:ss" : "HH:mm:ss.SSS").format(time);
        };
    }

    private static Object spellNumber(final BigDecimal number, final Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> number.toPlainString();
            case 1 -> number.setScale(Math.max(number.scale(), 0) + 2).toPlainString();
            case 2 -> number.doubleValue();
            case 3 -> number.setScale(Math.max(number.scale(), 0) + 1);
            case 4 -> " " + number.toPlainString() + " ";
            default -> number.scale() <= 0 ? (Object) number.longValueExact() : (Object) number.floatValue();
        };
    }

    private static Object spellTime(final Instant instant, final Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> instant.toString();
            // Salesforce
            case 1 -> DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").format(instant.atOffset(ZoneOffset.UTC));
            // PostgreSQL's text of a timestamptz in a session at +01
            case 2 -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSx").format(instant.atOffset(ZoneOffset.ofHours(1)));
            case 3 -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.ofHoursMinutes(5, 30)));
            case 4 -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.ofHours(-5)));
            case 5 -> instant;
            case 6 -> instant.atOffset(ZoneOffset.ofHours(2));
            case 7 -> instant.atZone(ZoneId.of("Europe/Berlin"));
            case 8 -> Timestamp.from(instant);
            default -> Date.from(instant);
        };
    }

    private static Object spellOptions(final String meaning, final Random random) {
        final List<String> options = new ArrayList<>(Arrays.asList(meaning.split("\\|")));
        Collections.shuffle(options, random);
        if (random.nextInt(4) == 0) {
            options.add(options.get(random.nextInt(options.size())));
        }
        final String delimiter = new String[] {";", "; ", " ;", " ; "}[random.nextInt(4)];
        return (random.nextInt(4) == 0 ? ";" : "") + String.join(delimiter, options) + (random.nextInt(3) == 0 ? ";" : "");
    }

    /** The meaning of a value the sync produced (canonical text, or options in a system's order): parsed independently. */
    static String meaningOf(final Kind kind, final String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (kind) {
            case TEXT -> value.strip();
            case NUMBER -> new BigDecimal(value.strip()).stripTrailingZeros().toPlainString();
            case TIME -> Long.toString(OffsetDateTime.parse(value.strip()).toInstant().toEpochMilli());
            case LOCAL -> LocalDateTime.parse(value.strip()).toString();
            case DATE -> LocalDate.parse(value.strip()).toString();
            case CLOCK -> LocalTime.parse(value.strip()).toString();
            case MULTI, LIST, MIXED -> {
                final TreeSet<String> options = new TreeSet<>();
                // (a list's options are text's: canonical, a list holding no option with the delimiter is delimited text)
                for (final String option : value.startsWith("[") ? elements(value) : value.split(";")) {
                    if (!option.isBlank()) {
                        options.add(option.strip());
                    }
                }
                yield options.isEmpty() ? null : String.join("|", options);
            }
        };
    }

    private static String[] elements(final String list) {
        try {
            final List<String> elements = new ArrayList<>();
            for (final JsonNode element : JSON.readTree(list)) {
                elements.add(element.isNull() ? "" : element.asText());
            }
            return elements.toArray(new String[0]);
        } catch (final IOException e) {
            throw new AssertionError("not a JSON array: " + list, e);
        }
    }

    /** A system's record of the given meanings, spelled at random, as the processor reads it (canonical text). */
    static SyncState read(final Map<String, String> meanings, final boolean deleted, final long modified, final Random random) {
        final Map<String, String> fields = new LinkedHashMap<>();
        if (!deleted) {
            meanings.forEach((field, meaning) -> fields.put(field, SyncState.canonical(spell(FIELDS.get(field), meaning, random))));
        }
        return new SyncState(fields, deleted, modified);
    }

    static Map<String, String> meanings(final SyncState state) {
        final Map<String, String> meanings = new LinkedHashMap<>();
        state.fields().forEach((field, value) -> meanings.put(field, meaningOf(FIELDS.get(field), value)));
        return meanings;
    }

    // ---------------------------------------------------------------- the spellings themselves

    /** Every spelling of one meaning is one canonical value, and two meanings never are. */
    @Test
    void everySpellingOfAValueIsOneValueAndDifferentValuesStayDifferent() {
        final Random random = new Random(7L);
        int checked = 0;
        for (final Map.Entry<String, Kind> field : FIELDS.entrySet()) {
            final Map<String, String> canonicalByMeaning = new LinkedHashMap<>();
            for (int i = 0; i < 400; i++) {
                final String meaning = meaning(field.getValue(), random);
                final Object spelled = spell(field.getValue(), meaning, random);
                final String canonical = MULTI_SELECTS.canonical(field.getKey(), SyncState.canonical(spelled));
                final String key = String.valueOf(meaning);
                final String seen = canonicalByMeaning.putIfAbsent(key, String.valueOf(canonical));
                assertEquals(seen == null ? String.valueOf(canonical) : seen, String.valueOf(canonical),
                        field.getKey() + ": " + describe(spelled) + " is " + meaning + " spelled otherwise");
                assertEquals(meaning, meaningOf(field.getValue(), canonical), field.getKey() + ": " + describe(spelled));
                checked++;
            }
            assertEquals(canonicalByMeaning.size(), Set.copyOf(canonicalByMeaning.values()).size(), field.getKey() + ": " + canonicalByMeaning);
        }
        assertEquals(400 * FIELDS.size(), checked);
    }

    private static String describe(final Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'";
    }

    // ---------------------------------------------------------------- the three-way table on random triples

    /** One generated case: the customer's last synced state, each side's state now, and the policy. */
    private record Case(String goldenId, Map<String, String> base, boolean sourceKnown, boolean targetKnown, Map<String, String> ours,
                        boolean oursDeleted, long oursModified, Map<String, String> theirs, boolean theirsDeleted, long theirsModified,
                        SyncPolicy policy, String description) {
    }

    /** What the model expects of a case. */
    private record Expected(SyncDecision.Outcome outcome, Map<String, String> merged, boolean deleted, boolean writesSource) {
    }

    private static Map<String, String> edited(final Map<String, String> base, final Random random, final double changeRate) {
        final Map<String, String> edited = new LinkedHashMap<>(base);
        for (final Map.Entry<String, Kind> field : FIELDS.entrySet()) {
            if (random.nextDouble() < changeRate) {
                edited.put(field.getKey(), meaning(field.getValue(), random));
            }
        }
        return edited;
    }

    private static Case generate(final int number, final Random random) {
        final Map<String, String> base = new LinkedHashMap<>();
        FIELDS.forEach((field, kind) -> base.put(field, meaning(kind, random)));
        final int known = random.nextInt(10);
        final boolean sourceKnown = known >= 2;
        final boolean targetKnown = known >= 1;
        final Map<String, String> ours = edited(base, random, 0.3);
        // a partial record: a field the incoming record lacks is not compared
        for (final String field : FIELDS.keySet()) {
            if (random.nextInt(10) == 0) {
                ours.remove(field);
            }
        }
        final Map<String, String> theirs = edited(base, random, 0.3);
        final boolean oursDeleted = random.nextInt(12) == 0;
        final boolean theirsDeleted = targetKnown && random.nextInt(12) == 0;
        final long[] times = {Timestamps.NONE, T0 + 60_000, T0 + 120_000, T0 + 180_000};
        final SyncPolicy conflicts = CONFLICT_SETTINGS.get(random.nextInt(CONFLICT_SETTINGS.size()));
        final SyncPolicy policy = new SyncPolicy(conflicts.conflictPolicy(), conflicts.priority(), conflicts.preferredSystem(),
                DeletePolicy.values()[random.nextInt(DeletePolicy.values().length)]);
        final long oursModified = times[random.nextInt(times.length)];
        final long theirsModified = times[random.nextInt(times.length)];
        return new Case("G-" + number, base, sourceKnown, targetKnown, ours, oursDeleted, oursModified, theirs, theirsDeleted,
                theirsModified, policy, "case " + number + ": base " + base + (sourceKnown ? "" : " (never synced from salesforce)")
                + (targetKnown ? "" : " (hubspot never synced)") + ", salesforce " + (oursDeleted ? "deleted" : ours) + " at " + oursModified
                + ", hubspot " + (theirsDeleted ? "deleted" : theirs) + " at " + theirsModified + ", " + policy);
    }

    /** The usage page's three-way table, on meanings. */
    private static Expected expect(final Case c) {
        final Map<String, String> base = c.sourceKnown() ? c.base() : null;
        if (!c.targetKnown()) {
            // the first sync of the customer: the record as it is (a tombstone of a customer the target never had writes nothing)
            return new Expected(c.oursDeleted() ? SyncDecision.Outcome.UNCHANGED : SyncDecision.Outcome.MERGED, c.oursDeleted() ? Map.of() : c.ours(),
                    c.oursDeleted(), false);
        }
        if (base != null && !c.oursDeleted() && c.ours().entrySet().stream().allMatch(e -> Objects.equals(e.getValue(), base.get(e.getKey())))) {
            // the echo check: the record equals what the sync knows of salesforce, whatever hubspot holds
            return new Expected(SyncDecision.Outcome.UNCHANGED, c.ours(), false, false);
        }
        if (c.oursDeleted()) {
            if (c.theirsDeleted()) {
                return new Expected(SyncDecision.Outcome.UNCHANGED, Map.of(), true, false);
            }
            final boolean targetChanged = base == null || !base.equals(c.theirs());
            if (!targetChanged || c.policy().deletePolicy() == DeletePolicy.DELETE_WINS) {
                return new Expected(SyncDecision.Outcome.MERGED, Map.of(), true, false);
            }
            if (c.policy().deletePolicy() == DeletePolicy.UPDATE_REVIVES) {
                return new Expected(SyncDecision.Outcome.UNCHANGED, c.theirs(), false, true);
            }
            return new Expected(SyncDecision.Outcome.CONFLICT, null, false, false);
        }
        if (c.theirsDeleted()) {
            final boolean sourceChanged = base == null || c.ours().entrySet().stream().anyMatch(e -> !Objects.equals(e.getValue(), base.get(e.getKey())));
            if (!sourceChanged || c.policy().deletePolicy() == DeletePolicy.DELETE_WINS) {
                return new Expected(SyncDecision.Outcome.UNCHANGED, Map.of(), true, true);
            }
            if (c.policy().deletePolicy() == DeletePolicy.UPDATE_REVIVES) {
                return new Expected(SyncDecision.Outcome.MERGED, c.ours(), false, false);
            }
            return new Expected(SyncDecision.Outcome.CONFLICT, null, false, false);
        }
        final Map<String, String> merged = new LinkedHashMap<>();
        final List<String> conflicting = new ArrayList<>();
        for (final Map.Entry<String, String> field : c.ours().entrySet()) {
            final String mine = field.getValue();
            final String other = c.theirs().get(field.getKey());
            if (Objects.equals(mine, other)) {
                merged.put(field.getKey(), mine);
            } else if (base == null) {
                conflicting.add(field.getKey());
            } else {
                final String was = base.get(field.getKey());
                if (Objects.equals(other, was)) {
                    merged.put(field.getKey(), mine);
                } else if (Objects.equals(mine, was)) {
                    merged.put(field.getKey(), other);
                } else if (EnumSet.of(Kind.MULTI, Kind.LIST, Kind.MIXED).contains(FIELDS.get(field.getKey()))) {
                    merged.put(field.getKey(), mergeOptions(was, mine, other));
                } else {
                    conflicting.add(field.getKey());
                }
            }
        }
        if (!conflicting.isEmpty()) {
            final Boolean incomingWins = switch (c.policy().conflictPolicy()) {
                case ROUTE_TO_CONFLICT -> null;
                case SOURCE_PRIORITY -> c.policy().priority().rank(SF) < c.policy().priority().rank(HS);
                case MOST_RECENT -> c.oursModified() == Timestamps.NONE || c.theirsModified() == Timestamps.NONE
                        || c.oursModified() == c.theirsModified() ? null : c.oursModified() > c.theirsModified();
                case PREFER_SYSTEM -> SF.equals(c.policy().preferredSystem());
            };
            if (incomingWins == null) {
                return new Expected(SyncDecision.Outcome.CONFLICT, null, false, false);
            }
            for (final String field : conflicting) {
                String value = incomingWins ? c.ours().get(field) : c.theirs().get(field);
                if (c.policy().conflictPolicy() == ConflictPolicy.PREFER_SYSTEM && value == null) {
                    // the preferred system's value unless it is empty
                    value = incomingWins ? c.theirs().get(field) : c.ours().get(field);
                }
                merged.put(field, value);
            }
        }
        final boolean writesTarget = merged.entrySet().stream().anyMatch(e -> !Objects.equals(e.getValue(), c.theirs().get(e.getKey())));
        final boolean writesSource = merged.entrySet().stream().anyMatch(e -> !Objects.equals(e.getValue(), c.ours().get(e.getKey())));
        return new Expected(writesTarget ? SyncDecision.Outcome.MERGED : SyncDecision.Outcome.UNCHANGED, merged, false, writesSource);
    }

    private static String mergeOptions(final String was, final String mine, final String theirs) {
        final TreeSet<String> before = options(was);
        final TreeSet<String> result = new TreeSet<>(before);
        for (final String side : Arrays.asList(mine, theirs)) {
            final TreeSet<String> now = options(side);
            result.removeIf(option -> before.contains(option) && !now.contains(option));
            now.stream().filter(option -> !before.contains(option)).forEach(result::add);
        }
        return result.isEmpty() ? null : String.join("|", result);
    }

    private static TreeSet<String> options(final String meaning) {
        return meaning == null ? new TreeSet<>() : new TreeSet<>(Arrays.asList(meaning.split("\\|")));
    }

    private void seed(final List<Case> batch, final Random random) throws StoreConflictException {
        final ChangeSet changes = new ChangeSet(-1, store.readMark());
        for (final Case c : batch) {
            if (c.sourceKnown()) {
                changes.putSnapshot(c.goldenId(), SF, SyncSnapshot.read(read(c.base(), false, T0, random)).toJson(), 0);
            }
            if (c.targetKnown()) {
                changes.putSnapshot(c.goldenId(), HS, SyncSnapshot.read(read(c.theirs(), c.theirsDeleted(), c.theirsModified(), random)).toJson(), 0);
            }
        }
        store.write(changes).commit();
    }

    private SyncResolver resolver(final SyncPolicy policy) {
        return new SyncResolver(new ThreeWayMerge(policy, MULTI_SELECTS), store);
    }

    /**
     * Random triples, a few thousand: every record leaves with exactly one outcome; a field changed on one side is taken,
     * on both to one value is no conflict, on both to different values is settled or routed as the Conflict Policy says
     * (multi-select options merged as sets); deletes per Delete Policy; a conflict changes no snapshot but the source's:
     * to its tombstone when a deletion goes to a person, to the change read when it is held while the target's deletion
     * waits for one. Then the writes read back, each in the other system's own
     * spelling, are echoes that write nothing, and a replay of the record changes nothing.
     */
    @Test
    void randomTriplesFollowTheThreeWayTableAndTheirWritesComeBackAsEchoes() throws StoreConflictException {
        final Random random = new Random(20261204L);
        final List<String> failures = new ArrayList<>();
        for (int first = 0; first < CASES; first += BATCH) {
            final List<Case> batch = new ArrayList<>();
            for (int i = first; i < first + BATCH; i++) {
                batch.add(generate(i, random));
            }
            seed(batch, random);
            runBatch(batch, random, failures);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + CASES + " cases broke a promise; the first ones:\n" + String.join("\n", failures.subList(0,
                    Math.min(8, failures.size()))));
        }
        assertEquals(CASES, cases);
        assertTrue(conflicts > CASES / 20 && merged > CASES / 4 && echoes > CASES / 4, conflicts + " conflicts, " + merged + " merged, " + echoes
                + " echoes in " + CASES + " cases");
    }

    private void runBatch(final List<Case> batch, final Random random, final List<String> failures) {
        // one FlowFile per policy: the resolver's merge has one policy
        final Map<SyncPolicy, List<Integer>> byPolicy = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byPolicy.computeIfAbsent(batch.get(i).policy(), policy -> new ArrayList<>()).add(i);
        }
        final SyncDecision[] decisions = new SyncDecision[batch.size()];
        for (final Map.Entry<SyncPolicy, List<Integer>> group : byPolicy.entrySet()) {
            final List<SyncInput> inputs = new ArrayList<>();
            for (final int i : group.getValue()) {
                final Case c = batch.get(i);
                inputs.add(new SyncInput(c.goldenId(), SF, read(c.ours(), c.oursDeleted(), c.oursModified(), random)));
            }
            final SyncResolution resolution = resolver(group.getKey()).resolve(inputs, HS, T0 + 600_000);
            resolution.pendingWrite().commit();
            for (int j = 0; j < inputs.size(); j++) {
                decisions[group.getValue().get(j)] = resolution.decisions().get(j);
            }
        }
        final Map<String, Snapshot> salesforceKept = store.findSnapshots(SF, batch.stream().map(Case::goldenId).toList());
        final Map<String, Snapshot> hubspotKept = store.findSnapshots(HS, batch.stream().map(Case::goldenId).toList());
        // the writes read back: hubspot's, then salesforce's, each in a spelling of its own, after the write landed
        final List<SyncInput> hubspotReads = new ArrayList<>();
        final List<SyncInput> salesforceReads = new ArrayList<>();
        final List<String> hubspotCases = new ArrayList<>();
        final List<String> salesforceCases = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            final Case c = batch.get(i);
            final SyncDecision decision = decisions[i];
            cases++;
            final String problem = check(c, decision);
            if (problem != null) {
                failures.add(c.description() + "\n    -> " + problem);
                continue;
            }
            if (decision.outcome() == SyncDecision.Outcome.CONFLICT) {
                conflicts++;
                final String kept = keptAsBefore(c, salesforceKept.get(c.goldenId()), hubspotKept.get(c.goldenId()));
                if (kept != null) {
                    failures.add(c.description() + "\n    -> " + kept);
                }
                continue;
            }
            final Map<String, String> mergedMeanings = meanings(decision.merged());
            if (decision.writesTarget()) {
                merged++;
                final Map<String, String> hubspot = new LinkedHashMap<>(c.targetKnown() && !c.theirsDeleted() ? c.theirs() : Map.of());
                hubspot.putAll(mergedMeanings);
                hubspotReads.add(new SyncInput(c.goldenId(), HS, read(hubspot, decision.merged().deleted(), T0 + 700_000, random)));
                hubspotCases.add(c.description());
            }
            if (decision.writesSource()) {
                final Map<String, String> salesforce = new LinkedHashMap<>(c.sourceKnown() ? c.base() : Map.of());
                if (!c.oursDeleted()) {
                    salesforce.putAll(c.ours());
                }
                salesforce.putAll(mergedMeanings);
                salesforceReads.add(new SyncInput(c.goldenId(), SF, read(salesforce, decision.merged().deleted(), T0 + 700_000, random)));
                salesforceCases.add(c.description());
            } else {
                // nothing written to salesforce: its record read again (a replay, a poll's overlap) changes nothing
                salesforceReads.add(new SyncInput(c.goldenId(), SF, read(c.ours(), c.oursDeleted(), c.oursModified(), random)));
                salesforceCases.add(c.description() + " (read again)");
            }
        }
        echo(hubspotReads, hubspotCases, HS, SF, failures);
        echo(salesforceReads, salesforceCases, SF, HS, failures);
    }

    private void echo(final List<SyncInput> reads, final List<String> descriptions, final String from, final String to, final List<String> failures) {
        if (reads.isEmpty()) {
            return;
        }
        // the policy does not matter to an echo: none must reach it
        final SyncResolution resolution = resolver(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.ROUTE_TO_CONFLICT))
                .resolve(reads, to, T0 + 800_000);
        resolution.pendingWrite().commit();
        for (int i = 0; i < reads.size(); i++) {
            final SyncDecision decision = resolution.decisions().get(i);
            if (decision.outcome() != SyncDecision.Outcome.UNCHANGED || decision.writesSource()) {
                failures.add(descriptions.get(i) + "\n    -> read back from " + from + " as " + reads.get(i).state() + ": " + decision.outcome()
                        + (decision.writesSource() ? " with a write-back" : "") + ", not an echo (" + decision.describeConflict(from, to)
                        + ", merged " + decision.merged() + ")");
            } else {
                echoes++;
            }
        }
    }


    // ---------------------------------------------------------------- two CRMs syncing until nothing moves

    /** A simulated CRM: records by golden id, each with its row id, raw values in the CRM's own spelling, and when it changed. */
    private static final class Crm {
        private final String name;
        private final Random spelling;
        private final Map<String, Row> rows = new LinkedHashMap<>();
        /** Every record the sync read from this CRM, to replay. */
        private final List<SyncInput> read = new ArrayList<>();
        /** Whether the sync reads the records' last-modified times (a Timestamp Field). */
        private final boolean timed;
        private long polled = Long.MIN_VALUE;
        private int nextRow;

        Crm(final String name, final long seed, final boolean timed) {
            this.name = name;
            this.spelling = new Random(seed);
            this.timed = timed;
        }

        Row row(final String goldenId) {
            return rows.get(goldenId);
        }

        /** The customer's deleted row is gone for good: the next put enters the customer in a new row. */
        void enterAgain(final String goldenId) {
            rows.remove(goldenId);
        }

        void put(final String goldenId, final Map<String, String> meanings, final boolean deleted, final long time) {
            final Row row = rows.computeIfAbsent(goldenId, id -> new Row(name + "-" + nextRow++));
            meanings.forEach((field, meaning) -> row.raw.put(field, spell(FIELDS.get(field), meaning, spelling)));
            row.changed.addAll(meanings.keySet());
            row.deleted = deleted;
            row.modified = time;
        }

        /**
         * The records changed since the last poll, as the processor reads them: some as events carrying only the fields
         * that changed (and a few others), as a change feed gives them.
         */
        List<SyncInput> changes(final long now, final Random random) {
            final List<SyncInput> changes = new ArrayList<>();
            for (final Map.Entry<String, Row> entry : rows.entrySet()) {
                final Row row = entry.getValue();
                if (row.modified > polled) {
                    final boolean partial = !row.deleted && random.nextInt(4) == 0;
                    final Map<String, String> fields = new LinkedHashMap<>();
                    row.raw.forEach((field, value) -> {
                        if (!partial || row.changed.contains(field) || random.nextInt(3) == 0) {
                            fields.put(field, SyncState.canonical(value));
                        }
                    });
                    changes.add(new SyncInput(entry.getKey(), name, new SyncState(fields, row.deleted, timed ? row.modified : Timestamps.NONE),
                            row.id));
                    row.changed.clear();
                }
            }
            read.addAll(changes);
            polled = now;
            return changes;
        }

        /** What the CRM holds, as meanings: golden id → fields, or "deleted". */
        Map<String, Object> contents() {
            final Map<String, Object> contents = new TreeMap<>();
            rows.forEach((goldenId, row) -> {
                final Map<String, String> meanings = new TreeMap<>();
                row.raw.forEach((field, value) -> meanings.put(field, meaningOf(FIELDS.get(field), SyncState.canonical(value))));
                contents.put(goldenId, row.deleted ? "deleted" : meanings);
            });
            return contents;
        }
    }

    private static final class Row {
        private final String id;
        private final Map<String, Object> raw = new LinkedHashMap<>();
        private final Set<String> changed = new HashSet<>();
        private boolean deleted;
        private long modified;

        Row(final String id) {
            this.id = id;
        }
    }

    /** A write the loader applies after both directions were decided: the merged state into one CRM. */
    private record Write(Crm crm, String goldenId, SyncState state) {
    }

    /** What one cycle did. */
    private record Cycle(int read, int writes, int conflicts, int echoes) {
    }

    private long clock = T0;

    private long tick() {
        clock += 1_000;
        return clock;
    }

    /**
     * One cycle: both CRMs' changes are read, then synced salesforce → hubspot and hubspot → salesforce, then every write
     * is applied in the order decided. Now and then a record read in an earlier cycle is read again after the newer ones
     * (a FlowFile replayed from provenance, a retry overtaken): older than the version the sync read last, it must write
     * nothing.
     */
    private Cycle cycle(final SyncResolver resolver, final Crm salesforce, final Crm hubspot, final Set<String> conflicted, final Random random,
                        final List<String> failures) {
        final List<SyncInput> fromSalesforce = salesforce.changes(tick(), random);
        final List<SyncInput> fromHubSpot = hubspot.changes(tick(), random);
        final int read = fromSalesforce.size() + fromHubSpot.size();
        final List<Write> writes = new ArrayList<>();
        int conflicts = 0;
        int echoes = 0;
        for (final Crm source : List.of(salesforce, hubspot)) {
            final List<SyncInput> changes = new ArrayList<>(source == salesforce ? fromSalesforce : fromHubSpot);
            // (without times a replay cannot be told from an edit back to older values: merged as one, as the page says)
            final int replays = source.timed && source.read.size() > changes.size() && random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
            for (int i = 0; i < replays; i++) {
                changes.add(source.read.get(random.nextInt(source.read.size() - changes.size())));
            }
            if (changes.isEmpty()) {
                continue;
            }
            final Crm target = source == salesforce ? hubspot : salesforce;
            final SyncResolution resolution = resolver.resolve(changes, target.name, tick());
            resolution.pendingWrite().commit();
            final Map<String, Long> lastRead = new HashMap<>();
            for (final SyncInput earlier : source.read.subList(0, source.read.size() - (source == salesforce ? fromSalesforce : fromHubSpot).size())) {
                lastRead.merge(earlier.row(), earlier.state().modified(), Math::max);
            }
            for (int i = 0; i < changes.size(); i++) {
                final SyncInput input = changes.get(i);
                final SyncDecision decision = resolution.decisions().get(i);
                final Long newest = lastRead.get(input.row());
                if (newest != null && input.state().modified() < newest && (decision.outcome() != SyncDecision.Outcome.UNCHANGED
                        || decision.writesSource())) {
                    failures.add(source.name + "'s " + input.goldenId() + " replayed, older than the version read last: " + decision.outcome()
                            + (decision.writesSource() ? " with a write-back" : "") + " " + decision.merged());
                }
                lastRead.merge(input.row(), input.state().modified(), Math::max);
                if (decision.outcome() == SyncDecision.Outcome.CONFLICT) {
                    conflicts++;
                    conflicted.add(input.goldenId());
                }
                if (decision.isEcho()) {
                    echoes++;
                }
                if (decision.writesTarget()) {
                    writes.add(new Write(target, input.goldenId(), decision.merged()));
                }
                if (decision.writesSource()) {
                    writes.add(new Write(source, input.goldenId(), decision.merged()));
                }
            }
        }
        for (final Write write : writes) {
            write.crm().put(write.goldenId(), write.state().deleted() ? Map.of() : meanings(write.state()), write.state().deleted(), tick());
        }
        return new Cycle(read, writes.size(), conflicts, echoes);
    }

    private static Map<String, String> person(final Random random) {
        final Map<String, String> person = new LinkedHashMap<>();
        FIELDS.forEach((field, kind) -> person.put(field, meaning(kind, random)));
        return person;
    }

    /** A person's edit: one or two fields changed, now and then a delete, or a deleted record restored, in its row or entered again in a new one. */
    private static void edit(final Crm crm, final String goldenId, final Random random, final long time) {
        final Row row = crm.row(goldenId);
        if (row == null) {
            return;
        }
        if (row.deleted) {
            if (random.nextInt(4) == 0) {
                if (random.nextBoolean()) {
                    // entered again by a person, in a new row (MatchCRMRecord matches it to the customer)
                    crm.enterAgain(goldenId);
                }
                crm.put(goldenId, person(random), false, time);
            }
            return;
        }
        if (random.nextInt(25) == 0) {
            crm.put(goldenId, Map.of(), true, time);
            return;
        }
        final Map<String, String> changed = new LinkedHashMap<>();
        final List<String> names = new ArrayList<>(FIELDS.keySet());
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            final String field = names.get(random.nextInt(names.size()));
            changed.put(field, meaning(FIELDS.get(field), random));
        }
        crm.put(goldenId, changed, false, time);
    }

    /** The runs of the loop: each conflict policy that settles conflicts, with each delete policy that settles deletes. */
    private static List<SyncPolicy> settlingPolicies() {
        final SourcePriority priority = SourcePriority.parse("hubspot, salesforce");
        final List<SyncPolicy> policies = new ArrayList<>();
        for (final DeletePolicy deletes : List.of(DeletePolicy.DELETE_WINS, DeletePolicy.UPDATE_REVIVES)) {
            // (customers entered again in a new row: each Duplicate Row Policy)
            final DuplicateRowPolicy duplicates = deletes == DeletePolicy.DELETE_WINS ? DuplicateRowPolicy.SYNC_EVERY_ROW : DuplicateRowPolicy.ROUTE_TO_CONFLICT;
            policies.add(new SyncPolicy(ConflictPolicy.SOURCE_PRIORITY, priority, null, deletes, duplicates));
            policies.add(new SyncPolicy(ConflictPolicy.PREFER_SYSTEM, priority, SF, deletes, duplicates));
            policies.add(new SyncPolicy(ConflictPolicy.MOST_RECENT, priority, null, deletes, duplicates));
        }
        policies.add(new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT, priority, null, DeletePolicy.ROUTE_TO_CONFLICT, DuplicateRowPolicy.ROUTE_TO_CONFLICT));
        return policies;
    }

    /**
     * Two CRMs, edited on both sides for 30 cycles (often the same customer, and the same field, in one cycle; records
     * deleted and restored, in their row or entered again in a new one, with each Duplicate Row Policy; customers created in both at once), each giving values in a spelling of its own, some as
     * events of the changed fields only, with old records replayed now and then: the sync reaches a fixed point. The
     * first quiet cycle reads only the sync's own writes, all echoes, and writes nothing; the next reads nothing; both
     * CRMs then hold the same customers with the same values (but for customers whose conflict waits for a person).
     */
    @Test
    void twoCrmsSyncingForManyCyclesReachAFixedPointWithoutPingPong() {
        final List<String> failures = new ArrayList<>();
        int run = 0;
        int totalCycles = 0;
        int totalWrites = 0;
        for (final SyncPolicy policy : settlingPolicies()) {
            for (final boolean timed : new boolean[] {true, false}) {
                if (!timed && policy.conflictPolicy() == ConflictPolicy.MOST_RECENT) {
                    continue;
                }
                run++;
                final Random random = new Random(1000L + run);
                final String prefix = "R" + run + "-";
                final Crm salesforce = new Crm(SF, 11L * run, timed);
                final Crm hubspot = new Crm(HS, 13L * run, timed);
                final SyncResolver resolver = resolver(policy);
                final Set<String> conflicted = new HashSet<>();
                int customers = 12;
                for (int i = 0; i < customers; i++) {
                    (i < 8 ? salesforce : hubspot).put(prefix + i, person(random), false, tick());
                }
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    if (random.nextInt(8) == 0 || cycle == CYCLES - 1) {
                        // the same new customer entered in both CRMs before a sync (matched to one golden id); also in the
                        // last cycle, so that the quiet cycle after it shows whether the first sync settled it
                        final Map<String, String> person = person(random);
                        salesforce.put(prefix + customers, person, false, tick());
                        hubspot.put(prefix + customers, edited(person, random, 0.3), false, tick());
                        customers++;
                    }
                    for (final Crm crm : List.of(salesforce, hubspot)) {
                        for (int e = 1 + random.nextInt(3); e > 0; e--) {
                            edit(crm, prefix + (random.nextBoolean() ? random.nextInt(3) : random.nextInt(customers)), random, tick());
                        }
                    }
                    final Cycle done = cycle(resolver, salesforce, hubspot, conflicted, random, failures);
                    totalCycles++;
                    totalWrites += done.writes();
                }
                final Cycle quiet = cycle(resolver, salesforce, hubspot, conflicted, random, failures);
                final Cycle silent = cycle(resolver, salesforce, hubspot, conflicted, random, failures);
                totalCycles += 2;
                final String name = "run " + run + " (" + policy.conflictPolicy() + ", " + policy.deletePolicy() + (timed ? "" : ", without times") + ")";
                if (quiet.writes() != 0 || silent.writes() != 0) {
                    failures.add(name + ": no fixed point: the quiet cycle " + quiet + ", the next " + silent);
                }
                final Map<String, Object> salesforceHolds = salesforce.contents();
                final Map<String, Object> hubspotHolds = hubspot.contents();
                final Set<String> goldenIds = new TreeSet<>(salesforceHolds.keySet());
                goldenIds.addAll(hubspotHolds.keySet());
                for (final String goldenId : goldenIds) {
                    // (a customer deleted before its first sync never reached the other CRM: absent there is as deleted)
                    if (!conflicted.contains(goldenId) && !Objects.equals(salesforceHolds.getOrDefault(goldenId, "deleted"),
                            hubspotHolds.getOrDefault(goldenId, "deleted"))) {
                        failures.add(name + ": " + goldenId + " differs: salesforce " + salesforceHolds.get(goldenId) + ", hubspot "
                                + hubspotHolds.get(goldenId));
                    }
                }
                if (policy.conflictPolicy() != ConflictPolicy.ROUTE_TO_CONFLICT && conflicted.size() > 3) {
                    failures.add(name + ": " + conflicted.size() + " customers with conflicts the policy should settle: " + conflicted);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(totalWrites > totalCycles, totalWrites + " writes in " + totalCycles + " cycles");
    }

    /** Why the decision breaks the model's expectation, or null. */
    private static String check(final Case c, final SyncDecision decision) {
        if (decision == null) {
            return "no decision";
        }
        final Expected expected = expect(c);
        if (decision.outcome() != expected.outcome()) {
            return "expected " + expected + ", got " + decision.outcome() + " (" + decision.describeConflict(SF, HS) + ", merged "
                    + decision.merged() + ", write-back " + decision.writesSource() + ", lineage " + decision.lineage() + ")";
        }
        if (expected.outcome() == SyncDecision.Outcome.CONFLICT) {
            return decision.merged() == null && !decision.writesSource() ? null : "a conflict with a merged state or a write-back";
        }
        if (decision.merged().deleted() != expected.deleted()) {
            return "expected deleted " + expected.deleted() + ", got " + decision.merged();
        }
        if (!expected.deleted() && !meanings(decision.merged()).equals(expected.merged())) {
            return "expected merged " + expected.merged() + ", got " + meanings(decision.merged()) + " (lineage " + decision.lineage() + ")";
        }
        if (decision.writesSource() != expected.writesSource()) {
            return "expected write-back " + expected.writesSource() + ", got " + decision.writesSource() + " with " + decision.merged();
        }
        return null;
    }

    /**
     * A conflict leaves both snapshots as they were seeded, but salesforce's when it deleted the customer (its tombstone) or
     * changed it while hubspot's deletion waits for a person (the change, held); why not, or null.
     */
    private static String keptAsBefore(final Case c, final Snapshot sourceKept, final Snapshot targetKept) {
        final SyncSnapshot source = sourceKept == null ? null : SyncSnapshot.parse(sourceKept.content());
        final SyncSnapshot target = targetKept == null ? null : SyncSnapshot.parse(targetKept.content());
        if (c.oursDeleted()) {
            // a deletion routed to a person: salesforce's row is deleted, and the sync knows it (the tombstone, read)
            if (source == null || source.isWritten() || !source.state().deleted()) {
                return "a deletion routed to a person left salesforce's snapshot without it: " + source;
            }
        } else if (c.theirsDeleted() && c.sourceKnown()) {
            // a change held for a person while hubspot's deletion waits for one: salesforce holds it, and the sync knows it
            // (the record read, over what it knew of the fields the record lacks)
            final Map<String, String> held = new LinkedHashMap<>(c.base());
            held.putAll(c.ours());
            if (source == null || source.isWritten() || source.state().deleted() || !meanings(source.state()).equals(held)) {
                return "a change held while hubspot's deletion waits for a person left salesforce's snapshot without it: " + source;
            }
        } else if (c.sourceKnown() != (source != null) || source != null && (source.isWritten() || !meanings(source.state()).equals(c.base()))) {
            return "a conflict changed salesforce's snapshot: " + source;
        }
        if (target == null || target.isWritten() || target.state().deleted() != c.theirsDeleted()
                || !c.theirsDeleted() && !meanings(target.state()).equals(c.theirs())) {
            return "a conflict changed hubspot's snapshot: " + target;
        }
        return null;
    }
}
