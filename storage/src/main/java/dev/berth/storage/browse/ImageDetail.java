package dev.berth.storage.browse;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the image page shows of one manifest.
 *
 * @param config      the config descriptor; null for an index
 * @param imageConfig the parsed configuration, when the config is an image configuration
 * @param manifests   an index's children
 * @param referrers   manifests whose {@code subject} is this one: signatures, SBOMs, attestations
 * @param tags        the repository's tags that point at this manifest
 * @param chart       what a Helm chart says of itself; null for anything else
 */
public record ImageDetail(ImageSummary summary, Map<String, String> annotations, Digest subject, Descriptor config,
                          ImageConfig imageConfig, List<Layer> layers, List<ChildManifest> manifests,
                          List<Descriptor> referrers, List<String> tags, HelmChart chart) {

    /** A layer, with the build step that made it when the config's history lines up with the layers. */
    public record Layer(Digest digest, String mediaType, long size, String createdBy, Map<String, String> annotations) {
    }

    /**
     * An entry of an index. {@code imageSize} and {@code created} come from the child's own summary;
     * they are absent when the child is no longer in the repository.
     */
    public record ChildManifest(Digest digest, String mediaType, long manifestSize, Platform platform,
                                String artifactType, Long imageSize, Instant created, Map<String, String> annotations) {
    }
}
