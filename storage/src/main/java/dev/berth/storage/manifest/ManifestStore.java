package dev.berth.storage.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.catalog.RepositoryCatalog;
import dev.berth.storage.index.Indexes;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.lifecycle.TagGuard;
import dev.berth.storage.quota.Charge;
import dev.berth.storage.quota.HeldAs;
import dev.berth.storage.quota.Quotas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * Manifests of a repository: pushed by tag or digest, fetched, deleted, and found as referrers.
 * Content is kept in the blob store; the repository holds revision links, tags and a referrers index.
 * Writes go in an order that never leaves a tag or referrer pointing at a missing revision.
 */
public final class ManifestStore {
    /** The spec's recommended minimum that registries accept; larger pushes are refused. */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final BlobStore blobs;
    private final TagStore tags;
    private final ManifestRevisions revisions;
    private final ReferrerIndex referrers;
    private final ManifestValidator validator;
    private final RepositoryCatalog catalog;
    private final TagGuard guard;
    private final Quotas quotas;

    public ManifestStore(StorageDriver driver, BlobStore blobs, TagStore tags, RepositoryCatalog catalog, Indexes indexes,
                         TagGuard guard, Quotas quotas) {
        this.guard = guard;
        this.quotas = quotas;
        this.blobs = blobs;
        this.tags = tags;
        this.catalog = catalog;
        this.revisions = new ManifestRevisions(driver, indexes);
        this.referrers = new ReferrerIndex(driver);
        this.validator = new ManifestValidator(blobs, revisions);
    }

    public PushedManifest put(RepositoryName name, Reference reference, String contentType, byte[] content) {
        return put(name, reference, List.of(), contentType, content);
    }

    /**
     * Pushes a manifest and points the reference (if a tag) and every one of {@code moreTags} at it,
     * as {@code PUT .../manifests/<digest>?tag=a&tag=b} asks. The tags are set only after the
     * manifest is complete.
     */
    public PushedManifest put(RepositoryName name, Reference reference, List<Tag> moreTags, String contentType,
                              byte[] content) {
        Digest digest = digestOf(reference, content);
        ManifestDocument document = ManifestDocument.parse(content);
        validator.validate(name, contentType, document);
        Optional<Digest> subject = Optional.ofNullable(document.subject()).map(Descriptor::parsedDigest);
        // Asked before anything is written, so a refused push leaves no trace. A concurrent push of
        // the same new tag can still win the race; the guard only protects tags that already exist.
        Map<Tag, Digest> moved = new LinkedHashMap<>();
        if (reference instanceof Reference.ByTag byTag) {
            checkMove(name, byTag.tag(), digest, moved);
        }
        moreTags.forEach(tag -> checkMove(name, tag, digest, moved));
        // Also before anything is written. The blobs it names are in the repository already (the
        // validator checked), so only the manifest itself can be new to the quota's scope.
        Charge charge = quotas.admit(name, HeldAs.MANIFEST, digest, content.length);
        try {
            blobs.putSmall(content, digest.digestAlgorithm());
            revisions.add(name, digest);
            catalog.manifestAdded(name);
            subject.ifPresent(s -> referrers.add(name, s, digest));
            if (!validator.blobsStillPresent(name, document)) {
                subject.ifPresent(s -> referrers.remove(name, s, digest));
                revisions.remove(name, digest);
                throw new OciException(ErrorCode.MANIFEST_BLOB_UNKNOWN,
                        "a blob the manifest references was removed while it was pushed; push it again");
            }
        } catch (RuntimeException e) {
            charge.undo();
            throw e;
        }
        if (reference instanceof Reference.ByTag byTag) {
            tags.point(name, byTag.tag(), digest);
        }
        for (Tag tag : moreTags) {
            tags.point(name, tag, digest);
        }
        return new PushedManifest(digest, subject, moved);
    }

    /** The content's digest, once it is small enough and matches a digest reference. */
    private static Digest digestOf(Reference reference, byte[] content) {
        if (content.length > MAX_MANIFEST_BYTES) {
            throw new ManifestTooLargeException(content.length);
        }
        // Pushed by digest, the manifest is stored under that digest's algorithm (sha256 or sha512).
        DigestAlgorithm algorithm = reference instanceof Reference.ByDigest byDigest
                ? byDigest.digest().digestAlgorithm() : DigestAlgorithm.SHA256;
        Digest digest = algorithm.digest(content);
        if (reference instanceof Reference.ByDigest byDigest && !byDigest.digest().equals(digest)) {
            throw new OciException(ErrorCode.DIGEST_INVALID, "manifest digest does not match its content",
                    Map.of("expected", byDigest.digest().toString(), "actual", digest.toString()));
        }
        return digest;
    }

    /** Asks the guard about a tag that exists, and notes where it pointed when it moves (for the audit trail). */
    private void checkMove(RepositoryName name, Tag tag, Digest next, Map<Tag, Digest> moved) {
        tags.resolve(name, tag).ifPresent(current -> {
            guard.beforeMove(name, tag, current, next);
            if (!current.equals(next)) {
                moved.put(tag, current);
            }
        });
    }

    /**
     * Stores a manifest a mirror fetched from its upstream: verified against its own digest (and a
     * digest reference), well-formed and of a supported type, but, unlike a push, the blobs and child
     * manifests it names need not be here: a pull-through cache fetches those when they are pulled.
     */
    public Digest putCached(RepositoryName name, Reference reference, String contentType, byte[] content) {
        Digest digest = digestOf(reference, content);
        ManifestDocument document = ManifestDocument.parse(content);
        ManifestValidator.mediaType(contentType, document);
        if (document.schemaVersion() == null || document.schemaVersion() != 2) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, "schemaVersion must be 2");
        }
        // A pattern covering a cache's repositories limits what it caches, as it limits pushes.
        Charge charge = quotas.admit(name, HeldAs.MANIFEST, digest, content.length);
        try {
            blobs.putSmall(content, digest.digestAlgorithm());
            revisions.add(name, digest);
        } catch (RuntimeException e) {
            charge.undo();
            throw e;
        }
        catalog.manifestAdded(name);
        Optional.ofNullable(document.subject()).map(Descriptor::parsedDigest)
                .ifPresent(subject -> referrers.add(name, subject, digest));
        if (reference instanceof Reference.ByTag byTag) {
            tags.point(name, byTag.tag(), digest);
        }
        return digest;
    }

    /** Whether the repository holds the manifest. */
    public boolean contains(RepositoryName name, Digest digest) {
        return revisions.exists(name, digest);
    }

    /** When the manifest was pushed to the repository (its revision link's time); empty if it holds none. */
    public Optional<Instant> pushedAt(RepositoryName name, Digest digest) {
        return revisions.linkedAt(name, digest);
    }

    /** Whether the repository has a revision link for the manifest, readable or not (integrity check). */
    public boolean hasRevisionLink(RepositoryName name, Digest digest) {
        return revisions.linked(name, digest);
    }

    /**
     * Removes a revision whose content is gone (integrity repair), leaving its tags, referrer links
     * and quota records to the rest of the repair and to garbage collection.
     */
    public void discardRevision(RepositoryName name, Digest digest) {
        revisions.remove(name, digest);
    }

    public StoredManifest get(RepositoryName name, Reference reference) {
        Digest digest = resolve(name, reference);
        byte[] content;
        try {
            content = blobs.readSmall(digest);
        } catch (OciException e) {
            throw unknown(reference);
        }
        return new StoredManifest(digest, ManifestDocument.parse(content).effectiveMediaType(), content);
    }

    /** Deleting by tag removes only the tag; deleting by digest removes the manifest and its tags. */
    public void delete(RepositoryName name, Reference reference) {
        if (reference instanceof Reference.ByTag byTag) {
            if (tags.resolve(name, byTag.tag()).isPresent()) {
                guard.beforeDelete(name, byTag.tag());
            }
            if (!tags.remove(name, byTag.tag())) {
                throw unknown(reference);
            }
            catalog.removeIfEmpty(name);
            return;
        }
        Digest digest = ((Reference.ByDigest) reference).digest();
        StoredManifest manifest = get(name, reference);
        for (String tag : tags.list(name)) {
            Tag each = new Tag(tag);
            if (tags.resolve(name, each).filter(digest::equals).isPresent()) {
                guard.beforeDelete(name, each);
            }
        }
        Optional.ofNullable(ManifestDocument.parse(manifest.content()).subject())
                .map(Descriptor::parsedDigest)
                .ifPresent(subject -> referrers.remove(name, subject, digest));
        tags.removePointingAt(name, digest);
        revisions.remove(name, digest);
        quotas.released(name, HeldAs.MANIFEST, digest);
        catalog.removeIfEmpty(name);
    }

    /**
     * Removes everything the repository holds: tags, manifests, referrer links and blob links, so it
     * leaves the catalog. Blobs stay until garbage collection frees those no other repository uses.
     * Refused before anything is removed when an immutable tag protects one of its tags; a push that
     * lands meanwhile may keep what it wrote.
     *
     * @return the manifests removed, in digest order
     */
    public List<Digest> deleteRepository(RepositoryName name) {
        List<Tag> all = tags.list(name).stream().map(Tag::new).toList();
        all.forEach(tag -> guard.beforeDelete(name, tag));
        all.forEach(tag -> tags.remove(name, tag));
        List<Digest> removed = revisions.list(name);
        removed.forEach(digest -> {
            revisions.remove(name, digest);
            quotas.released(name, HeldAs.MANIFEST, digest);
        });
        referrers.removeAll(name);
        blobs.unlinkAll(name);
        catalog.removeIfEmpty(name);
        return removed;
    }

    /**
     * Removes a manifest known to have no tags (a retention run just checked), without the scan of
     * every tag that {@link #delete} makes to remove tags pointing at it.
     */
    public void deleteUntagged(RepositoryName name, Digest digest) {
        Optional.ofNullable(document(digest).subject())
                .map(Descriptor::parsedDigest)
                .ifPresent(subject -> referrers.remove(name, subject, digest));
        revisions.remove(name, digest);
        quotas.released(name, HeldAs.MANIFEST, digest);
        catalog.removeIfEmpty(name);
    }

    /**
     * Descriptors of the manifests whose subject is {@code subject}, optionally only those of one
     * artifact type. A subject nobody refers to yields an empty list, not an error.
     */
    public List<Descriptor> referrers(RepositoryName name, Digest subject, String artifactType) {
        List<Descriptor> found = new ArrayList<>();
        for (Digest referrer : referrers.referrersOf(name, subject)) {
            if (!revisions.exists(name, referrer)) {
                continue;
            }
            byte[] content = blobs.readSmall(referrer);
            ManifestDocument document = ManifestDocument.parse(content);
            String type = document.effectiveArtifactType();
            if (artifactType == null || artifactType.equals(type)) {
                found.add(Descriptor.of(document.effectiveMediaType(), referrer, content.length, type,
                        document.annotations()));
            }
        }
        return found;
    }

    /** Every manifest the repository holds, tagged or not: for repositories known to be small. */
    public List<Digest> revisions(RepositoryName name) {
        return revisions.list(name);
    }

    /** How many manifests the repository holds, from its index. */
    public long count(RepositoryName name) {
        return revisions.count(name);
    }

    /** Every manifest the repository holds, in digest order, read a page at a time. */
    public Iterable<Digest> allRevisions(RepositoryName name) {
        return revisions.all(name);
    }

    /** Rebuilds the repository's manifest index from its revision links (repair). */
    public void rebuildIndex(RepositoryName name) {
        revisions.rebuildIndex(name);
    }

    /** The manifests in the repository whose subject is {@code subject}. */
    /** Whether any manifest of the repository may have referrers; false spares asking each manifest. */
    public boolean mayHaveReferrers(RepositoryName name) {
        return referrers.any(name);
    }

    /**
     * The manifests of the repository that something may refer to, read at once instead of asking
     * each manifest (a listing each on S3); {@link #referrersOf} tells which referrers still exist.
     */
    public Set<Digest> subjectsWithReferrers(RepositoryName name) {
        return referrers.subjects(name);
    }

    public List<Digest> referrersOf(RepositoryName name, Digest subject) {
        return referrers.referrersOf(name, subject).stream().filter(d -> revisions.exists(name, d)).toList();
    }

    /** The parsed content of a stored manifest. */
    public ManifestDocument document(Digest digest) {
        return ManifestDocument.parse(blobs.readSmall(digest));
    }

    /** The digest a tag or digest reference names in the repository; {@code MANIFEST_UNKNOWN} otherwise. */
    public Digest resolve(RepositoryName name, Reference reference) {
        if (reference instanceof Reference.ByTag byTag) {
            return tags.resolve(name, byTag.tag())
                    .filter(digest -> revisions.exists(name, digest))
                    .orElseThrow(() -> unknown(reference));
        }
        Digest digest = ((Reference.ByDigest) reference).digest();
        if (!revisions.exists(name, digest)) {
            throw unknown(reference);
        }
        return digest;
    }

    private static OciException unknown(Reference reference) {
        return new OciException(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to registry",
                Map.of("reference", reference.toString()));
    }
}
