package dev.berth.storage.replication;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FilesystemReplicationQueueTest extends ReplicationQueueContract {
    @TempDir
    Path root;

    @Override
    protected StorageDriver createDriver() {
        return new FilesystemDriver(root);
    }
}
