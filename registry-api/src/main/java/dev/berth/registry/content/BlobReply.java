package dev.berth.registry.content;

import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import dev.berth.storage.driver.ContentReader;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

/** What a {@link BlobSource} found for a blob read; the endpoint turns each kind into a response. */
public sealed interface BlobReply {

    Digest digest();

    /** The bytes are in the store: size known, ranges and conditional requests possible. The caller closes it. */
    record Stored(Digest digest, ContentReader content) implements BlobReply {
    }

    /** The client fetches the bytes from elsewhere (a presigned URL of the store). */
    record Redirect(Digest digest, URI location) implements BlobReply {
    }

    /** Known to exist without its bytes at hand: what a {@code HEAD} can say, the size when known. */
    record Described(Digest digest, OptionalLong size) implements BlobReply {
    }

    /**
     * The bytes arrive from elsewhere as they are stored and are passed on as they come; a relay
     * that breaks off after it began leaves the body short of its declared length.
     */
    record Relayed(Digest digest, Relay relay) implements BlobReply {
    }

    /** Not here: {@code reason} is the error the client gets. */
    record Missing(Digest digest, OciException reason) implements BlobReply {
    }

    /** Sends a relayed blob into a sink; returns what is still to be sent (from the store), if anything. */
    @FunctionalInterface
    interface Relay {
        Optional<BlobReply> sendTo(BlobSink sink) throws IOException;
    }
}
