package dev.berth.registry.maintenance;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.StorageDriver;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The registry's data as seen in read-only mode: every read passes, every change is refused with
 * the read-only error. The web filter refuses pushes and deletes up front with a clear answer; this
 * makes sure no other path (a housekeeping job, a code path nobody thought of) changes the store.
 */
public final class ReadOnlyDriver implements StorageDriver {
    private final StorageDriver driver;

    public ReadOnlyDriver(StorageDriver driver) {
        this.driver = driver;
    }

    @Override
    public Optional<byte[]> read(String path) {
        return driver.read(path);
    }

    @Override
    public void write(String path, byte[] content) {
        throw ReadOnlyMode.refusal();
    }

    @Override
    public OptionalLong size(String path) {
        return driver.size(path);
    }

    @Override
    public Optional<Instant> modified(String path) {
        return driver.modified(path);
    }

    @Override
    public ContentReader open(String path) {
        return driver.open(path);
    }

    @Override
    public List<String> list(String folder) {
        return driver.list(folder);
    }

    @Override
    public boolean exists(String path) {
        return driver.exists(path);
    }

    @Override
    public void delete(String path) {
        throw ReadOnlyMode.refusal();
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        throw ReadOnlyMode.refusal();
    }

    @Override
    public void publish(String source, String target) {
        throw ReadOnlyMode.refusal();
    }

    @Override
    public Optional<URI> directDownload(String path) {
        return driver.directDownload(path);
    }
}
