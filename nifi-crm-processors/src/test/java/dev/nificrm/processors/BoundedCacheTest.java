package dev.nificrm.processors;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BoundedCacheTest {

    /** Full, the cache lets go of the least recently used value only: one asked for since stays, as does the newest. */
    @Test
    void letsGoOfTheLeastRecentlyUsedValueOnly() {
        final BoundedCache<String, String> cache = new BoundedCache<>(3);
        final List<String> built = new ArrayList<>();
        for (final String key : List.of("common", "a", "b")) {
            cache.get(key, () -> build(key, built));
        }
        final String common = cache.get("common");
        cache.get("c", () -> build("c", built));

        assertEquals(3, cache.size());
        assertNull(cache.get("a"), "the least recently used");
        assertSame(common, cache.get("common", () -> build("common", built)), "asked for since a was: kept, not built again");
        assertEquals(List.of("common", "a", "b", "c"), built);
        cache.clear();
        assertEquals(0, cache.size());
    }

    /** A value that cannot be built is not kept: the next request builds it again. */
    @Test
    void keepsNothingWhenTheValueCannotBeBuilt() {
        final BoundedCache<String, String> cache = new BoundedCache<>(2);
        assertThrows(IllegalStateException.class, () -> cache.get("a", () -> {
            throw new IllegalStateException("no roles");
        }));
        assertEquals(0, cache.size());
        assertEquals("built a", cache.get("a", () -> "built a"));
    }

    private static String build(final String key, final List<String> built) {
        built.add(key);
        return "built " + key;
    }
}
