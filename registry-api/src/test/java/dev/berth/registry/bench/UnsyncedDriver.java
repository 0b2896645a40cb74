package dev.berth.registry.bench;

import dev.berth.storage.driver.ForwardingDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The filesystem driver without its flushes, for generating large test stores quickly: the same
 * files in the same layout, written with a rename but not forced to disk (a crash while generating
 * only means generating again). Never used by the registry itself.
 */
final class UnsyncedDriver extends ForwardingDriver {
    private final Path root;

    UnsyncedDriver(Path root) {
        this(new FilesystemDriver(root));
    }

    private UnsyncedDriver(FilesystemDriver real) {
        super(real);
        this.root = real.root();
    }

    @Override
    public void write(String path, byte[] content) {
        Path target = root.resolve(path);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID());
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
