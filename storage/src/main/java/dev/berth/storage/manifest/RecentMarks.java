package dev.berth.storage.manifest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which last-pulled marks this process wrote a little while ago, so a hot item costs one write per
 * {@code refreshAfter}, not one per pull. Bounded: past {@value #MAX_REMEMBERED} it starts over
 * (a repeat costs one write).
 */
final class RecentMarks<K> {
    private static final int MAX_REMEMBERED = 100_000;

    private final Duration refreshAfter;
    private final Map<K, Instant> written = new ConcurrentHashMap<>();

    RecentMarks(Duration refreshAfter) {
        this.refreshAfter = refreshAfter;
    }

    /** Whether the mark of {@code key} is due for a write at {@code now}; if so, counts it as written. */
    boolean due(K key, Instant now) {
        Instant last = written.get(key);
        if (last != null && last.plus(refreshAfter).isAfter(now)) {
            return false;
        }
        if (written.size() >= MAX_REMEMBERED) {
            written.clear();
        }
        written.put(key, now);
        return true;
    }

    void forget(K key) {
        written.remove(key);
    }
}
