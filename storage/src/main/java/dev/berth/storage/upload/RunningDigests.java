package dev.berth.storage.upload;

import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHA-256 of each upload so far, kept in memory between its requests. The JDK's digest is
 * about six times faster than any whose state could be exported (it uses the CPU's SHA
 * instructions), so the state is not stored; when it is not here (after a restart, or for a
 * session another replica advanced) it is rebuilt from the upload's durable data.
 */
final class RunningDigests {
    /** Enough for every upload in flight; an evicted one is only rebuilt, never wrong. */
    private static final int MAX_ENTRIES = 4096;

    private record Running(long offset, MessageDigest digest) {
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

    /** The digest of the upload's first {@code offset} bytes, for the caller to continue. */
    MessageDigest resume(RepositoryName name, UploadId id, long offset) {
        Running cached;
        synchronized (running) {
            cached = running.remove(id);
        }
        if (cached != null && cached.offset() == offset) {
            return cached.digest();
        }
        MessageDigest digest = newSha256();
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

    void remember(UploadId id, long offset, MessageDigest digest) {
        synchronized (running) {
            running.put(id, new Running(offset, digest));
        }
    }

    void forget(UploadId id) {
        synchronized (running) {
            running.remove(id);
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
