package dev.berth.storage.driver.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One s3proxy for a test class and a fresh S3 driver per test under a key prefix of its own, so
 * a contract suite runs on S3 with one line: {@code @RegisterExtension static S3TestStore s3 = ...}.
 */
public final class S3TestStore implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private final String prefix;
    private final List<S3Driver> drivers = new ArrayList<>();
    private S3ProxyServer server;

    /** @param prefix what the per-test key prefixes start with, to tell the suites apart in the bucket */
    public S3TestStore(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = S3ProxyServer.launch();
    }

    /** A driver over an empty prefix of the bucket, closed after the test. */
    public S3Driver newDriver() {
        S3Driver driver = new S3Driver(new S3Settings(server.bucket(), server.region(), server.endpoint(), true,
                prefix + UUID.randomUUID().toString().substring(0, 8), server.accessKey(), server.secretKey(),
                S3Settings.MIN_PART_SIZE, null));
        drivers.add(driver);
        return driver;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        drivers.forEach(S3Driver::close);
        drivers.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }
}
