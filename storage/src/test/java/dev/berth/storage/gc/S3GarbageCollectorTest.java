package dev.berth.storage.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.s3.S3Driver;
import dev.berth.storage.driver.s3.S3ProxyServer;
import dev.berth.storage.driver.s3.S3Settings;
import dev.berth.storage.upload.AbandonedUploads;
import dev.berth.storage.upload.UploadStatus;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The garbage collector over the S3 driver, on s3proxy; each test under a key prefix of its own. */
class S3GarbageCollectorTest extends GarbageCollectorContract {
    private static S3ProxyServer s3;
    private S3Driver created;
    private String prefix;

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
        prefix = "gc-" + UUID.randomUUID().toString().substring(0, 8);
        created = new S3Driver(new S3Settings(s3.bucket(), s3.region(), s3.endpoint(), true, prefix,
                s3.accessKey(), s3.secretKey(), S3Settings.MIN_PART_SIZE, null));
        return created;
    }

    @AfterEach
    void closeDriver() {
        if (created != null) {
            created.close();
        }
    }

    @Test
    void collectedBlobsTakeTheirSegmentsAlong() {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage);
        TestImages.Image image = images.push(APP, "v1", "base", "app");
        storage.manifests().delete(APP, new Reference.ByDigest(image.manifest()));
        assertThat(keys("segments/")).as("published content lives in upload areas").isNotEmpty();

        GcReport report = new GarbageCollector(storage, line -> { })
                .collect(new GcOptions(Duration.ZERO, false, false, false));

        assertThat(report.blobs()).hasSize(4);
        assertThat(keys("segments/")).isEmpty();
        assertThat(keys("blobs/")).isEmpty();
    }

    @Test
    void abandonedUploadCleanupAfterACompletionThatDiedKeepsTheBlob() {
        RegistryStorage storage = storage(Duration.ZERO);
        byte[] content = new byte[S3Settings.MIN_PART_SIZE + 1000];
        new Random(7).nextBytes(content);
        Digest digest = Digest.sha256(BlobStore.sha256(content));
        UploadStatus session = storage.uploads().start(APP);
        storage.uploads().append(APP, session.id(), OptionalLong.empty(), OptionalLong.empty(),
                new ByteArrayInputStream(content));
        // What completion does before it removes the session; the process dies right here.
        storage.blobs().publish(StorageLayout.uploadData(APP, session.id()), digest);
        storage.blobs().link(APP, digest);

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(25));
        int removed = new AbandonedUploads(storage.catalog(), storage.uploads(), later).removeOlderThan(Duration.ofHours(24));

        assertThat(removed).isEqualTo(1);
        assertThat(storage.blobs().sizeIn(APP, digest)).isEqualTo(content.length);
        assertThat(driver.read(StorageLayout.blobData(digest))).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
        assertThat(keys("repositories/" + APP.value() + "/_uploads/")).isEmpty();
    }

    private List<String> keys(String under) {
        return s3.client().listObjectsV2Paginator(list -> list.bucket(s3.bucket()).prefix(prefix + "/" + under))
                .contents().stream().map(S3Object::key).toList();
    }
}
