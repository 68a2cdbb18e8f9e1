package dev.nificrm.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.nificrm.store.EntityStoreContractTest.PERSON_MATCHER;
import static dev.nificrm.store.EntityStoreContractTest.batch;
import static dev.nificrm.store.EntityStoreContractTest.commit;
import static dev.nificrm.store.EntityStoreContractTest.resolver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dummy contact values (filler phones, nobody's mailboxes) in FlowFile after FlowFile against the embedded store. */
class DummyContactValuesTest {
    @TempDir
    Path directory;
    private final List<EntityStore> stores = new ArrayList<>();

    private EntityStore newStore() {
        final EntityStore store = JdbcEntityStore.sqlite(directory.resolve("store-" + stores.size() + ".db"));
        stores.add(store);
        return store;
    }

    @AfterEach
    void close() {
        stores.forEach(EntityStore::close);
    }

    /**
     * Dummy contact values CRMs are full of (a phone of zeros or one repeated digit, test@test.com, noreply@ mailboxes)
     * are no evidence: different people carrying them must not collapse, FlowFile after FlowFile, into one customer.
     */
    @Test
    void dummyPhonesAndEmailsDoNotGlueDifferentPeopleTogether() {
        final String[][] people = {{"Ann", "Lee"}, {"Tom", "Hardy"}, {"Wei", "Chen"}, {"Priya", "Raman"},
                {"Olga", "Petrova"}, {"Ken", "Ito"}, {"Lars", "Berg"}, {"Mia", "Khan"}};
        final String[][] dummies = {{"test@test.com", "0000000000"}, {"noreply@shop-orders.com", "+1 555 555 5555"}};
        for (final String[] dummy : dummies) {
            final EntityStore store = newStore();
            final EntityResolver resolver = resolver(store);
            final Set<String> ids = new HashSet<>();
            for (int part = 0; part < 2; part++) {
                final String[][] rows = new String[4][];
                for (int i = 0; i < 4; i++) {
                    final String[] person = people[part * 4 + i];
                    rows[i] = new String[] {"p" + (part * 4 + i), person[0], person[1], dummy[0], dummy[1], null};
                }
                final Resolution resolution = commit(resolver, batch(PERSON_MATCHER, "web", rows));
                for (int i = 0; i < 4; i++) {
                    ids.add(resolution.goldenId(i));
                }
            }
            assertEquals(people.length, ids.size(), "eight different people with " + dummy[0] + " / " + dummy[1] + " became " + ids.size() + " customers");
        }
    }
}
