package dev.berth.registry.browse;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.oci.Descriptor;
import dev.berth.storage.browse.HelmChart;
import dev.berth.storage.browse.ImageConfig;
import dev.berth.storage.browse.ImageDetail;
import dev.berth.storage.browse.ImageSummary;
import dev.berth.storage.browse.Platform;
import dev.berth.storage.browse.RepositorySummary;
import dev.berth.storage.browse.StorageUse;
import dev.berth.storage.browse.TagDetails;
import dev.berth.storage.quota.QuotaUsage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON documents of the browse API (docs/api.md, "Browse API", shows each). Digests are strings,
 * times ISO-8601 instants, sizes bytes; absent values are left out.
 */
public final class BrowseViews {
    private BrowseViews() {
    }

    /** {@code GET /api/repositories}: one page of repositories matching the search. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RepositoryPage(List<RepositoryRow> repositories, int total, String next) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RepositoryRow(String name, int tagCount, Instant lastPushed) {
        static RepositoryRow of(RepositorySummary summary) {
            return new RepositoryRow(summary.name(), summary.tagCount(), millis(summary.lastPushed()));
        }
    }

    /** {@code GET /api/repositories/<name>}: a repository with its own storage use. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RepositoryView(String name, int tagCount, Instant lastPushed, Long size, Integer blobs, int manifests,
                                 boolean canDelete) {
    }

    /** {@code GET /api/repositories/<name>/-/tags?n=&last=}: one page of tags; {@code next} is the {@code last} of the next. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagTable(String repository, boolean canDelete, List<TagRow> tags, String next) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagRow(String name, String digest, String mediaType, String artifactType, String kind, long size,
                         Instant created, Instant pushed, List<String> platforms, List<String> referrers) {
        static TagRow of(TagDetails tag) {
            ImageSummary image = tag.image();
            return new TagRow(tag.tag(), image.digest().toString(), image.mediaType(),
                    image.kind() == ImageSummary.Kind.IMAGE ? null : image.artifactType(), kindName(image.kind()),
                    image.size(), image.created(), millis(tag.pushed()), platformNames(image.platforms()), tag.referrerTypes());
        }
    }

    /** {@code GET /api/repositories/<name>/-/manifests/<reference>}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageView(String repository, String digest, String mediaType, String artifactType, String kind,
                            long size, long manifestSize, Instant created, List<String> platforms, List<String> tags,
                            Map<String, String> annotations, String subject, ConfigView config,
                            List<LayerView> layers, List<ChildView> manifests, List<ReferrerView> referrers,
                            HelmChart chart, boolean canDelete) {

        static ImageView of(String repository, ImageDetail detail, boolean canDelete) {
            ImageSummary image = detail.summary();
            return new ImageView(repository, image.digest().toString(), image.mediaType(),
                    image.kind() == ImageSummary.Kind.IMAGE ? null : image.artifactType(),
                    kindName(image.kind()), image.size(), image.manifestSize(), image.created(),
                    platformNames(image.platforms()), detail.tags(), emptyToNull(detail.annotations()),
                    detail.subject() == null ? null : detail.subject().toString(),
                    detail.config() == null ? null : ConfigView.of(detail.config(), detail.imageConfig()),
                    detail.layers().stream().map(LayerView::of).toList(),
                    detail.manifests().stream().map(ChildView::of).toList(),
                    detail.referrers().stream().map(ReferrerView::of).toList(), detail.chart(), canDelete);
        }
    }

    /** The config blob, and what it says when it is an image configuration; empty fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ConfigView(String digest, String mediaType, long size, String os, String architecture,
                             String variant, String author, Map<String, String> labels, List<String> env,
                             List<String> entrypoint, List<String> cmd, String workingDir, String user,
                             List<String> exposedPorts, List<String> volumes, String stopSignal,
                             List<HistoryView> history) {
        static ConfigView of(Descriptor descriptor, ImageConfig config) {
            long size = descriptor.size() == null ? 0 : descriptor.size();
            if (config == null) {
                return new ConfigView(descriptor.digest(), descriptor.mediaType(), size, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null);
            }
            return new ConfigView(descriptor.digest(), descriptor.mediaType(), size, config.os(), config.architecture(),
                    config.variant(), config.author(), config.labels(), config.env(), config.entrypoint(), config.cmd(),
                    config.workingDir(), config.user(), config.exposedPorts(), config.volumes(), config.stopSignal(),
                    config.history().stream().map(HistoryView::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryView(Instant created, String createdBy, String comment, Boolean emptyLayer) {
        static HistoryView of(ImageConfig.HistoryEntry entry) {
            return new HistoryView(entry.created(), entry.createdBy(), entry.comment(), entry.emptyLayer() ? true : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LayerView(String digest, String mediaType, long size, String createdBy, Map<String, String> annotations) {
        static LayerView of(ImageDetail.Layer layer) {
            return new LayerView(layer.digest().toString(), layer.mediaType(), layer.size(), layer.createdBy(),
                    emptyToNull(layer.annotations()));
        }
    }

    /** An entry of an index: a platform's image, or an attestation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChildView(String digest, String mediaType, long manifestSize, String platform, String artifactType,
                            Long size, Instant created, Map<String, String> annotations) {
        static ChildView of(ImageDetail.ChildManifest child) {
            return new ChildView(child.digest().toString(), child.mediaType(), child.manifestSize(),
                    child.platform() == null ? null : child.platform().toString(), child.artifactType(),
                    child.imageSize(), child.created(), emptyToNull(child.annotations()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReferrerView(String digest, String mediaType, String artifactType, long size,
                               Map<String, String> annotations) {
        static ReferrerView of(Descriptor referrer) {
            return new ReferrerView(referrer.digest(), referrer.mediaType(), referrer.artifactType(),
                    referrer.size() == null ? 0 : referrer.size(), emptyToNull(referrer.annotations()));
        }
    }

    /** {@code GET /api/session}: who the caller signed in as, and whether signing in is possible at all. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionView(String user, boolean signInOffered) {
    }

    /** {@code GET /api/usage}. */
    public record UsageView(long size, int blobs, long sizeOfRepositories, long savedBySharing,
                            List<StorageUse.RepositoryUse> repositories, List<QuotaView> quotas) {
        static UsageView of(StorageUse use, List<QuotaUsage> quotas) {
            return new UsageView(use.size(), use.blobs(), use.sizeOfRepositories(),
                    use.sizeOfRepositories() - use.size(), use.repositories(),
                    quotas.stream().map(QuotaView::of).toList());
        }
    }

    /** One {@code registry.quotas[i]} entry: its pattern, and what its repositories hold against its limit. */
    public record QuotaView(int index, String repositories, long usedBytes, long limitBytes) {
        static QuotaView of(QuotaUsage usage) {
            return new QuotaView(usage.quota().index(), usage.quota().repositories().text(), usage.usedBytes(),
                    usage.limitBytes());
        }
    }

    /** Push times to the millisecond: the store may keep nanoseconds, which only clutter the JSON. */
    static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    static String kindName(ImageSummary.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    static List<String> platformNames(List<Platform> platforms) {
        return platforms.stream().map(Platform::toString).toList();
    }

    private static <K, V> Map<K, V> emptyToNull(Map<K, V> map) {
        return map == null || map.isEmpty() ? null : map;
    }
}
