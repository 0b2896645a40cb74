package dev.berth.storage.manifest;

import dev.berth.storage.TimeMark;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.FileStat;
import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When each cached manifest of a mirrored repository was last pulled, so the cache can expire what
 * nobody pulls any more. Kept in the store (every replica sees it) and, like {@code BlobUsage},
 * rewritten at most once per {@link #REFRESH_AFTER} per process, so a hot image costs no write per pull.
 */
public final class ManifestPulls {
    /** The precision of the marks; cache expiry ages are days, so this is plenty. */
    public static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    private record Pulled(RepositoryName name, Digest digest) {
    }

    private final StorageDriver driver;
    private final Clock clock;
    private final RecentMarks<Pulled> markedByThisProcess = new RecentMarks<>(REFRESH_AFTER);

    public ManifestPulls(StorageDriver driver, Clock clock) {
        this.driver = driver;
        this.clock = clock;
    }

    /** Notes a pull, unless this process noted one for the same manifest a little while ago. */
    public void touch(RepositoryName name, Digest digest) {
        Instant now = clock.instant();
        if (markedByThisProcess.due(new Pulled(name, digest), now)) {
            driver.write(StorageLayout.revisionLastPulled(name, digest), TimeMark.format(now));
        }
    }

    /**
     * When the manifest was last pulled from the repository or, never pulled since it was cached,
     * when it was cached (its revision link's time); empty when the repository does not hold it.
     */
    public Optional<Instant> lastPulled(RepositoryName name, Digest digest) {
        Optional<Instant> pulled = driver.read(StorageLayout.revisionLastPulled(name, digest)).flatMap(TimeMark::parse);
        return pulled.isPresent() ? pulled : driver.stat(StorageLayout.revisionLink(name, digest)).map(FileStat::modified);
    }

    /** Forgets this process's notes of a repository's manifests, after they were removed. */
    public void forget(RepositoryName name, Digest digest) {
        markedByThisProcess.forget(new Pulled(name, digest));
    }
}
