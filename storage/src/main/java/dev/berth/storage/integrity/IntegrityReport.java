package dev.berth.storage.integrity;

import java.util.List;

/**
 * What an integrity check found.
 *
 * @param problems one line per problem, e.g. {@code corrupt blob sha256:...}
 * @param repaired how many of them were repaired (removed, so clients push the content again)
 * @param staleLinks repository links to blobs garbage collection removed: harmless, cleared by repair
 */
public record IntegrityReport(int blobsChecked, long bytesChecked, List<String> problems, int repaired,
                              int staleLinks) {

    public boolean healthy() {
        return problems.isEmpty();
    }

    public String summary() {
        return String.format("checked %d blobs (%d bytes): %d problems, %d repaired, %d stale links",
                blobsChecked, bytesChecked, problems.size(), repaired, staleLinks);
    }
}
