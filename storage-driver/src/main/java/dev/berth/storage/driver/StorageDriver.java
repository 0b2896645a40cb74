package dev.berth.storage.driver;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The few primitives the registry needs from a place that keeps bytes: the local filesystem, S3.
 * Paths are slash-separated and relative to the driver's root; callers build them only from
 * validated names and digests (see {@code StorageLayout}), never from raw request input.
 *
 * <p>Every method either completes or leaves the store as it was: {@link #write} and
 * {@link #publish} are atomic, so a crash leaves the old or the new value, never a torn one.
 */
public interface StorageDriver {

    /**
     * Contents of a small file (links, upload state, manifests), or empty if there is none. Data
     * written through {@link #append} is read back only through {@link #open} and {@link #publish}.
     */
    Optional<byte[]> read(String path);

    /** Replaces a small file atomically and durably. */
    void write(String path, byte[] content);

    /**
     * Size and last write of a file, or empty if there is no such file (a folder is not one). Size
     * and time come from one look at the store, so callers needing both ask once.
     */
    Optional<FileStat> stat(String path);

    /** Opens a file for streaming reads; the caller closes it. Throws {@link ContentMissingException} if absent. */
    ContentReader open(String path);

    /**
     * Names of the direct children of a folder, in no particular order; empty if it does not exist.
     * Every file whose write finished before the call began is listed, whatever else is being
     * written there meanwhile: replicas sharing a store decide who holds a queue item by it.
     */
    List<String> list(String folder);

    /** Whether a file or folder exists at the path; for a file, {@link #stat} says as much in one request. */
    boolean exists(String path);

    /** Deletes a file or a whole folder; deleting what is not there is not an error. */
    void delete(String path);

    /**
     * Deletes one small file written by {@link #write}; cheaper than {@link #delete} where the
     * store tells files from folders only by listing (S3). Deleting what is not there is not an error.
     * A folder the file leaves empty may go too; nothing a concurrent writer put in it does.
     */
    default void deleteFile(String path) {
        delete(path);
    }

    /**
     * Opens an upload's data for appending at {@code offset}, which must be 0 or a point where an
     * earlier writer committed. Whatever was committed after {@code offset} (by a write that failed
     * before its state was recorded) is discarded first.
     */
    AppendingWriter append(String path, long offset);

    /**
     * Makes a fully written upload's data appear at {@code target} in one step. A file already there
     * is replaced or, since content-addressed targets hold the same bytes, may be kept (S3 keeps it
     * rather than leave two copies). The source is gone afterwards, and the target is durable.
     */
    void publish(String source, String target);

    /**
     * A URL from which a client may fetch the file directly, bypassing the registry, when the driver
     * is set up to hand them out (S3 presigned URLs); empty otherwise.
     */
    default Optional<URI> directDownload(String path) {
        return Optional.empty();
    }
}
