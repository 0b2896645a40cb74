package dev.berth.storage.replication;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.s3.S3TestStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The replication queue over the S3 driver on s3proxy; each test under a key prefix of its own. */
class S3ReplicationQueueTest extends ReplicationQueueContract {
    @RegisterExtension
    static final S3TestStore S3 = new S3TestStore("replication-");

    @Override
    protected StorageDriver createDriver() {
        return S3.newDriver();
    }
}
