package dev.berth.storage.driver.s3;

import static dev.berth.storage.driver.s3.S3Driver.call;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The object operations the driver's parts share, by key, with the SDK's failures turned into the registry's. */
final class S3Objects {
    private final S3Client client;
    private final String bucket;

    S3Objects(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    S3Client client() {
        return client;
    }

    String bucket() {
        return bucket;
    }

    Optional<StoredObject> head(String key) {
        return call("stat " + key, () -> {
            try {
                HeadObjectResponse head = client.headObject(r -> r.bucket(bucket).key(key));
                return Optional.of(StoredObject.of(head.contentLength(), head.lastModified(), head.metadata()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    void put(String key, String body, Map<String, String> metadata) {
        call("write " + key, () -> client.putObject(r -> r.bucket(bucket).key(key).metadata(metadata),
                RequestBody.fromString(body, StandardCharsets.UTF_8)));
    }

    Optional<String> readText(String key) {
        return call("read " + key, () -> {
            try {
                return Optional.of(client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * One object at a time: batch DeleteObjects needs a Content-MD5 header that the SDK no longer
     * sends and several S3-compatible servers insist on.
     */
    void delete(String key) {
        call("delete " + key, () -> client.deleteObject(r -> r.bucket(bucket).key(key)));
    }

    /** Every object under a key prefix, folder markers left out. */
    List<S3Object> list(String prefix) {
        return call("list " + prefix, () -> {
            List<S3Object> objects = new ArrayList<>();
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                page.contents().stream().filter(object -> isNotFolderMarker(object.key())).forEach(objects::add);
            }
            return objects;
        });
    }

    void abortUploadsUnder(String prefix) {
        call("abort uploads under " + prefix, () -> {
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix)).uploads()) {
                client.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
            }
            return null;
        });
    }

    /**
     * Keys ending in "/" are folder markers that some servers list (s3proxy on a filesystem) and
     * some tools create; they hold no data, and deleting them can stall such servers.
     */
    static boolean isNotFolderMarker(String key) {
        return !key.endsWith("/");
    }
}
