package dev.berth.storage.quota;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FilesystemUsageLedgerTest extends UsageLedgerContract {
    @TempDir
    Path root;

    @Override
    protected StorageDriver createDriver() {
        return new FilesystemDriver(root);
    }
}
