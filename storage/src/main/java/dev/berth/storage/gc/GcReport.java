package dev.berth.storage.gc;

import java.time.Duration;
import java.util.List;

/**
 * What a collection removed (or, on a dry run, would remove).
 *
 * @param manifests removed manifests as {@code repository@digest}
 * @param blobs     removed blobs as digests; their bytes are {@code bytesFreed}
 */
public record GcReport(boolean dryRun, int repositories, List<String> manifests, List<String> blobs,
                       long bytesFreed, Duration took) {

    public String summary() {
        return String.format("%s %d repositories: %d manifests and %d blobs (%d bytes) %s in %d ms",
                dryRun ? "dry run over" : "collected", repositories, manifests.size(), blobs.size(), bytesFreed,
                dryRun ? "would be removed" : "removed", took.toMillis());
    }
}
