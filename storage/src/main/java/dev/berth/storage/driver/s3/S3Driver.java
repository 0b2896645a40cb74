package dev.berth.storage.driver.s3;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.ContentMissingException;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageFailureException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Keeps everything in one S3 bucket (AWS, MinIO, Ceph RGW, R2), so any number of registry replicas
 * can share it. Small files are single objects; S3 replaces objects atomically. Appended data is a
 * run of segment objects, one per commit (each streamed as a multipart upload when it outgrows one
 * part), so it stays readable for another replica and needs no read-modify-write; publishing joins
 * the segments into the target object with server-side copies.
 */
public final class S3Driver implements StorageDriver, AutoCloseable {
    /** S3's largest single copy; larger sources are copied in ranged parts. */
    static final long MAX_COPY = 5L * 1024 * 1024 * 1024;

    private final S3Client client;
    private final S3Presigner presigner;
    private final S3Settings settings;
    private final S3Keys keys;

    public S3Driver(S3Settings settings) {
        this(S3Clients.client(settings), settings.redirectExpiry() == null ? null : S3Clients.presigner(settings), settings);
    }

    S3Driver(S3Client client, S3Presigner presigner, S3Settings settings) {
        this.client = client;
        this.presigner = presigner;
        this.settings = settings;
        this.keys = new S3Keys(settings.prefix());
    }

    @Override
    public Optional<byte[]> read(String path) {
        return call("read " + path, () -> {
            try {
                return Optional.of(client.getObjectAsBytes(r -> r.bucket(bucket()).key(keys.key(path))).asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void write(String path, byte[] content) {
        call("write " + path, () -> client.putObject(r -> r.bucket(bucket()).key(keys.key(path)),
                RequestBody.fromBytes(content)));
    }

    @Override
    public OptionalLong size(String path) {
        return head(keys.key(path)).map(head -> OptionalLong.of(head.contentLength())).orElse(OptionalLong.empty());
    }

    @Override
    public Optional<Instant> modified(String path) {
        return head(keys.key(path)).map(HeadObjectResponse::lastModified);
    }

    @Override
    public ContentReader open(String path) {
        Optional<HeadObjectResponse> head = head(keys.key(path));
        if (head.isPresent()) {
            return new S3ContentReader(client, bucket(), List.of(new Segment(keys.key(path), 0, head.get().contentLength())));
        }
        List<Segment> segments = segments(path);
        if (segments.isEmpty()) {
            throw new ContentMissingException(path);
        }
        return new S3ContentReader(client, bucket(), segments);
    }

    @Override
    public List<String> list(String folder) {
        String prefix = keys.folder(folder);
        return call("list " + folder, () -> {
            Set<String> names = new LinkedHashSet<>();
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix).delimiter("/").build();
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(prefix.length());
                    names.add(name.substring(0, name.length() - 1));
                }
                for (S3Object object : page.contents()) {
                    if (isNotFolderMarker(object.key()) && object.key().length() > prefix.length()) {
                        names.add(object.key().substring(prefix.length()));
                    }
                }
            }
            return new ArrayList<>(names);
        });
    }

    @Override
    public boolean exists(String path) {
        if (head(keys.key(path)).isPresent()) {
            return true;
        }
        return call("list " + path, () -> client.listObjectsV2(r -> r.bucket(bucket()).prefix(keys.folder(path)).maxKeys(1))
                .keyCount() > 0);
    }

    /** Deletes the object, everything under it as a folder, and any multipart upload left unfinished there. */
    @Override
    public void delete(String path) {
        String folder = keys.folder(path);
        if (head(keys.key(path)).isPresent()) {
            // Asked only when the object exists: some servers (s3proxy on a filesystem) stall when
            // told to delete a key that is a folder of other keys.
            call("delete " + path, () -> {
                deleteObject(keys.key(path));
                return null;
            });
        }
        call("delete " + path, () -> {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket()).prefix(folder).build();
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                page.contents().stream().map(S3Object::key).filter(S3Driver::isNotFolderMarker).forEach(this::deleteObject);
            }
            abortUploadsUnder(folder);
            return null;
        });
    }

    @Override
    public void deleteFile(String path) {
        call("delete " + path, () -> {
            deleteObject(keys.key(path));
            return null;
        });
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        long committed = 0;
        List<String> later = new ArrayList<>();
        for (Segment segment : segments(path)) {
            if (segment.start() >= offset) {
                later.add(segment.key());
            } else if (segment.end() > offset) {
                throw new StorageFailureException("cannot append to " + path + " at " + offset
                        + ": not a point where an earlier write committed", null);
            } else {
                committed += segment.size();
            }
        }
        if (committed != offset) {
            throw new StorageFailureException("upload data at " + path + " holds " + committed
                    + " bytes, less than its recorded offset " + offset, null);
        }
        call("discard " + path, () -> {
            later.forEach(this::deleteObject);
            return null;
        });
        return new S3SegmentWriter(client, bucket(), keys, path, offset, settings.partSize());
    }

    @Override
    public void publish(String source, String target) {
        List<Segment> segments = segments(source);
        if (segments.isEmpty()) {
            HeadObjectResponse head = head(keys.key(source)).orElseThrow(() -> new ContentMissingException(source));
            segments = List.of(new Segment(keys.key(source), 0, head.contentLength()));
        }
        List<Segment> parts = segments;
        call("publish " + target, () -> {
            new SegmentJoiner(client, bucket(), settings.partSize()).join(parts, keys.key(target));
            return null;
        });
        delete(source);
    }

    @Override
    public Optional<URI> directDownload(String path) {
        if (presigner == null) {
            return Optional.empty();
        }
        return Optional.of(call("presign " + path, () -> URI.create(presigner.presignGetObject(r -> r
                .signatureDuration(settings.redirectExpiry())
                .getObjectRequest(get -> get.bucket(bucket()).key(keys.key(path))))
                .url().toString())));
    }

    @Override
    public void close() {
        client.close();
        if (presigner != null) {
            presigner.close();
        }
    }

    /** Segments of appended data, in order; empty for anything that was not appended. */
    List<Segment> segments(String path) {
        String prefix = keys.segmentPrefix(path);
        return call("list segments of " + path, () -> {
            List<Segment> segments = new ArrayList<>();
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix).build();
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    if (!isNotFolderMarker(object.key())) {
                        continue;
                    }
                    segments.add(new Segment(object.key(), S3Keys.segmentStart(object.key()), object.size()));
                }
            }
            segments.sort(Comparator.comparingLong(Segment::start));
            return segments;
        });
    }

    private Optional<HeadObjectResponse> head(String key) {
        return call("stat " + key, () -> {
            try {
                return Optional.of(client.headObject(r -> r.bucket(bucket()).key(key)));
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

    /**
     * One object at a time: batch DeleteObjects needs a Content-MD5 header that the SDK no longer
     * sends and several S3-compatible servers insist on.
     */
    private void deleteObject(String key) {
        client.deleteObject(r -> r.bucket(bucket()).key(key));
    }

    private void abortUploadsUnder(String prefix) {
        for (MultipartUpload upload : client.listMultipartUploadsPaginator(r -> r.bucket(bucket()).prefix(prefix)).uploads()) {
            client.abortMultipartUpload(r -> r.bucket(bucket()).key(upload.key()).uploadId(upload.uploadId()));
        }
    }

    /**
     * Keys ending in "/" are folder markers that some servers list (s3proxy on a filesystem) and
     * some tools create; they hold no data, and deleting them can stall such servers.
     */
    private static boolean isNotFolderMarker(String key) {
        return !key.endsWith("/");
    }

    private String bucket() {
        return settings.bucket();
    }

    /** Runs one storage operation, turning the SDK's failures into the registry's. */
    static <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (SdkException e) {
            throw new StorageFailureException("S3: cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
