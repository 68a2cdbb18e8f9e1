package dev.nificrm.processors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a processor builds once per input schema and keeps for later FlowFiles of it (a layout, a compiled matcher), at
 * most a given number: beyond it the least recently used is let go. A flow whose schemas vary from FlowFile to FlowFile
 * (JSON read with an inferred schema, its optional keys present in some FlowFiles only) thus never keeps more than the
 * bound, while the schemas it sees most stay kept. Safe for concurrent tasks; a value is built outside the lock (two
 * tasks may build the same one at once, the first kept).
 *
 * @param <K> the key: what the value depends on (a schema's field names and types, or its names alone)
 * @param <V> the value built from it
 */
final class BoundedCache<K, V> {
    private final int maximum;
    private final LinkedHashMap<K, V> entries;

    BoundedCache(final int maximum) {
        if (maximum < 1) {
            throw new IllegalArgumentException("A cache keeps at least one value: " + maximum);
        }
        this.maximum = maximum;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, V> eldest) {
                return size() > BoundedCache.this.maximum;
            }
        };
    }

    /** The value kept for the key, or null. */
    synchronized V get(final Object key) {
        return entries.get(key);
    }

    /** The value kept for the key; without one, the one built, kept (the key as given: pass a copy of a mutable one). */
    V get(final K key, final Supplier<? extends V> build) {
        final V kept = get(key);
        if (kept != null) {
            return kept;
        }
        final V built = build.get();
        synchronized (this) {
            final V first = entries.putIfAbsent(key, built);
            return first == null ? built : first;
        }
    }

    /** How many values are kept (at most the bound). */
    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
    }
}
