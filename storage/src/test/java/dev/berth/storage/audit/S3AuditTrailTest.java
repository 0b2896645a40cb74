package dev.berth.storage.audit;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.s3.S3TestStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit trail over the S3 driver on s3proxy; each test under a key prefix of its own. */
class S3AuditTrailTest extends AuditTrailContract {
    @RegisterExtension
    static final S3TestStore S3 = new S3TestStore("audit-");

    @Override
    protected StorageDriver createDriver() {
        return S3.newDriver();
    }
}
