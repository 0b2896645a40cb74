package dev.berth.storage.browse;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.Page;
import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.browse.ImageSummary.StoredBlob;
import dev.berth.storage.catalog.RepositoryCatalog;
import dev.berth.storage.manifest.ManifestStore;
import dev.berth.storage.manifest.TagLink;
import dev.berth.storage.manifest.TagStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The read model behind the browse API and web UI: what is in the registry, how big, built when,
 * for which platforms, signed or not. Reads only through the stores; knows nothing of callers or
 * permissions (the caller passes only repositories it may see).
 */
public final class RegistryBrowser {
    /** Summaries kept in memory; each is a few hundred bytes. */
    public static final int DEFAULT_CACHE_SIZE = 20_000;

    private final RepositoryCatalog catalog;
    private final TagStore tags;
    private final ManifestStore manifests;
    private final ImageReader images;
    private final RowReader rows = new RowReader();

    public RegistryBrowser(RepositoryCatalog catalog, TagStore tags, ManifestStore manifests, BlobStore blobs) {
        this.catalog = catalog;
        this.tags = tags;
        this.manifests = manifests;
        this.images = new ImageReader(manifests, blobs, DEFAULT_CACHE_SIZE);
    }

    /** Every repository name, sorted, read a page at a time. */
    public Iterable<String> repositories() {
        return catalog.all();
    }

    /** Whether the repository is in the catalog: one whose images were all deleted is not. */
    public boolean exists(RepositoryName name) {
        return catalog.listed(name);
    }

    /** Summaries of several repositories, read side by side. */
    public List<RepositorySummary> summaries(List<RepositoryName> names) {
        return rows.map(names, this::summary);
    }

    /** Tag count and last push of a repository, from its tag index: no walk over its tags. */
    public RepositorySummary summary(RepositoryName name) {
        var stats = tags.stats(name);
        return new RepositorySummary(name.value(), (int) stats.count(), stats.lastAdded().orElse(null));
    }

    /**
     * One page of the repository's tags with what each manifest holds, sorted by tag, after
     * {@code last} (null: from the first). A tag whose manifest is gone (deleted meanwhile) is left out.
     */
    public Page<TagDetails> tags(RepositoryName name, String last, int limit) {
        Page<String> page = tags.page(name, last, limit);
        Map<Digest, List<String>> referrerTypes = new java.util.concurrent.ConcurrentHashMap<>();
        // Most repositories (CI builds) have no referrers: one listing then spares one per row.
        boolean mayHaveReferrers = !page.items().isEmpty() && manifests.mayHaveReferrers(name);
        List<Optional<TagDetails>> details = rows.map(page.items(), tagName -> {
            try {
                Optional<TagLink> link = tags.link(name, new Tag(tagName));
                if (link.isEmpty()) {
                    return Optional.<TagDetails>empty();
                }
                Digest digest = manifests.resolve(name, new Reference.ByDigest(link.get().manifest()));
                ImageSummary image = images.summaryOf(name, digest);
                List<String> types = mayHaveReferrers
                        ? referrerTypes.computeIfAbsent(digest, d -> referrerTypes(name, d)) : List.of();
                return Optional.of(new TagDetails(tagName, link.get().pushedAt().orElse(null), image, types));
            } catch (OciException e) {
                return Optional.empty(); // the tag was deleted or its manifest removed while we listed
            }
        });
        return new Page<>(details.stream().flatMap(Optional::stream).toList(), page.hasMore());
    }

    /** Every tag of the repository with what its manifest holds: for repositories known to be small. */
    public List<TagDetails> tags(RepositoryName name) {
        return tags(name, null, Integer.MAX_VALUE).items();
    }

    /** One manifest in detail, by tag or digest; {@code MANIFEST_UNKNOWN} when the repository lacks it. */
    public ImageDetail image(RepositoryName name, Reference reference) {
        Digest digest = manifests.resolve(name, reference);
        List<String> pointing = new ArrayList<>();
        for (String tag : tags.all(name)) {
            if (tags.resolve(name, new Tag(tag)).filter(digest::equals).isPresent()) {
                pointing.add(tag);
            }
        }
        return images.detail(name, new Reference.ByDigest(digest), pointing);
    }

    /**
     * Storage used by the manifests of these repositories and everything they reference: per
     * repository, and overall with blobs shared between images and repositories counted once.
     */
    public StorageUse use(List<RepositoryName> names) {
        Map<Digest, Long> all = new HashMap<>();
        List<StorageUse.RepositoryUse> repositories = new ArrayList<>();
        long sizeOfRepositories = 0;
        for (RepositoryName name : names) {
            Map<Digest, Long> own = new HashMap<>();
            int count = 0;
            for (Digest digest : manifests.allRevisions(name)) {
                Optional<ImageSummary> summary = summaryIfPresent(name, digest);
                if (summary.isPresent()) {
                    count++;
                    for (StoredBlob blob : summary.get().blobs()) {
                        own.putIfAbsent(blob.digest(), blob.size());
                    }
                }
            }
            long size = own.values().stream().mapToLong(Long::longValue).sum();
            sizeOfRepositories += size;
            all.putAll(own);
            repositories.add(new StorageUse.RepositoryUse(name.value(), size, own.size(), count));
        }
        repositories.sort(Comparator.comparingLong(StorageUse.RepositoryUse::size).reversed()
                .thenComparing(StorageUse.RepositoryUse::name));
        long total = all.values().stream().mapToLong(Long::longValue).sum();
        return new StorageUse(total, all.size(), sizeOfRepositories, repositories);
    }

    private Optional<ImageSummary> summaryIfPresent(RepositoryName name, Digest digest) {
        try {
            return Optional.of(images.summaryOf(name, digest));
        } catch (OciException e) {
            return Optional.empty();
        }
    }

    private List<String> referrerTypes(RepositoryName name, Digest digest) {
        TreeSet<String> types = new TreeSet<>();
        for (Descriptor referrer : manifests.referrers(name, digest, null)) {
            types.add(Objects.requireNonNullElse(referrer.artifactType(), referrer.mediaType()));
        }
        return List.copyOf(types);
    }
}
