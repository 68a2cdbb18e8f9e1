package dev.nificrm.store;

import dev.nificrm.match.KeyRule;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.roles.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Measures two matchers of different fields sharing one embedded store, as two MatchCRMRecords do (one per source
 * CRM): an ERP matcher comparing a postal code loads {@code stored} people, then FlowFiles of {@code batch} new people
 * alternate between it and a CRM matcher comparing a birth date with the Key Rule email+phone, each FlowFile's wall
 * time, the stored records it keyed first and the store's keys and bytes after it reported. Not a test (half a minute
 * for 200,000 stored people, about 300 MB on disk); run from the test classes with the module's test class path (a
 * surefire report's {@code surefire.test.class.path}):
 * <pre>
 * java -Xmx512m -cp "$TEST_CLASS_PATH" dev.nificrm.store.SharedStoreDriver /tmp/shared-store 200000 8 1000
 * </pre>
 */
final class SharedStoreDriver {
    private static final int LOAD_BATCH = 10_000;
    private static final String[] SYLLABLES = ("an ber car den el fer gar han ing jor kel lam mar nor ol per quin ros sal tan ul "
            + "ven wil xan yor zel bro chi dra fen gro hil kov lin mor nak ost pra rid son tur vik wen").split(" ");

    private SharedStoreDriver() {
    }

    public static void main(final String[] arguments) throws IOException {
        final Path directory = Path.of(arguments[0]);
        final int stored = Integer.parseInt(arguments[1]);
        final int flowFiles = Integer.parseInt(arguments[2]);
        final int batch = Integer.parseInt(arguments[3]);
        deleteAll(directory);
        Files.createDirectories(directory);
        final List<MatchField> erpFields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.EMAIL),
                MatchField.of(Role.PHONE), MatchField.of(Role.POSTAL_CODE));
        final List<MatchField> crmFields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.EMAIL),
                MatchField.of(Role.PHONE), MatchField.of(Role.BIRTH_DATE));
        final Matcher erp = new Matcher(erpFields, MatchSettings.defaults(), "US");
        final Matcher crm = new Matcher(crmFields, MatchSettings.defaults(), "US", KeyRule.parseAll("email+phone", crmFields));
        final SplittableRandom random = new SplittableRandom(20261203);
        int person = 0;
        try (EntityStore store = JdbcEntityStore.sqlite(directory.resolve("entity-store.db"))) {
            final EntityResolver erpResolver = new EntityResolver(erp, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
            final EntityResolver crmResolver = new EntityResolver(crm, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE);
            final long loading = System.nanoTime();
            while (person < stored) {
                final int size = Math.min(LOAD_BATCH, stored - person);
                erpResolver.resolve(people(erp, "erp", random, person, size, false)).pendingWrite().commit();
                person += size;
            }
            report("loaded by erp", (System.nanoTime() - loading) / 1_000_000, null, store);
            for (int flowFile = 0; flowFile < flowFiles; flowFile++) {
                final boolean byCrm = flowFile % 2 == 0;
                final EntityBatch people = people(byCrm ? crm : erp, byCrm ? "crm" : "erp", random, person, batch, byCrm);
                person += batch;
                final long started = System.nanoTime();
                final Resolution resolution = (byCrm ? crmResolver : erpResolver).resolve(people);
                resolution.pendingWrite().commit();
                report("FlowFile " + (flowFile + 1) + " by " + (byCrm ? "crm" : "erp"), (System.nanoTime() - started) / 1_000_000,
                        resolution.getRuleKeying(), store);
            }
        }
        deleteAll(directory);
    }

    private static void report(final String what, final long millis, final RuleKeying keying, final EntityStore store) {
        final StoreStatistics statistics = store.statistics();
        System.out.printf(Locale.ROOT, "%s: %,d ms, keyed %,d stored records first, %,d members, %,d keys, %,d bytes on disk%n", what, millis,
                keying == null ? 0 : keying.members(), statistics.members(), statistics.keys(), statistics.bytesOnDisk());
    }

    /** New people, each with a name, an email and a phone of its own, and the matcher's postal code or birth date. */
    static EntityBatch people(final Matcher matcher, final String system, final SplittableRandom random, final int first, final int count,
                                      final boolean withBirthDate) {
        final EntityBatch people = EntityBatch.of(matcher, system);
        for (int i = 0; i < count; i++) {
            final int number = first + i;
            final String firstName = word(random, 2);
            final String lastName = word(random, 3);
            final String[] values = {firstName, lastName, firstName + "." + lastName + number + "@example.com",
                    String.format(Locale.ROOT, "+1 %03d %03d %04d", 200 + number % 700, number / 10_000 % 1_000, number % 10_000),
                    withBirthDate ? String.format(Locale.ROOT, "19%02d-%02d-%02d", 40 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28))
                            : String.format(Locale.ROOT, "%05d", 10_000 + random.nextInt(80_000))};
            people.add(matcher.keys(values), system + number, null, null);
        }
        return people;
    }

    private static String word(final SplittableRandom random, final int syllables) {
        final StringBuilder word = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    static void deleteAll(final Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
