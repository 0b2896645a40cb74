package dev.berth.storage.index;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.s3.S3Driver;
import dev.berth.storage.driver.s3.S3ProxyServer;
import dev.berth.storage.driver.s3.S3Settings;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Replica lists over the S3 driver on s3proxy; each test under a key prefix of its own. */
class S3ReplicaListsTest extends ReplicaListsContract {
    private static S3ProxyServer s3;
    private S3Driver created;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.launch();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    protected StorageDriver createDriver() {
        created = new S3Driver(new S3Settings(s3.bucket(), s3.region(), s3.endpoint(), true,
                "rep-" + UUID.randomUUID().toString().substring(0, 8), s3.accessKey(), s3.secretKey(),
                S3Settings.MIN_PART_SIZE, null));
        return created;
    }

    @AfterEach
    void closeDriver() {
        if (created != null) {
            created.close();
        }
    }
}
