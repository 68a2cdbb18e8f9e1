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

/** What a merge of stored customers records in their history, against the embedded store. */
class MergeExplanationTest {
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
     * A record linking two stored customers merges them; the history's MERGED event must say why the merged-away
     * customer was linked. It shows the bridge's best pair instead, which is with the surviving customer: here a pair in
     * which the phone, the only thing linking the merged-away customer, is "missing".
     */
    @Test
    void aMergeIsExplainedByThePairThatLinkedTheMergedAwayCustomer() {
        final EntityStore store = newStore();
        final EntityResolver resolver = resolver(store);
        final String maria = commit(resolver, batch(PERSON_MATCHER, "crm",
                new String[] {"1", "Maria", "Garcia", "maria.garcia@example.com", null, "1985-06-07"})).goldenId(0);
        final String mGarcia = commit(resolver, batch(PERSON_MATCHER, "crm",
                new String[] {"2", "M", "Garcia", null, "(305) 555-0142", null})).goldenId(0);
        assertNotEquals(maria, mGarcia);
        final Resolution bridge = commit(resolver, batch(PERSON_MATCHER, "web",
                new String[] {"w", "Maria", "Garcia", "maria.garcia@example.com", "305-555-0142", "1985-06-07"}));
        assertEquals(maria, bridge.goldenId(0));
        final HistoryEvent merged = store.history(maria).stream().filter(event -> event.kind() == EventKind.MERGED).findFirst().orElseThrow();
        assertEquals(mGarcia, merged.otherGoldenId());
        assertTrue(merged.explanation().contains("phone=exact"), "the merge of M Garcia is explained by " + merged.explanation());
    }
}
