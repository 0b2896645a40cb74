package dev.berth.storage.upload;

import dev.berth.oci.RepositoryName;
import dev.berth.storage.UploadId;
import dev.berth.storage.catalog.RepositoryCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes upload sessions older than a maximum age: clients that gave up never cancel. A session
 * whose state cannot be read is left alone, since it may be one being created right now.
 */
public final class AbandonedUploads {
    private final RepositoryCatalog catalog;
    private final UploadStore uploads;
    private final Clock clock;

    public AbandonedUploads(RepositoryCatalog catalog, UploadStore uploads, Clock clock) {
        this.catalog = catalog;
        this.uploads = uploads;
        this.clock = clock;
    }

    /** Returns how many sessions were removed. */
    public int removeOlderThan(Duration maxAge) {
        Instant cutoff = clock.instant().minus(maxAge);
        int removed = 0;
        for (String repository : catalog.withUploads()) {
            RepositoryName name = RepositoryName.of(repository);
            for (UploadId id : uploads.sessions(name)) {
                boolean old = uploads.startedAt(name, id).map(started -> started.isBefore(cutoff)).orElse(false);
                if (old) {
                    uploads.remove(name, id);
                    removed++;
                }
            }
        }
        return removed;
    }
}
