package dev.berth.registry.content;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;

/** Where a relayed blob goes: the response of the read that asked for it. */
public interface BlobSink {

    /** Begins the whole blob, of this length, and returns the stream for its bytes. */
    OutputStream begin(Digest digest, long length) throws IOException;

    /** Whether anything was sent already, so that the read can no longer answer with an error. */
    boolean committed();

    /** Takes back what {@link #begin} set up, before anything was sent. */
    void reset();
}
