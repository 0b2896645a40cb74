package dev.berth.storage.browse;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.browse.ImageDetail.ChildManifest;
import dev.berth.storage.browse.ImageDetail.Layer;
import dev.berth.storage.browse.ImageSummary.Kind;
import dev.berth.storage.browse.ImageSummary.StoredBlob;
import dev.berth.storage.manifest.ManifestDocument;
import dev.berth.storage.manifest.ManifestStore;
import dev.berth.storage.manifest.StoredManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads image metadata out of stored manifests and configs: the summary a tag table row shows and
 * the detail of the image page. Summaries are cached by digest.
 */
public final class ImageReader {
    /** Configs larger than this are not parsed (an image config is a few kilobytes). */
    static final long MAX_CONFIG_BYTES = 4 * 1024 * 1024;
    /** Indexes of indexes are followed this deep. */
    private static final int MAX_DEPTH = 4;

    private final ManifestStore manifests;
    private final BlobStore blobs;
    private final SummaryCache cache;

    public ImageReader(ManifestStore manifests, BlobStore blobs, int cacheSize) {
        this.manifests = manifests;
        this.blobs = blobs;
        this.cache = new SummaryCache(cacheSize);
    }

    /** Summary of a manifest the repository holds; {@code MANIFEST_UNKNOWN} otherwise. */
    public ImageSummary summary(RepositoryName name, Reference reference) {
        return summaryOf(name, manifests.resolve(name, reference), 0);
    }

    /** Summary of a digest already known to be in the repository. */
    ImageSummary summaryOf(RepositoryName name, Digest digest) {
        return summaryOf(name, digest, 0);
    }

    public ImageDetail detail(RepositoryName name, Reference reference, List<String> tags) {
        Digest digest = manifests.resolve(name, reference);
        StoredManifest stored = manifests.get(name, new Reference.ByDigest(digest));
        ManifestDocument document = ManifestDocument.parse(stored.content());
        ImageSummary summary = summaryOf(name, digest, 0);
        ImageConfig imageConfig = document.config() == null ? null : config(document.config()).orElse(null);

        List<Layer> layers = new ArrayList<>();
        List<String> steps = imageConfig == null ? List.of() : imageConfig.history().stream()
                .filter(step -> !step.emptyLayer()).map(ImageConfig.HistoryEntry::createdBy).toList();
        List<Descriptor> layerDescriptors = document.layersOrEmpty();
        boolean historyMatches = steps.size() == layerDescriptors.size();
        for (int i = 0; i < layerDescriptors.size(); i++) {
            Descriptor layer = layerDescriptors.get(i);
            layers.add(new Layer(layer.parsedDigest(), layer.mediaType(), sizeOf(layer),
                    historyMatches ? steps.get(i) : null, layer.annotations()));
        }

        List<ChildManifest> children = new ArrayList<>();
        for (Descriptor child : document.manifestsOrEmpty()) {
            Digest childDigest = child.parsedDigest();
            ImageSummary childSummary = childSummary(name, childDigest, 1).orElse(null);
            Platform platform = Platform.fromDescriptor(child.platform());
            if (platform == null && childSummary != null && !childSummary.platforms().isEmpty()) {
                platform = childSummary.platforms().get(0);
            }
            children.add(new ChildManifest(childDigest, child.mediaType(), sizeOf(child), platform,
                    child.artifactType() != null ? child.artifactType()
                            : childSummary == null || childSummary.kind() == Kind.IMAGE ? null : childSummary.artifactType(),
                    childSummary == null ? null : childSummary.size(),
                    childSummary == null ? null : childSummary.created(), child.annotations()));
        }

        Digest subject = document.subject() == null ? null : document.subject().parsedDigest();
        return new ImageDetail(summary, document.annotations() == null ? Map.of() : document.annotations(), subject,
                document.config(), imageConfig, layers, children, manifests.referrers(name, digest, null), tags,
                document.config() == null ? null : chart(document.config()).orElse(null));
    }

    private ImageSummary summaryOf(RepositoryName name, Digest digest, int depth) {
        ImageSummary cached = cache.get(digest);
        if (cached != null) {
            return cached;
        }
        StoredManifest stored = manifests.get(name, new Reference.ByDigest(digest));
        ManifestDocument document = ManifestDocument.parse(stored.content());
        ImageSummary summary = document.isIndex()
                ? indexSummary(name, digest, stored, document, depth)
                : imageSummary(digest, stored, document);
        cache.put(summary);
        return summary;
    }

    private ImageSummary imageSummary(Digest digest, StoredManifest stored, ManifestDocument document) {
        Map<Digest, StoredBlob> stores = new LinkedHashMap<>();
        stores.put(digest, new StoredBlob(digest, stored.content().length, true));
        long size = 0;
        Descriptor config = document.config();
        if (config != null) {
            size += sizeOf(config);
            stores.putIfAbsent(config.parsedDigest(), new StoredBlob(config.parsedDigest(), sizeOf(config), false));
        }
        for (Descriptor layer : document.layersOrEmpty()) {
            size += sizeOf(layer);
            if (!MediaTypes.NON_DISTRIBUTABLE_LAYERS.contains(layer.mediaType())) {
                stores.putIfAbsent(layer.parsedDigest(), new StoredBlob(layer.parsedDigest(), sizeOf(layer), false));
            }
        }
        ImageConfig imageConfig = config == null ? null : config(config).orElse(null);
        boolean image = document.artifactType() == null && config != null
                && ImageConfig.MEDIA_TYPES.contains(config.mediaType());
        Platform platform = imageConfig == null ? null : imageConfig.platform();
        return new ImageSummary(digest, stored.mediaType(), document.effectiveArtifactType(),
                image ? Kind.IMAGE : Kind.ARTIFACT, size, stored.content().length,
                imageConfig == null ? null : imageConfig.created(),
                platform == null ? List.of() : List.of(platform), List.copyOf(stores.values()));
    }

    private ImageSummary indexSummary(RepositoryName name, Digest digest, StoredManifest stored,
                                      ManifestDocument document, int depth) {
        Map<Digest, StoredBlob> stores = new LinkedHashMap<>();
        stores.put(digest, new StoredBlob(digest, stored.content().length, true));
        List<Platform> platforms = new ArrayList<>();
        Instant created = null;
        for (Descriptor child : document.manifestsOrEmpty()) {
            Optional<ImageSummary> childSummary = childSummary(name, child.parsedDigest(), depth + 1);
            Platform platform = Platform.fromDescriptor(child.platform());
            if (platform == null) {
                platform = childSummary.filter(s -> s.kind() == Kind.IMAGE && !s.platforms().isEmpty())
                        .map(s -> s.platforms().get(0)).orElse(null);
            }
            if (platform != null && platform.isRunnable() && !platforms.contains(platform)) {
                platforms.add(platform);
            }
            if (childSummary.isPresent()) {
                childSummary.get().blobs().forEach(blob -> stores.putIfAbsent(blob.digest(), blob));
                Instant childCreated = childSummary.get().created();
                if (childCreated != null && (created == null || childCreated.isAfter(created))) {
                    created = childCreated;
                }
            }
        }
        long size = stores.values().stream().filter(blob -> !blob.manifest()).mapToLong(StoredBlob::size).sum();
        return new ImageSummary(digest, stored.mediaType(), document.artifactType(), Kind.INDEX, size,
                stored.content().length, created, platforms, List.copyOf(stores.values()));
    }

    /** A child of an index, unless it is gone from the repository (deleted after the index was pushed). */
    private Optional<ImageSummary> childSummary(RepositoryName name, Digest child, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(summaryOf(name, child, depth));
        } catch (OciException e) {
            return Optional.empty();
        }
    }

    /** The image configuration a config descriptor points at, when it is one and is still stored. */
    private Optional<ImageConfig> config(Descriptor config) {
        if (!ImageConfig.MEDIA_TYPES.contains(config.mediaType())) {
            return Optional.empty();
        }
        Digest digest = config.parsedDigest();
        if (blobs.size(digest).orElse(Long.MAX_VALUE) > MAX_CONFIG_BYTES) {
            return Optional.empty();
        }
        try {
            return ImageConfig.parse(blobs.readSmall(digest));
        } catch (OciException e) {
            return Optional.empty();
        }
    }

    /** The chart metadata a Helm chart's config blob holds, when the config is one and is still stored. */
    private Optional<HelmChart> chart(Descriptor config) {
        if (!HelmChart.CONFIG_MEDIA_TYPE.equals(config.mediaType())
                || blobs.size(config.parsedDigest()).orElse(Long.MAX_VALUE) > MAX_CONFIG_BYTES) {
            return Optional.empty();
        }
        try {
            return HelmChart.parse(blobs.readSmall(config.parsedDigest()));
        } catch (OciException e) {
            return Optional.empty();
        }
    }

    private static long sizeOf(Descriptor descriptor) {
        return descriptor.size() == null ? 0 : descriptor.size();
    }
}
