package dev.berth.storage.upload;

import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.UploadId;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running digest (SHA-256, or the algorithm the client announced) of each upload so far, kept in memory between its requests. The JDK's digest is
 * about six times faster than any whose state could be exported (it uses the CPU's SHA
 * instructions), so the state is not stored; when it is not here (after a restart, or for a
 * session another replica advanced) it is rebuilt from the upload's durable data.
 */
final class RunningDigests {
    /** Enough for every upload in flight; an evicted one is only rebuilt, never wrong. */
    private static final int MAX_ENTRIES = 4096;

    private record Running(long offset, DigestAlgorithm algorithm, MessageDigest digest) {
    }

    private final StorageDriver driver;
    private final Map<UploadId, Running> running = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UploadId, Running> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    RunningDigests(StorageDriver driver) {
        this.driver = driver;
    }

    /** The digest by {@code algorithm} of the upload's first {@code offset} bytes, for the caller to continue. */
    MessageDigest resume(RepositoryName name, UploadId id, long offset, DigestAlgorithm algorithm) {
        Running cached;
        synchronized (running) {
            cached = running.remove(id);
        }
        if (cached != null && cached.offset() == offset && cached.algorithm() == algorithm) {
            return cached.digest();
        }
        MessageDigest digest = algorithm.newHasher();
        if (offset > 0) {
            try (ContentReader data = driver.open(StorageLayout.uploadData(name, id));
                 OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                data.copyTo(sink, 0, offset);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot re-read upload " + id, e);
            }
        }
        return digest;
    }

    void remember(UploadId id, long offset, DigestAlgorithm algorithm, MessageDigest digest) {
        synchronized (running) {
            running.put(id, new Running(offset, algorithm, digest));
        }
    }

    void forget(UploadId id) {
        synchronized (running) {
            running.remove(id);
        }
    }
}
