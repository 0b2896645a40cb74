package dev.berth.storage;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;

/**
 * Where each piece of state lives in the store. Every path is built here from validated value
 * types, so no request string ever reaches a driver path unchecked.
 *
 * <pre>
 * blobs/sha256/&lt;2 hex&gt;/&lt;hex&gt;/data                               content, stored once
 * blobs/sha256/&lt;2 hex&gt;/&lt;hex&gt;/lastused                           when it was last relied on (GC grace)
 * repositories/&lt;name&gt;/_layers/sha256/&lt;hex&gt;/link                  the repository may serve that blob
 * repositories/&lt;name&gt;/_manifests/revisions/sha256/&lt;hex&gt;/link
 * repositories/&lt;name&gt;/_manifests/revisions/sha256/&lt;hex&gt;/lastpulled    mirrored repositories: last pull (cache expiry)
 * repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/current/link
 * repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/checked             mirrored repositories: last upstream check
 * repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/lastpulled          last pull by that tag (retention's not-pulled-for)
 * repositories/&lt;name&gt;/_manifests/referrers/sha256/&lt;subject hex&gt;/sha256/&lt;hex&gt;/link
 * repositories/&lt;name&gt;/_uploads/&lt;id&gt;/{data,state}
 * repositories/&lt;name&gt;/_index/tags/...                          sorted index of the tags (see SortedIndex)
 * repositories/&lt;name&gt;/_index/revisions/...                     sorted index of the manifests
 * indexes/repositories/...                                          sorted index of the repositories
 * quotas/&lt;scope&gt;/holdings/sha256/&lt;2 hex&gt;/&lt;hex&gt;/&lt;b|m&gt;-&lt;name&gt;     which repositories of a quota hold a digest
 * quotas/&lt;scope&gt;/usage/...                                       a quota's usage in bytes (see UsageLedger)
 * audit/&lt;yyyy-MM-dd&gt;/&lt;HH&gt;/&lt;mm&gt;-&lt;writer&gt;-&lt;n&gt;.jsonl               the audit trail (see audit.AuditLayout)
 * </pre>
 */
public final class StorageLayout {
    public static final String REPOSITORIES = "repositories";
    public static final String BLOBS = "blobs";
    public static final String LINK = "link";
    /** Folders that mark a repository's own folder, as opposed to a namespace above it. */
    public static final String LAYERS = "_layers";
    public static final String MANIFESTS = "_manifests";
    public static final String UPLOADS = "_uploads";

    private StorageLayout() {
    }

    public static String blobData(Digest digest) {
        return blobFolder(digest) + "/data";
    }

    /** The folder holding a blob's data and its last-used mark. */
    public static String blobFolder(Digest digest) {
        return BLOBS + "/" + digest.algorithm() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    /** The folder of one algorithm's shard folders: {@code blobs/<algorithm>}. */
    public static String blobShards(DigestAlgorithm algorithm) {
        return BLOBS + "/" + algorithm.id();
    }

    /** One shard folder, named by the first two hex digits of its blobs' digests. */
    public static String blobShard(DigestAlgorithm algorithm, String shard) {
        return blobShards(algorithm) + "/" + shard;
    }

    /** The algorithm whose blobs a shard folder from {@link #blobShard} holds. */
    public static String shardAlgorithm(String shard) {
        return shard.substring(BLOBS.length() + 1, shard.lastIndexOf('/'));
    }

    public static String blobLastUsed(Digest digest) {
        return blobFolder(digest) + "/lastused";
    }

    /** Present while a sweep removes the blob (see {@code BlobRemoval}). */
    public static String blobRemoval(Digest digest) {
        return blobFolder(digest) + "/removing";
    }

    public static String repository(RepositoryName name) {
        return REPOSITORIES + "/" + name.value();
    }

    /** The repository's blob links, as {@code <algorithm>/<hex>} folders. */
    public static String layers(RepositoryName name) {
        return repository(name) + "/" + LAYERS;
    }

    public static String layerLink(RepositoryName name, Digest digest) {
        return layerLinkFolder(name, digest) + "/" + LINK;
    }

    public static String layerLinkFolder(RepositoryName name, Digest digest) {
        return layers(name) + "/" + digest.algorithm() + "/" + digest.hex();
    }

    public static String manifests(RepositoryName name) {
        return repository(name) + "/" + MANIFESTS;
    }

    /** The repository's manifests, as {@code <algorithm>/<hex>} folders. */
    public static String revisions(RepositoryName name) {
        return manifests(name) + "/revisions";
    }

    public static String revisionLink(RepositoryName name, Digest digest) {
        return revisionFolder(name, digest) + "/" + LINK;
    }

    public static String revisionFolder(RepositoryName name, Digest digest) {
        return revisions(name) + "/" + digest.algorithm() + "/" + digest.hex();
    }

    /** When a cached manifest was last pulled from a mirrored repository. */
    public static String revisionLastPulled(RepositoryName name, Digest digest) {
        return revisionFolder(name, digest) + "/lastpulled";
    }

    public static String tags(RepositoryName name) {
        return manifests(name) + "/tags";
    }

    public static String tagFolder(RepositoryName name, Tag tag) {
        return tags(name) + "/" + tag.value();
    }

    public static String tagLink(RepositoryName name, Tag tag) {
        return tagFolder(name, tag) + "/current/" + LINK;
    }

    /** When a mirrored tag was last confirmed against its upstream. */
    public static String tagChecked(RepositoryName name, Tag tag) {
        return tagFolder(name, tag) + "/checked";
    }

    /** When a client last pulled by the tag. */
    public static String tagLastPulled(RepositoryName name, Tag tag) {
        return tagFolder(name, tag) + "/lastpulled";
    }

    /** The folder of every subject in the repository that has referrers, by algorithm. */
    public static String referrers(RepositoryName name) {
        return manifests(name) + "/referrers";
    }

    public static String referrers(RepositoryName name, Digest subject) {
        return referrers(name) + "/" + subject.algorithm() + "/" + subject.hex();
    }

    public static String referrerLinkFolder(RepositoryName name, Digest subject, Digest referrer) {
        return referrers(name, subject) + "/" + referrer.algorithm() + "/" + referrer.hex();
    }

    public static String referrerLink(RepositoryName name, Digest subject, Digest referrer) {
        return referrerLinkFolder(name, subject, referrer) + "/" + LINK;
    }

    /** The sorted index of a repository's tags. */
    public static String tagIndex(RepositoryName name) {
        return repository(name) + "/_index/tags";
    }

    /** The sorted index of a repository's manifests, by digest. */
    public static String revisionIndex(RepositoryName name) {
        return repository(name) + "/_index/revisions";
    }

    /** The sorted index of the store's repositories. */
    public static String repositoryIndex() {
        return "indexes/repositories";
    }

    /** The state of one quota's scope, named by {@code Quota.scopeId()}. */
    public static String quota(String scopeId) {
        return "quotas/" + scopeId;
    }

    /** Which repositories of a quota's scope hold each digest (see {@code ScopeHoldings}). */
    public static String quotaHoldings(String scopeId) {
        return quota(scopeId) + "/holdings";
    }

    /** The records of a quota's scope holding one digest, sharded as the blob store is. */
    public static String quotaHolding(String holdings, Digest digest) {
        return holdings + "/" + digest.algorithm() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    /** A quota's usage in bytes (see {@code UsageLedger}). */
    public static String quotaUsage(String scopeId) {
        return quota(scopeId) + "/usage";
    }

    /** The repository's upload sessions, one folder each. */
    public static String uploads(RepositoryName name) {
        return repository(name) + "/" + UPLOADS;
    }

    public static String upload(RepositoryName name, UploadId id) {
        return uploads(name) + "/" + id.value();
    }

    public static String uploadData(RepositoryName name, UploadId id) {
        return upload(name, id) + "/data";
    }

    public static String uploadState(RepositoryName name, UploadId id) {
        return upload(name, id) + "/state";
    }
}
