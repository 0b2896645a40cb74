package dev.berth.storage.browse;

import dev.berth.oci.Digest;
import java.time.Instant;
import java.util.List;

/**
 * What a tag table shows of one manifest. It depends only on content-addressed data (the manifest,
 * its config, its child manifests), so it never changes for a digest and may be cached.
 *
 * @param size      compressed size of the content it brings: config plus layers, and for an index
 *                  the distinct configs and layers of all its children
 * @param created   from the image config; for an index the newest of its children's
 * @param platforms an image's own platform, or the runnable platforms an index lists
 * @param blobs     every blob the manifest keeps stored: itself, config, layers (children's too for
 *                  an index), each once
 */
public record ImageSummary(Digest digest, String mediaType, String artifactType, Kind kind, long size,
                           long manifestSize, Instant created, List<Platform> platforms, List<StoredBlob> blobs) {

    public enum Kind {
        /** a runnable image: an image configuration and layers */
        IMAGE,
        /** an image index or manifest list: images for several platforms */
        INDEX,
        /** anything else a manifest carries: signatures, SBOMs, charts, attestations */
        ARTIFACT
    }

    /** A stored blob and its size; {@code manifest} for manifests, which are not part of an image's size. */
    public record StoredBlob(Digest digest, long size, boolean manifest) {
    }
}
