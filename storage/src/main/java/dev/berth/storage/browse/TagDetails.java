package dev.berth.storage.browse;

import java.time.Instant;
import java.util.List;

/**
 * A row of the tag table.
 *
 * @param pushed         when the tag was last pushed; null if the store cannot say
 * @param referrerTypes  distinct artifact types of the manifests that refer to the image (signatures,
 *                       SBOMs, attestations), sorted
 */
public record TagDetails(String tag, Instant pushed, ImageSummary image, List<String> referrerTypes) {
}
