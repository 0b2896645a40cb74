package dev.berth.storage.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.Tag;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a manifest push: its digest, the subject it refers to, if any, and the tags it
 * moved away from another manifest, each with the digest it pointed at before.
 */
public record PushedManifest(Digest digest, Optional<Digest> subject, Map<Tag, Digest> moved) {

    public PushedManifest {
        moved = Map.copyOf(moved);
    }

    public PushedManifest(Digest digest, Optional<Digest> subject) {
        this(digest, subject, Map.of());
    }
}
