package dev.berth.storage.gc;

import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Forgets what a pull-through cache holds but nobody pulled for a while: each cached manifest of a
 * mirrored repository last pulled before the cutoff goes, with the tags pointing at it. Its blobs
 * are then ordinary unreferenced content, which the garbage collection sweep frees; the next pull
 * fetches everything from the upstream again.
 */
public final class CacheExpiry {
    private final RegistryStorage storage;

    public CacheExpiry(RegistryStorage storage) {
        this.storage = storage;
    }

    /** Removes (unless {@code dryRun}) the repository's manifests not pulled since {@code cutoff}; returns them as {@code name@digest}. */
    public List<String> expire(RepositoryName name, Instant cutoff, boolean dryRun) {
        List<String> expired = new ArrayList<>();
        for (Digest digest : storage.manifests().allRevisions(name)) {
            Optional<Instant> lastPulled = storage.pulls().lastPulled(name, digest);
            if (lastPulled.isEmpty() || !lastPulled.get().isBefore(cutoff)) {
                continue;
            }
            if (!dryRun) {
                try {
                    storage.manifests().delete(name, new Reference.ByDigest(digest));
                } catch (OciException alreadyGone) {
                    continue;
                }
                storage.pulls().forget(name, digest);
            }
            expired.add(name + "@" + digest);
        }
        return expired;
    }
}
