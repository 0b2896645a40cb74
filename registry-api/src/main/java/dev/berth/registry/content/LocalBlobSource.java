package dev.berth.registry.content;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import java.net.URI;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Blobs as the store holds them: a redirect where the store hands out URLs, else an open reader. */
@Component
public class LocalBlobSource implements BlobSource {
    private final RegistryStorage storage;

    public LocalBlobSource(RegistryStorage storage) {
        this.storage = storage;
    }

    @Override
    public BlobReply open(RepositoryName name, Digest digest, boolean withBody) {
        try {
            if (withBody) {
                Optional<URI> direct = storage.blobs().directDownloadIn(name, digest);
                if (direct.isPresent()) {
                    return new BlobReply.Redirect(digest, direct.get());
                }
            }
            return new BlobReply.Stored(digest, storage.blobs().openIn(name, digest));
        } catch (OciException unknown) {
            // The store says so by exception; above the store it is an answer like any other.
            if (unknown.code() != ErrorCode.BLOB_UNKNOWN) {
                throw unknown;
            }
            return new BlobReply.Missing(digest, unknown);
        }
    }
}
