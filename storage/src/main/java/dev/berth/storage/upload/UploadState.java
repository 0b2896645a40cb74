package dev.berth.storage.upload;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.time.Instant;

/**
 * What the store remembers of an upload between requests: how many bytes are durable, since when,
 * the digest algorithm the client announced ({@code digest-algorithm}; null means sha256, as in
 * sessions written before there was a choice), and, once its digest is verified, the blob its data
 * is being published as.
 */
record UploadState(long offset, Instant startedAt, Digest published, String algorithm) {

    UploadState publishedAs(Digest digest) {
        return new UploadState(offset, startedAt, digest, algorithm);
    }

    UploadState at(long newOffset) {
        return new UploadState(newOffset, startedAt, null, algorithm);
    }

    DigestAlgorithm digestAlgorithm() {
        return algorithm == null ? DigestAlgorithm.SHA256 : DigestAlgorithm.parse(algorithm);
    }
}
