package dev.berth.registry.bench;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The filesystem driver without its flushes, for generating large test stores quickly: the same
 * files in the same layout, written with a rename but not forced to disk (a crash while generating
 * only means generating again). Never used by the registry itself.
 */
final class UnsyncedDriver implements StorageDriver {
    private final FilesystemDriver real;

    UnsyncedDriver(Path root) {
        this.real = new FilesystemDriver(root);
    }

    @Override
    public void write(String path, byte[] content) {
        Path target = real.root().resolve(path);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID());
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<byte[]> read(String path) {
        return real.read(path);
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
    public void delete(String path) {
        real.delete(path);
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
