package dev.berth.storage.index;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.s3.S3TestStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replica lists over the S3 driver on s3proxy; each test under a key prefix of its own. */
class S3ReplicaListsTest extends ReplicaListsContract {
    @RegisterExtension
    static final S3TestStore S3 = new S3TestStore("rep-");

    @Override
    protected StorageDriver createDriver() {
        return S3.newDriver();
    }
}
