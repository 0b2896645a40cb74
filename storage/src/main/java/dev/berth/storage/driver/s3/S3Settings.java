package dev.berth.storage.driver.s3;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach the bucket and lay data out in it.
 *
 * @param endpoint        null for AWS itself; set for MinIO, Ceph RGW, R2 and the like
 * @param prefix          folder inside the bucket that holds everything ("" for the bucket root)
 * @param accessKey       null to use the SDK's default credential chain (environment, profile, instance role)
 * @param partSize        bytes per multipart part; S3 requires at least 5 MiB
 * @param redirectExpiry  how long presigned blob URLs live; null to stream blobs through the registry
 */
public record S3Settings(String bucket, String region, URI endpoint, boolean pathStyleAccess, String prefix,
                         String accessKey, String secretKey, int partSize, Duration redirectExpiry) {
    /** S3's minimum size of every multipart part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("registry.storage.s3.bucket is required for the s3 driver");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("registry.storage.s3.part-size must be at least 5MB (S3's minimum part)");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("set both registry.storage.s3.access-key and secret-key, or neither");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }
}
