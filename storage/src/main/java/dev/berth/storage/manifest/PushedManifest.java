package dev.berth.storage.manifest;

import dev.berth.oci.Digest;
import java.util.Optional;

/** The outcome of a manifest push: its digest, and the subject it refers to, if any. */
public record PushedManifest(Digest digest, Optional<Digest> subject) {
}
