package dev.berth.storage.upload;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.UploadId;
import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.quota.Charge;
import dev.berth.storage.quota.HeldAs;
import dev.berth.storage.quota.QuotaExceededException;
import dev.berth.storage.quota.Quotas;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upload sessions, kept entirely in the store: the data appended so far plus a state record (its
 * offset). The state is rewritten atomically only after the data it describes is committed, so a
 * killed or restarted process leaves a session that continues from its last recorded offset, on
 * this replica or another. A blob becomes visible only in {@link #complete}, after its digest is
 * verified over the stored bytes and the publish has made them durable; a power cut mid-session
 * may cost the session (its data shorter than recorded, or failing that check), never a blob.
 */
public final class UploadStore {
    private static final int COPY_BUFFER = 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StorageDriver driver;
    private final BlobStore blobs;
    private final Clock clock;
    private final RunningDigests digests;
    private final Quotas quotas;
    /** Serialises requests to one session within this process; sessions are addressed by one client. */
    private final ReentrantLock[] locks = new ReentrantLock[64];

    public UploadStore(StorageDriver driver, BlobStore blobs, Clock clock, Quotas quotas) {
        this.driver = driver;
        this.quotas = quotas;
        this.blobs = blobs;
        this.clock = clock;
        this.digests = new RunningDigests(driver);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public UploadStatus start(RepositoryName name) {
        return start(name, DigestAlgorithm.SHA256);
    }

    /** Starts a session whose data is hashed with {@code algorithm} as it arrives. */
    public UploadStatus start(RepositoryName name, DigestAlgorithm algorithm) {
        UploadId id = UploadId.random();
        saveState(name, id, new UploadState(0, clock.instant(), null, algorithm.id()));
        return new UploadStatus(id, 0);
    }

    public UploadStatus status(RepositoryName name, UploadId id) {
        return new UploadStatus(id, loadState(name, id).offset());
    }

    /**
     * Appends a chunk. With {@code expectedStart}, the chunk must begin at the session's current
     * offset ({@link OutOfOrderChunkException} otherwise); with {@code expectedLength}, the body must be exactly
     * that long ({@code SIZE_INVALID} otherwise, and nothing is recorded).
     */
    public UploadStatus append(RepositoryName name, UploadId id, OptionalLong expectedStart,
                               OptionalLong expectedLength, InputStream body) {
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            UploadState state = loadState(name, id);
            if (expectedStart.isPresent() && expectedStart.getAsLong() != state.offset()) {
                throw new OutOfOrderChunkException(id, state.offset());
            }
            MessageDigest digest = digests.resume(name, id, state.offset(), state.digestAlgorithm());
            UploadState next = write(name, id, state, digest, expectedLength, body);
            saveState(name, id, next);
            digests.remember(id, next.offset(), state.digestAlgorithm(), digest);
            return new UploadStatus(id, next.offset());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends an optional last chunk, verifies the whole upload against {@code expected}, then
     * publishes it as a blob linked into the repository. On a mismatch the session is discarded
     * and nothing is stored.
     */
    public Digest complete(RepositoryName name, UploadId id, Digest expected, OptionalLong expectedLength,
                           InputStream lastChunk) {
        return complete(name, id, expected, OptionalLong.empty(), expectedLength, lastChunk).digest();
    }

    /** A completed upload: the blob, and when its session started (for the upload's duration). */
    public record Completed(Digest digest, Instant startedAt) {
    }

    /**
     * {@link #complete(RepositoryName, UploadId, Digest, OptionalLong, InputStream)} with a last chunk
     * that, with {@code expectedStart}, must begin at the session's current offset
     * ({@link OutOfOrderChunkException} otherwise). The session's state is read once for all of it.
     */
    public Completed complete(RepositoryName name, UploadId id, Digest expected, OptionalLong expectedStart,
                              OptionalLong expectedLength, InputStream lastChunk) {
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            UploadState state = loadState(name, id);
            if (expectedStart.isPresent() && expectedStart.getAsLong() != state.offset()) {
                throw new OutOfOrderChunkException(id, state.offset());
            }
            return new Completed(completeLocked(name, id, state, expected, expectedLength, lastChunk), state.startedAt());
        } finally {
            lock.unlock();
        }
    }

    private Digest completeLocked(RepositoryName name, UploadId id, UploadState state, Digest expected,
                                  OptionalLong expectedLength, InputStream lastChunk) {
        if (state.published() != null) {
            return finishInterruptedCompletion(name, id, state.published(), expected);
        }
        // Hashed as the client's digest says; a session announced with another algorithm is re-read.
        DigestAlgorithm algorithm = expected.digestAlgorithm();
        MessageDigest digest = digests.resume(name, id, state.offset(), algorithm);
        UploadState written = write(name, id, state, digest, expectedLength, lastChunk);
        Digest actual = algorithm.digestOf(digest.digest());
        if (!actual.equals(expected)) {
            driver.delete(StorageLayout.upload(name, id));
            throw new OciException(ErrorCode.DIGEST_INVALID, "provided digest did not match uploaded content",
                    Map.of("expected", expected.toString(), "actual", actual.toString()));
        }
        // Asked before the blob appears: a refused upload leaves neither the blob nor a link.
        Charge charge = admit(name, id, expected, written.offset());
        try {
            // Recorded first, so a retry after a crash mid-publish knows the data moved to the blob store.
            saveState(name, id, written.publishedAs(expected));
            blobs.publish(StorageLayout.uploadData(name, id), expected);
            blobs.link(name, expected);
        } catch (RuntimeException e) {
            charge.undo();
            throw e;
        }
        driver.delete(StorageLayout.upload(name, id));
        return expected;
    }

    private Digest finishInterruptedCompletion(RepositoryName name, UploadId id, Digest published, Digest expected) {
        OptionalLong size = published.equals(expected) ? blobs.size(published) : OptionalLong.empty();
        if (size.isEmpty()) {
            driver.delete(StorageLayout.upload(name, id));
            throw new OciException(ErrorCode.DIGEST_INVALID, "provided digest did not match uploaded content",
                    Map.of("expected", expected.toString(), "actual", published.toString()));
        }
        admit(name, id, published, size.getAsLong());
        blobs.link(name, published);
        driver.delete(StorageLayout.upload(name, id));
        return published;
    }

    /** Charges the repository's quotas for the blob; when refused, the session goes and nothing stays. */
    private Charge admit(RepositoryName name, UploadId id, Digest digest, long size) {
        try {
            return quotas.admit(name, HeldAs.BLOB, digest, size);
        } catch (QuotaExceededException e) {
            digests.forget(id);
            driver.delete(StorageLayout.upload(name, id));
            throw e;
        }
    }

    /** Sessions of the repository still in the store. */
    public List<UploadId> sessions(RepositoryName name) {
        List<UploadId> ids = new ArrayList<>();
        for (String id : driver.list(StorageLayout.uploads(name))) {
            try {
                ids.add(new UploadId(id));
            } catch (OciException notASession) {
                // stray entry
            }
        }
        return ids;
    }

    /** When the session started; empty when its state is gone or unreadable (a torn session). */
    public Optional<Instant> startedAt(RepositoryName name, UploadId id) {
        try {
            return Optional.of(loadState(name, id).startedAt());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes a session's data and state (and, on S3, its unfinished multipart uploads). */
    public void remove(RepositoryName name, UploadId id) {
        digests.forget(id);
        driver.delete(StorageLayout.upload(name, id));
    }

    public void cancel(RepositoryName name, UploadId id) {
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            loadState(name, id);
            digests.forget(id);
            driver.delete(StorageLayout.upload(name, id));
        } finally {
            lock.unlock();
        }
    }

    /** Appends the body after the state's offset, feeding {@code digest}; returns the state to record. */
    private UploadState write(RepositoryName name, UploadId id, UploadState state, MessageDigest digest,
                              OptionalLong expectedLength, InputStream body) {
        long written = 0;
        try (AppendingWriter writer = driver.append(StorageLayout.uploadData(name, id), state.offset())) {
            if (body != null) {
                byte[] buffer = new byte[COPY_BUFFER];
                int read;
                while ((read = readChunk(body, buffer)) > 0) {
                    writer.write(buffer, 0, read);
                    digest.update(buffer, 0, read);
                    written += read;
                }
            }
            if (expectedLength.isPresent() && expectedLength.getAsLong() != written) {
                throw new OciException(ErrorCode.SIZE_INVALID, "chunk length " + written
                        + " does not match the declared length " + expectedLength.getAsLong());
            }
            writer.commit();
        }
        return state.at(state.offset() + written);
    }

    private static int readChunk(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw new UploadInterruptedException("upload body ended early: " + e.getMessage(), e);
        }
    }

    private UploadState loadState(RepositoryName name, UploadId id) {
        byte[] bytes = driver.read(StorageLayout.uploadState(name, id)).orElseThrow(
                () -> new OciException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "blob upload unknown to registry",
                        Map.of("uuid", id.value())));
        try {
            return JSON.readValue(bytes, UploadState.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("upload state of " + id + " is unreadable", e);
        }
    }

    private void saveState(RepositoryName name, UploadId id, UploadState state) {
        driver.write(StorageLayout.uploadState(name, id), JSON.writeValueAsBytes(state));
    }

    private ReentrantLock lockFor(UploadId id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }
}
