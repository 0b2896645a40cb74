package dev.berth.storage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageDriverContract;
import dev.berth.storage.driver.StorageFailureException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 driver against a real S3 server (s3proxy, started once for the class). Every test gets a
 * key prefix of its own in the one bucket, which is also how the registry is told to keep to a
 * folder of a shared bucket.
 */
class S3DriverTest extends StorageDriverContract {
    private static final int PART_SIZE = S3Settings.MIN_PART_SIZE;

    private static S3ProxyServer s3;

    private final List<S3Driver> drivers = new ArrayList<>();
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
        prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return newDriver(settings(s3.bucket(), prefix, null));
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(S3Driver::close);
    }

    @Test
    void everythingIsStoredUnderThePrefix() {
        driver.write("a/b", bytes("x"));
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(bytes("y"), 0, 1);
            writer.commit();
        }

        List<String> keys = s3.client().listObjectsV2Paginator(list -> list.bucket(s3.bucket())).contents().stream()
                .map(S3Object::key)
                .filter(key -> key.startsWith(prefix))
                .toList();
        assertThat(keys).contains(prefix + "/a/b").allSatisfy(key -> assertThat(key).startsWith(prefix + "/"));
    }

    @Test
    void driversWithDifferentPrefixesDoNotSeeEachOther() {
        StorageDriver other = newDriver(settings(s3.bucket(), prefix + "-other", null));

        driver.write("folder/file", bytes("mine"));

        assertThat(other.read("folder/file")).isEmpty();
        assertThat(other.list("folder")).isEmpty();
        assertThat(other.exists("folder")).isFalse();
    }

    @Test
    void prefixWithSlashesMeansTheSameFolder() {
        driver.write("file", bytes("x"));

        StorageDriver slashed = newDriver(settings(s3.bucket(), "/" + prefix + "/", null));

        assertThat(slashed.read("file")).hasValueSatisfying(c -> assertThat(c).isEqualTo(bytes("x")));
    }

    @Test
    void dataAppendedByOneReplicaIsContinuedByAnother() {
        byte[] content = pattern(PART_SIZE + 1000);
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(content, 0, 1000);
            writer.commit();
        }

        StorageDriver replica = newDriver(settings(s3.bucket(), prefix, null));
        try (AppendingWriter writer = replica.append("uploads/u/data", 1000)) {
            writer.write(content, 1000, content.length - 1000);
            writer.commit();
        }
        driver.publish("uploads/u/data", "blobs/x/data");

        assertThat(replica.read("blobs/x/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
    }

    @Test
    void unfinishedWriteLeavesNoMultipartUploadBehind() {
        byte[] content = pattern(2 * PART_SIZE + 10);
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(content, 0, content.length);
            // no commit: the request that was writing failed
        }

        assertThat(inProgressUploads()).isEmpty();
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(bytes("again"), 0, 5);
            writer.commit();
        }
        assertThat(appended("uploads/u/data")).isEqualTo(bytes("again"));
    }

    @Test
    void deleteOfAnUploadRemovesItsDataAndAnyMultipartUpload() {
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(pattern(PART_SIZE + 5), 0, PART_SIZE + 5);
            writer.commit();
        }
        // A multipart upload begun by a replica that died before finishing or aborting it.
        s3.client().createMultipartUpload(create -> create.bucket(s3.bucket()).key(prefix + "/uploads/u/data/stray"));

        driver.delete("uploads/u");

        assertThat(driver.exists("uploads/u")).isFalse();
        assertThat(inProgressUploads()).isEmpty();
        assertThat(s3.client().listObjectsV2(list -> list.bucket(s3.bucket()).prefix(prefix + "/")).contents()).isEmpty();
    }

    @Test
    void publishOfDataLargerThanOnePartKeepsEveryByte() {
        byte[] content = pattern(2 * PART_SIZE + 12345);
        int[] chunks = {3, PART_SIZE - 3, 77, PART_SIZE, 12345 - 77};
        int at = 0;
        for (int chunk : chunks) {
            try (AppendingWriter writer = driver.append("uploads/u/data", at)) {
                writer.write(content, at, chunk);
                writer.commit();
            }
            at += chunk;
        }
        assertThat(at).isEqualTo(content.length);

        driver.publish("uploads/u/data", "blobs/big/data");

        assertThat(driver.size("blobs/big/data")).hasValue(content.length);
        assertThat(driver.read("blobs/big/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
        assertThat(driver.exists("uploads/u")).isFalse();
        assertThat(inProgressUploads()).isEmpty();
    }

    @Test
    void directDownloadIsOffOnlyWhenNotConfigured() {
        driver.write("blobs/x/data", bytes("direct"));

        assertThat(driver.directDownload("blobs/x/data")).isEmpty();
    }

    @Test
    void directDownloadIsAPresignedUrlThatServesTheBytes() throws Exception {
        StorageDriver redirecting = newDriver(settings(s3.bucket(), prefix, Duration.ofMinutes(5)));
        redirecting.write("blobs/x/data", bytes("direct bytes"));

        URI url = redirecting.directDownload("blobs/x/data").orElseThrow();

        assertThat(url.getRawQuery()).contains("X-Amz-Signature");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes("direct bytes"));
    }

    @Test
    void missingBucketIsAStorageFailure() {
        StorageDriver nowhere = newDriver(settings("no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8),
                prefix, null));

        assertThatThrownBy(() -> nowhere.write("file", bytes("x"))).isInstanceOf(StorageFailureException.class);
    }

    @Test
    void unreachableServerIsAStorageFailure() {
        StorageDriver unreachable = newDriver(new S3Settings(s3.bucket(), S3ProxyServer.REGION,
                URI.create("http://127.0.0.1:1"), true, prefix, s3.accessKey(), s3.secretKey(), PART_SIZE, null));

        assertThatThrownBy(() -> unreachable.read("file")).isInstanceOf(StorageFailureException.class);
        assertThatThrownBy(() -> unreachable.write("file", bytes("x"))).isInstanceOf(StorageFailureException.class);
    }

    @Test
    void wrongCredentialsAreAStorageFailure() {
        StorageDriver stranger = newDriver(new S3Settings(s3.bucket(), S3ProxyServer.REGION, s3.endpoint(), true,
                prefix, s3.accessKey(), "not-the-secret", PART_SIZE, null));

        assertThatThrownBy(() -> stranger.write("file", bytes("x"))).isInstanceOf(StorageFailureException.class);
    }

    @Test
    void settingsRefusePartsSmallerThanS3Allows() {
        assertThatThrownBy(() -> new S3Settings(s3.bucket(), S3ProxyServer.REGION, s3.endpoint(), true, "",
                null, null, PART_SIZE - 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> inProgressUploads() {
        return s3.client().listMultipartUploadsPaginator(list -> list.bucket(s3.bucket()).prefix(prefix + "/"))
                .uploads().stream()
                .map(upload -> upload.key())
                .toList();
    }

    private static S3Settings settings(String bucket, String prefix, Duration redirectExpiry) {
        return new S3Settings(bucket, S3ProxyServer.REGION, s3.endpoint(), true, prefix,
                s3.accessKey(), s3.secretKey(), PART_SIZE, redirectExpiry);
    }

    private S3Driver newDriver(S3Settings settings) {
        S3Driver created = new S3Driver(settings);
        drivers.add(created);
        return created;
    }
}
