package dev.berth.storage.blob;

import dev.berth.oci.Digest;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.TimeMark;
import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Removes unused blobs from the content store without racing a push that relies on one.
 *
 * <p>Reading a blob's last-used mark and then deleting it leaves a window in which a client can
 * mark the blob, find it present, and push a manifest naming it. So removal is announced first:
 * the sweep writes a removal mark, then reads the last-used mark again, and deletes only if nothing
 * marked the blob in between. A push marks the blob, then looks for a removal mark and treats a
 * blob being removed as absent (the client uploads it again). With a store that reads its own
 * writes (a filesystem, S3), one of the two always sees the other's mark.
 */
public final class BlobRemoval {
    /** A sweep that takes longer than this between announcing and deleting gives the blob up. */
    static final Duration DECISION_WINDOW = Duration.ofSeconds(10);
    /** A removal mark this old was left by a sweep that stopped (crash, kill): it is ignored. */
    static final Duration ABANDONED = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    private final StorageDriver driver;
    private final BlobUsage usage;
    private final Clock clock;

    BlobRemoval(StorageDriver driver, BlobUsage usage, Clock clock) {
        this.driver = driver;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * Removes the blob unless it was relied on after {@code cutoff} or is relied on while this runs.
     * Returns whether it was removed.
     */
    public boolean removeUnusedSince(Digest digest, Instant cutoff) {
        Optional<Instant> lastUsed = usage.lastUsed(digest);
        if (lastUsed.filter(used -> used.isAfter(cutoff)).isPresent()) {
            return false;
        }
        String mark = StorageLayout.blobRemoval(digest);
        Instant announced = clock.instant();
        driver.write(mark, TimeMark.format(announced));
        try {
            boolean reliedOnMeanwhile = !usage.lastUsed(digest).equals(lastUsed);
            boolean tooSlow = clock.instant().isAfter(announced.plus(DECISION_WINDOW));
            if (reliedOnMeanwhile || tooSlow) {
                driver.deleteFile(mark);
                return false;
            }
            // The data first, the marks after it, the removal mark last: a publisher waiting for the
            // removal to end must find the old data gone, and its own last-used mark must survive.
            driver.delete(StorageLayout.blobData(digest));
            driver.deleteFile(StorageLayout.blobLastUsed(digest));
            driver.deleteFile(mark);
        } catch (RuntimeException failed) {
            // Left behind, the mark would make pushes wait for a removal that is not going on.
            try {
                driver.deleteFile(mark);
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        usage.forget(digest);
        return true;
    }

    /** Whether a sweep is removing the blob right now, so it must count as absent. */
    boolean isBeingRemoved(Digest digest) {
        return announcedAt(digest).filter(at -> at.isAfter(clock.instant().minus(ABANDONED))).isPresent();
    }

    /**
     * Waits until no sweep is removing the blob, so content published now is not deleted by a
     * removal decided before it. Returns at once when none is; a removal takes milliseconds.
     */
    void awaitRemoval(Digest digest) {
        while (isBeingRemoved(digest)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a sweep removes " + digest, e);
            }
        }
    }

    /** Clears a removal mark a stopped sweep left behind; it would keep the blob's folder listed forever. */
    public void clearAbandoned(Digest digest) {
        if (announcedAt(digest).isPresent() && !isBeingRemoved(digest)) {
            driver.deleteFile(StorageLayout.blobRemoval(digest));
        }
    }

    private Optional<Instant> announcedAt(Digest digest) {
        // An unreadable mark counts as abandoned, not as absent: the folder still needs clearing.
        return driver.read(StorageLayout.blobRemoval(digest))
                .map(bytes -> TimeMark.parse(bytes).orElse(Instant.EPOCH));
    }
}
