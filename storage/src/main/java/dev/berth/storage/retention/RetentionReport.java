package dev.berth.storage.retention;

import java.time.Instant;
import java.util.List;

/**
 * What a run removed, or would remove when {@code dryRun}: a dry run lists exactly what the real
 * run with the same rules at the same moment removes.
 *
 * @param repositories how many repositories a rule covered
 */
public record RetentionReport(boolean dryRun, Instant startedAt, Instant finishedAt, int repositories,
                              List<Removal> removals, List<Protected> protectedTags) {

    public long tagsRemoved() {
        return removals.stream().filter(removal -> removal.tag() != null).count();
    }

    public long manifestsRemoved() {
        return removals.stream().filter(removal -> removal.tag() == null).count();
    }

    public String summary() {
        return (dryRun ? "dry run over " : "run over ") + repositories + " repositories: "
                + tagsRemoved() + " tags and " + manifestsRemoved() + " untagged manifests "
                + (dryRun ? "would go" : "removed") + ", " + protectedTags.size() + " protected tags kept";
    }
}
