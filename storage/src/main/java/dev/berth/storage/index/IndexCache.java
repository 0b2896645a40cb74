package dev.berth.storage.index;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Snapshot heads and chunks read recently, shared by every index of one store. They never change
 * once written, so a cached copy is never stale; the cache is bounded by the names it holds.
 */
public final class IndexCache {
    /** About 60 bytes a name: the default keeps the cache under 20 MB. */
    public static final int DEFAULT_MAX_NAMES = 300_000;

    private final int maxNames;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long names;

    private record Entry(Object value, int weight) {
    }

    public IndexCache(int maxNames) {
        this.maxNames = maxNames;
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, int weight, Supplier<T> load) {
        synchronized (this) {
            Entry entry = entries.get(key);
            if (entry != null) {
                return (T) entry.value();
            }
        }
        T value = load.get();
        synchronized (this) {
            if (entries.put(key, new Entry(value, weight)) == null) {
                names += weight;
            }
            var eldest = entries.entrySet().iterator();
            while (names > maxNames && eldest.hasNext()) {
                Map.Entry<String, Entry> oldest = eldest.next();
                names -= oldest.getValue().weight();
                eldest.remove();
            }
        }
        return value;
    }
}
