package dev.berth.storage.driver.s3;

import dev.berth.storage.driver.AppendingWriter;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Appends by writing a new segment object per commit. Bytes are buffered up to one part; a segment
 * that outgrows it becomes a multipart upload, so memory stays at one part whatever the size.
 * Nothing is visible until {@link #commit()}; closing uncommitted writes aborts them.
 */
final class S3SegmentWriter implements AppendingWriter {
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final S3Client client;
    private final String bucket;
    private final S3Keys keys;
    private final String path;
    private final int partSize;

    private long position;
    private long segmentStart;
    private byte[] buffer = new byte[0];
    private int buffered;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();

    S3SegmentWriter(S3Client client, String bucket, S3Keys keys, String path, long offset, int partSize) {
        this.client = client;
        this.bucket = bucket;
        this.keys = keys;
        this.path = path;
        this.partSize = partSize;
        this.position = offset;
        this.segmentStart = offset;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        int done = 0;
        while (done < length) {
            ensureRoom(length - done);
            int take = Math.min(length - done, buffer.length - buffered);
            System.arraycopy(source, offset + done, buffer, buffered, take);
            buffered += take;
            done += take;
            position += take;
            if (buffered == partSize) {
                uploadPart();
            }
        }
    }

    @Override
    public long size() {
        return position;
    }

    @Override
    public void commit() {
        String key = keys.segment(path, segmentStart);
        if (uploadId == null) {
            // An empty first segment still marks that the (empty) content exists.
            if (buffered > 0 || segmentStart == 0) {
                S3Driver.call("write " + key, () -> client.putObject(r -> r.bucket(bucket).key(key), body()));
            }
        } else {
            if (buffered > 0) {
                uploadPart();
            }
            List<CompletedPart> completed = List.copyOf(parts);
            String id = uploadId;
            S3Driver.call("complete " + key, () -> client.completeMultipartUpload(r -> r.bucket(bucket).key(key)
                    .uploadId(id).multipartUpload(m -> m.parts(completed))));
        }
        uploadId = null;
        parts.clear();
        buffered = 0;
        segmentStart = position;
    }

    @Override
    public void close() {
        if (uploadId != null) {
            String key = keys.segment(path, segmentStart);
            String id = uploadId;
            uploadId = null;
            try {
                S3Driver.call("abort " + key, () -> client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id)));
            } catch (RuntimeException ignored) {
                // Deleting the upload's folder aborts whatever is left under it.
            }
        }
        buffer = null;
    }

    private void uploadPart() {
        String key = keys.segment(path, segmentStart);
        if (uploadId == null) {
            uploadId = S3Driver.call("start " + key, () -> client.createMultipartUpload(r -> r.bucket(bucket).key(key)))
                    .uploadId();
        }
        int partNumber = parts.size() + 1;
        String id = uploadId;
        String etag = S3Driver.call("write part of " + key, () -> client.uploadPart(r -> r.bucket(bucket).key(key)
                .uploadId(id).partNumber(partNumber), body())).eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        buffered = 0;
    }

    /** The buffered bytes as a request body, without copying them. */
    private RequestBody body() {
        return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, buffered), buffered);
    }

    /** Grows the buffer towards one part only as data arrives, so small chunks stay cheap. */
    private void ensureRoom(int wanted) {
        if (buffered < buffer.length) {
            return;
        }
        int grown = (int) Math.min(partSize, Math.max((long) buffer.length * 2, Math.max(INITIAL_BUFFER, Math.min(wanted, partSize))));
        buffer = Arrays.copyOf(buffer, grown);
    }
}
