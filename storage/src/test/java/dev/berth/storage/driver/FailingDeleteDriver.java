package dev.berth.storage.driver;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A real driver whose next delete under a chosen prefix fails, standing in for a process that
 * dies between two storage steps (a crash cannot be placed that precisely otherwise).
 */
public final class FailingDeleteDriver implements StorageDriver {
    private final StorageDriver real;
    private final String failingPrefix;
    private boolean failed;

    public FailingDeleteDriver(StorageDriver real, String failingPrefix) {
        this.real = real;
        this.failingPrefix = failingPrefix;
    }

    @Override
    public void delete(String path) {
        if (!failed && path.startsWith(failingPrefix)) {
            failed = true;
            throw new StorageFailureException("simulated crash before deleting " + path, null);
        }
        real.delete(path);
    }

    @Override
    public Optional<byte[]> read(String path) {
        return real.read(path);
    }

    @Override
    public void write(String path, byte[] content) {
        real.write(path, content);
    }

    @Override
    public OptionalLong size(String path) {
        return real.size(path);
    }

    @Override
    public Optional<Instant> modified(String path) {
        return real.modified(path);
    }

    @Override
    public ContentReader open(String path) {
        return real.open(path);
    }

    @Override
    public List<String> list(String folder) {
        return real.list(folder);
    }

    @Override
    public boolean exists(String path) {
        return real.exists(path);
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        return real.append(path, offset);
    }

    @Override
    public void publish(String source, String target) {
        real.publish(source, target);
    }
}
