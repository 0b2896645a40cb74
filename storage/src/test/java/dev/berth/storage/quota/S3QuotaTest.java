package dev.berth.storage.quota;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.s3.S3TestStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Quotas over the S3 driver on s3proxy; each test under a key prefix of its own. */
class S3QuotaTest extends QuotaContract {
    @RegisterExtension
    static final S3TestStore S3 = new S3TestStore("quota-");

    @Override
    protected StorageDriver createDriver() {
        return S3.newDriver();
    }
}
