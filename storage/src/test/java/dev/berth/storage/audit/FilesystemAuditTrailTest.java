package dev.berth.storage.audit;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FilesystemAuditTrailTest extends AuditTrailContract {
    @TempDir
    Path root;

    @Override
    protected StorageDriver createDriver() {
        return new FilesystemDriver(root);
    }
}
