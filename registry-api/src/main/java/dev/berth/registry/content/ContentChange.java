package dev.berth.registry.content;

import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.manifest.PushedManifest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * What happened to a registry's content, published as a Spring application event by whoever did it
 * (the API, the browse API, retention) and heard by whoever keeps track (the audit trail, webhook
 * notifications), so neither side knows the other's classes. Listeners run in the publishing
 * thread, in their {@code @Order}, as direct calls did.
 */
public sealed interface ContentChange {

    /** A manifest pushed under {@code reference}, and tagged with {@code moreTags} too ({@code ?tag=}). */
    record ManifestPushed(HttpServletRequest request, RepositoryName name, Reference reference, List<Tag> moreTags,
                          PushedManifest pushed, String mediaType, long size) implements ContentChange {
    }

    record ManifestPulled(HttpServletRequest request, RepositoryName name, Reference reference, Digest digest,
                          String mediaType, long size) implements ContentChange {
    }

    /**
     * A manifest deleted by digest (with its tags), or a tag alone; {@code tagged} is the digest the
     * tag pointed at, when the caller knew it (null otherwise).
     */
    record ManifestDeleted(HttpServletRequest request, RepositoryName name, Reference reference, Digest tagged)
            implements ContentChange {
    }

    record BlobDeleted(HttpServletRequest request, RepositoryName name, Digest digest) implements ContentChange {
    }

    /** A whole repository removed, with the digests of the manifests it held. */
    record RepositoryDeleted(HttpServletRequest request, RepositoryName name, List<Digest> manifests)
            implements ContentChange {
    }

    /** A tag (or, {@code tag} null, an untagged manifest) a retention policy removed; no request behind it. */
    record RemovedByPolicy(RepositoryName name, String tag, Digest digest) implements ContentChange {
        /** The actor named for such removals. */
        public static final String ACTOR = "retention-policy";
    }

    /**
     * A manifest a replication rule pulled in from another registry: recorded and announced as a
     * push, with no request behind it. Replication's own on-push rules do not hear it, so two sites
     * copying to each other do not copy back and forth.
     */
    record ReplicatedIn(RepositoryName name, Reference reference, PushedManifest pushed, String mediaType, long size)
            implements ContentChange {
        /** The actor named for such pushes. */
        public static final String ACTOR = "replication";
    }
}
