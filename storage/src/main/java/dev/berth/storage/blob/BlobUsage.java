package dev.berth.storage.blob;

import dev.berth.oci.Digest;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.TimeMark;
import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each blob was last relied on: uploaded, mounted, checked for by a client (HEAD), or named by
 * a pushed manifest. Garbage collection spares anything used within its grace period, which closes
 * the race where a client sees a blob, skips uploading it, and pushes a manifest naming it while a
 * sweep is deciding the blob is unused. The mark lives in the store, so every replica sees it.
 */
public final class BlobUsage {
    private static final int MAX_REMEMBERED = 100_000;

    private final StorageDriver driver;
    private final Clock clock;
    /** A mark younger than this is not rewritten: it keeps hot blobs from costing a write per request. */
    private final Duration refreshAfter;
    private final Map<Digest, Instant> markedByThisProcess = new ConcurrentHashMap<>();
    /** Off on a read-only registry: nothing can be pushed that a sweep could race with, and no sweep runs. */
    private final boolean recording;

    public BlobUsage(StorageDriver driver, Clock clock, Duration gracePeriod) {
        this(driver, clock, gracePeriod, true);
    }

    public BlobUsage(StorageDriver driver, Clock clock, Duration gracePeriod, boolean recording) {
        this.driver = driver;
        this.clock = clock;
        this.refreshAfter = gracePeriod.dividedBy(4);
        this.recording = recording;
    }

    /**
     * Marks a blob a client is reading or checking for. Skipped when this process marked it a
     * little while ago: that mark is still within the grace period, so no sweep removes the blob.
     */
    public void touch(Digest digest) {
        Instant last = markedByThisProcess.get(digest);
        if (last == null || !last.plus(refreshAfter).isAfter(clock.instant())) {
            mark(digest);
        }
    }

    /**
     * Marks a blob being pushed or named by a pushed manifest, always writing: if a sweep removed
     * the blob since this process last marked it, the new copy must not appear unmarked.
     */
    public void mark(Digest digest) {
        if (!recording) {
            return;
        }
        Instant now = clock.instant();
        driver.write(StorageLayout.blobLastUsed(digest), TimeMark.format(now));
        if (markedByThisProcess.size() >= MAX_REMEMBERED) {
            markedByThisProcess.clear();
        }
        markedByThisProcess.put(digest, now);
    }

    /** When the blob was last relied on; empty for blobs never marked (stored before marks existed). */
    public Optional<Instant> lastUsed(Digest digest) {
        return driver.read(StorageLayout.blobLastUsed(digest)).flatMap(TimeMark::parse);
    }

    /** Forgets this process's note of a mark, after the blob and its mark were deleted. */
    public void forget(Digest digest) {
        markedByThisProcess.remove(digest);
    }
}
