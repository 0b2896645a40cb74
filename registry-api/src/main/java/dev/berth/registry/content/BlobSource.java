package dev.berth.registry.content;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;

/**
 * Where the bytes of a blob read come from. {@link LocalBlobSource} answers from the store; the
 * pull-through mirror's source is a blob source too, answering from the store what it holds and
 * from its upstream the rest, so the blob endpoint renders whatever it is given and never asks
 * which repositories are mirrors.
 */
public interface BlobSource {

    /**
     * The blob as a {@code GET} ({@code withBody}) or {@code HEAD} of it in the repository is to be
     * answered. A {@link BlobReply.Stored} reply holds an open reader the caller closes.
     */
    BlobReply open(RepositoryName name, Digest digest, boolean withBody);
}
