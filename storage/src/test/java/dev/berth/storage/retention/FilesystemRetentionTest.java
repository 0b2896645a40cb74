package dev.berth.storage.retention;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FilesystemRetentionTest extends RetentionContract {
    @TempDir
    Path root;

    @Override
    protected StorageDriver createDriver() {
        return new FilesystemDriver(root);
    }
}
