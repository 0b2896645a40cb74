package dev.berth.registry.replication;

import dev.berth.oci.Digest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which destination repository recently received a blob, so the next repository needing it asks
 * for a cross-repository mount instead of sending the bytes again. Bounded: the oldest are forgotten.
 */
final class BlobLocations {
    private static final int KEPT = 10_000;

    private final Map<Digest, String> where = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, String> eldest) {
            return size() > KEPT;
        }
    };

    synchronized void remember(Digest digest, String repository) {
        where.put(digest, repository);
    }

    /** A repository other than {@code except} that has the blob, or null. */
    synchronized String where(Digest digest, String except) {
        String known = where.get(digest);
        return known == null || known.equals(except) ? null : known;
    }
}
