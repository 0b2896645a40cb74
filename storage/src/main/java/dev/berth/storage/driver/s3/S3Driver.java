package dev.berth.storage.driver.s3;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.ContentMissingException;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.FileStat;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageFailureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Keeps everything in one S3 bucket (AWS, MinIO, Ceph RGW, R2), so any number of registry replicas
 * can share it. Small files are single objects; S3 replaces objects atomically. Appended data is a
 * run of segment objects in an area of its own, one per commit (each streamed as a multipart upload
 * when it outgrows one part), so it stays readable for another replica and needs no
 * read-modify-write. Publishing copies nothing: a pointer at the target names the segments, and
 * every read, size, delete and presigned URL of the target follows it (see {@link StoredObject}).
 */
public final class S3Driver implements StorageDriver, AutoCloseable {
    private final S3Client client;
    private final S3Presigner presigner;
    private final S3Settings settings;
    private final S3Keys keys;
    private final S3Objects objects;
    private final Pointers pointers;
    /** Sends the parts of multipart segments in the background (see {@link S3SegmentWriter}). */
    private final ExecutorService partUploads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "s3-part-upload");
        thread.setDaemon(true);
        return thread;
    });

    public S3Driver(S3Settings settings) {
        this(S3Clients.client(settings), settings.redirectExpiry() == null ? null : S3Clients.presigner(settings), settings);
    }

    S3Driver(S3Client client, S3Presigner presigner, S3Settings settings) {
        this.client = client;
        this.presigner = presigner;
        this.settings = settings;
        this.keys = new S3Keys(settings.prefix());
        this.objects = new S3Objects(client, settings.bucket());
        this.pointers = new Pointers(objects, keys);
    }

    @Override
    public Optional<byte[]> read(String path) {
        ResponseBytes<GetObjectResponse> object = call("read " + path, () -> {
            try {
                return client.getObjectAsBytes(r -> r.bucket(bucket()).key(keys.key(path)));
            } catch (NoSuchKeyException e) {
                return null;
            }
        });
        if (object == null) {
            return Optional.empty();
        }
        GetObjectResponse response = object.response();
        StoredObject found = StoredObject.of(response.contentLength(), response.lastModified(), response.metadata());
        return switch (found.kind()) {
            case PLAIN -> Optional.of(object.asByteArray());
            case TOMBSTONE -> Optional.empty();
            case POINTER, APPENDED -> Optional.of(readAll(reader(path, found)));
        };
    }

    @Override
    public void write(String path, byte[] content) {
        call("write " + path, () -> client.putObject(r -> r.bucket(bucket()).key(keys.key(path)),
                RequestBody.fromBytes(content)));
    }

    @Override
    public Optional<FileStat> stat(String path) {
        Optional<StoredObject> found = stored(path);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        // Appended data is a run of segments: its size takes a listing of its area besides the HEAD.
        long size = found.get().kind() == StoredObject.Kind.APPENDED
                ? UploadArea.of(objects, keys, path).list().size()
                : found.get().size();
        return Optional.of(new FileStat(size, found.get().modified()));
    }

    @Override
    public ContentReader open(String path) {
        return reader(path, stored(path).orElseThrow(() -> new ContentMissingException(path)));
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
                    if (S3Objects.isNotFolderMarker(object.key()) && object.key().length() > prefix.length()) {
                        names.add(object.key().substring(prefix.length()));
                    }
                }
            }
            return new ArrayList<>(names);
        });
    }

    @Override
    public boolean exists(String path) {
        if (stored(path).isPresent()) {
            return true;
        }
        // One level with a delimiter: without one, servers that keep objects as files (s3proxy,
        // MinIO on disk) walk the whole subtree first, 16 s under a repository of 100,000 tags.
        return call("list " + path, () -> {
            var listing = client.listObjectsV2(r -> r.bucket(bucket()).prefix(keys.folder(path)).delimiter("/").maxKeys(1));
            return !listing.contents().isEmpty() || !listing.commonPrefixes().isEmpty();
        });
    }

    /**
     * Deletes the object, everything under it as a folder, and any multipart upload left unfinished
     * there. Objects that stand for content elsewhere go with it: a pointer takes its segments
     * along, and appended data its area, unless a blob names that area.
     */
    @Override
    public void delete(String path) {
        Map<String, Optional<StoredObject>> found = new LinkedHashMap<>();
        // Asked only when the object exists: some servers (s3proxy on a filesystem) stall when
        // told to delete a key that is a folder of other keys.
        objects.head(keys.key(path)).ifPresent(object -> found.put(keys.key(path), Optional.of(object)));
        for (S3Object object : objects.list(keys.folder(path))) {
            found.put(object.key(), objects.head(object.key()));
        }
        List<String> plain = new ArrayList<>();
        // Pointers and upload data first: a crash then leaves their folder's other files
        // (a blob's last-used mark), by which garbage collection finds the folder again.
        found.forEach((key, object) -> {
            switch (object.map(StoredObject::kind).orElse(StoredObject.Kind.PLAIN)) {
                case POINTER, TOMBSTONE -> pointers.remove(key, object.get());
                case APPENDED -> {
                    release().release(keys.path(key));
                    objects.delete(key);
                }
                case PLAIN -> plain.add(key);
            }
        });
        plain.forEach(objects::delete);
        objects.abortUploadsUnder(keys.folder(path));
    }

    @Override
    public void deleteFile(String path) {
        objects.delete(keys.key(path));
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        prepareAppend(path, offset);
        return new S3SegmentWriter(client, bucket(), keys, path, offset, settings.partSize(), partUploads);
    }

    /** Checks that {@code offset} is where committed data ends and discards what was committed after it. */
    private void prepareAppend(String path, long offset) {
        UploadArea area = UploadArea.of(objects, keys, path);
        UploadArea.Listing listing = area.list();
        if (listing.claimed() || listing.cancelled()) {
            throw new StorageFailureException("cannot append to " + path + ": it is being published or removed", null);
        }
        long committed = 0;
        List<String> later = new ArrayList<>();
        for (Segment segment : listing.segments()) {
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
        if (offset == 0) {
            // Written before any segment: it lists the data as a file of its folder, and deleting
            // the folder finds the area through it.
            objects.put(keys.key(path), "", StoredObject.appended(area.name()));
        }
        later.forEach(area::deleteSegment);
    }

    @Override
    public void publish(String source, String target) {
        StoredObject found = stored(source).orElseThrow(() -> new ContentMissingException(source));
        if (found.kind() == StoredObject.Kind.PLAIN) {
            // A small file written whole, not an upload: one server-side copy of it.
            call("publish " + target, () -> client.copyObject(r -> r.sourceBucket(bucket()).sourceKey(keys.key(source))
                    .destinationBucket(bucket()).destinationKey(keys.key(target))));
            objects.delete(keys.key(source));
            return;
        }
        if (found.kind() != StoredObject.Kind.APPENDED) {
            throw new StorageFailureException("cannot publish " + source + ": not appended data", null);
        }
        new SegmentPublisher(objects, keys, pointers).publish(source, target);
    }

    /**
     * Presigned URLs name one object, so content published from one segment (an upload streamed in
     * one request, the usual case) is handed out as that segment; content of several segments is
     * streamed through the registry instead (empty here), rather than joined at push time.
     */
    @Override
    public Optional<URI> directDownload(String path) {
        if (presigner == null) {
            return Optional.empty();
        }
        String key = keys.key(path);
        Optional<StoredObject> found = objects.head(key);
        if (found.isPresent() && found.get().kind() == StoredObject.Kind.POINTER) {
            if (found.get().segments() != 1) {
                return Optional.empty();
            }
            key = S3Keys.segmentIn(keys.absolute(found.get().area()), 0);
        }
        String signed = key;
        return Optional.of(call("presign " + path, () -> URI.create(presigner.presignGetObject(r -> r
                .signatureDuration(settings.redirectExpiry())
                .getObjectRequest(get -> get.bucket(bucket()).key(signed)))
                .url().toString())));
    }

    @Override
    public void close() {
        partUploads.shutdownNow();
        client.close();
        if (presigner != null) {
            presigner.close();
        }
    }

    /** What is at the path, if it is a file (tombstones are not). */
    private Optional<StoredObject> stored(String path) {
        return objects.head(keys.key(path)).filter(found -> found.kind() != StoredObject.Kind.TOMBSTONE);
    }

    private ContentReader reader(String path, StoredObject found) {
        List<Segment> segments = switch (found.kind()) {
            case PLAIN -> List.of(new Segment(keys.key(path), 0, found.size()));
            case POINTER -> pointers.read(keys.key(path)).segments();
            case APPENDED -> UploadArea.of(objects, keys, path).list().segments();
            case TOMBSTONE -> throw new ContentMissingException(path);
        };
        return new S3ContentReader(client, bucket(), segments);
    }

    private AreaRelease release() {
        return new AreaRelease(objects, keys, pointers);
    }

    private static byte[] readAll(ContentReader reader) {
        try (reader) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.copyTo(out, 0, reader.size());
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
