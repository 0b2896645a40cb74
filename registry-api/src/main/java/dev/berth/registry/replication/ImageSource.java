package dev.berth.registry.replication;

import dev.berth.oci.Digest;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Where a rule copies from: this registry's store, or a remote registry. */
interface ImageSource {

    /** A manifest's bytes and the media type they were stored or served with. */
    record Manifest(byte[] content, String contentType) {
    }

    /** What the reference (tag or digest) names now; empty when nothing. */
    Optional<Digest> resolve(String repository, String reference);

    Optional<Manifest> manifest(String repository, Digest digest);

    /** The blob's bytes as a stream; the caller closes it. */
    InputStream openBlob(String repository, Digest digest);

    /** Manifests whose subject is {@code subject} (signatures, SBOMs). */
    List<Digest> referrers(String repository, Digest subject);

    /** Repository names, for a rule's globs to choose from. */
    Iterable<String> repositories();

    Iterable<String> tags(String repository);
}
