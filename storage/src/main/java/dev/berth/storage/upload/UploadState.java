package dev.berth.storage.upload;

import dev.berth.oci.Digest;
import java.time.Instant;

/**
 * What the store remembers of an upload between requests: how many bytes are durable, since when,
 * and, once its digest is verified, the blob its data is being published as.
 */
record UploadState(long offset, Instant startedAt, Digest published) {

    UploadState publishedAs(Digest digest) {
        return new UploadState(offset, startedAt, digest);
    }
}
