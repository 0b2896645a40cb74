package dev.berth.storage.browse;

import dev.berth.oci.Digest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summaries by manifest digest, least recently used evicted first. A digest names immutable
 * content, so an entry never goes stale; deleting a manifest only makes it unreachable.
 */
final class SummaryCache {
    private final Map<Digest, ImageSummary> entries;

    SummaryCache(int capacity) {
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, ImageSummary> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized ImageSummary get(Digest digest) {
        return entries.get(digest);
    }

    synchronized void put(ImageSummary summary) {
        entries.put(summary.digest(), summary);
    }
}
