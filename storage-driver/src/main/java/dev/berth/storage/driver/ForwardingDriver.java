package dev.berth.storage.driver;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A driver that hands everything to another one: decorators (read-only mode, fault-injecting test
 * drivers) extend it and override only the operations they change.
 */
public abstract class ForwardingDriver implements StorageDriver {
    protected final StorageDriver real;

    protected ForwardingDriver(StorageDriver real) {
        this.real = real;
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
    public Optional<FileStat> stat(String path) {
        return real.stat(path);
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
    public void delete(String path) {
        real.delete(path);
    }

    @Override
    public void deleteFile(String path) {
        real.deleteFile(path);
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        return real.append(path, offset);
    }

    @Override
    public void publish(String source, String target) {
        real.publish(source, target);
    }

    @Override
    public Optional<URI> directDownload(String path) {
        return real.directDownload(path);
    }
}
