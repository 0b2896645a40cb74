package dev.berth.registry.replication;

import dev.berth.oci.Digest;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;

/** Where a rule copies to: a remote registry, or this registry's store (written as a push would). */
interface ImageDestination {

    /** What the reference names there now: one HEAD. */
    Optional<Digest> resolve(String repository, String reference);

    boolean hasBlob(String repository, Digest digest);

    /**
     * Links a blob the destination already holds into {@code repository} without sending it;
     * {@code from} is a repository there known to have it, or null. False when it cannot.
     */
    boolean mount(String repository, Digest digest, String from);

    /** Sends a blob; the destination checks the bytes against {@code digest}. */
    void putBlob(String repository, Digest digest, long size, Supplier<InputStream> body);

    /** Stores a manifest by digest or tag; every blob and child it names must be there already. */
    void putManifest(String repository, String reference, String contentType, byte[] content);

    /** The repository's tags there; none when the repository is not there. */
    Iterable<String> tags(String repository);

    /** Deletes a tag or manifest; one that is not there is not an error. */
    void delete(String repository, String reference);
}
