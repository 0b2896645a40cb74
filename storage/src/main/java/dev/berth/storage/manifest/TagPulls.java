package dev.berth.storage.manifest;

import dev.berth.storage.TimeMark;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a client last pulled by each tag, for retention's not-pulled-for. A small mark next to the
 * tag link, in the store so every replica sees it, rewritten at most once per {@link #REFRESH_AFTER}
 * per process: a hot tag costs one write per ten minutes, not one per pull. Off (no writes) for a
 * registry that only reads.
 */
public final class TagPulls {
    /** The precision of the marks; not-pulled-for ages are days, so this is plenty. */
    public static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    private record Pulled(RepositoryName name, String tag) {
    }

    private final StorageDriver driver;
    private final Clock clock;
    private final boolean record;
    private final RecentMarks<Pulled> markedByThisProcess = new RecentMarks<>(REFRESH_AFTER);

    public TagPulls(StorageDriver driver, Clock clock, boolean record) {
        this.driver = driver;
        this.clock = clock;
        this.record = record;
    }

    /** Notes a pull by the tag, unless this process noted one a little while ago. */
    public void touch(RepositoryName name, Tag tag) {
        if (!record) {
            return;
        }
        Instant now = clock.instant();
        if (markedByThisProcess.due(new Pulled(name, tag.value()), now)) {
            driver.write(StorageLayout.tagLastPulled(name, tag), TimeMark.format(now));
        }
    }

    /** When a client last pulled by the tag; empty if none did since the mark was kept. */
    public Optional<Instant> lastPulled(RepositoryName name, Tag tag) {
        return driver.read(StorageLayout.tagLastPulled(name, tag)).flatMap(TimeMark::parse);
    }
}
