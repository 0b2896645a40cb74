package dev.berth.storage.driver.s3;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.StorageFailureException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Appends by writing a new segment object per commit. Bytes are buffered up to one part; a segment
 * that outgrows it becomes a multipart upload whose parts go up in the background while the next
 * part fills, so receiving and sending overlap and memory stays at two parts whatever the size.
 * Nothing is visible until {@link #commit()}; closing uncommitted writes aborts them.
 */
final class S3SegmentWriter implements AppendingWriter {
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final S3Client client;
    private final String bucket;
    private final S3Keys keys;
    private final String path;
    private final int partSize;
    private final ExecutorService uploads;

    private long position;
    private long segmentStart;
    private byte[] buffer = new byte[0];
    private int buffered;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    /** The part being sent, at most one, and the buffer it is sent from (reused once it is done). */
    private Future<CompletedPart> sending;
    private byte[] sendingBuffer;
    private byte[] spare;

    S3SegmentWriter(S3Client client, String bucket, S3Keys keys, String path, long offset, int partSize,
                    ExecutorService uploads) {
        this.client = client;
        this.bucket = bucket;
        this.keys = keys;
        this.path = path;
        this.partSize = partSize;
        this.uploads = uploads;
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
                sendPart();
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
                S3Driver.call("write " + key, () -> client.putObject(r -> r.bucket(bucket).key(key), body(buffer, buffered)));
            }
        } else {
            if (buffered > 0) {
                sendPart();
            }
            awaitSending();
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
        if (sending != null) {
            try {
                awaitSending(); // a part still arriving at S3 could outlive an abort sent now
            } catch (RuntimeException ignored) {
                // aborted below either way
            }
        }
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
        spare = null;
    }

    /** Hands the buffered bytes to the background as the next part, after the one before it is done. */
    private void sendPart() {
        String key = keys.segment(path, segmentStart);
        if (uploadId == null) {
            uploadId = S3Driver.call("start " + key, () -> client.createMultipartUpload(r -> r.bucket(bucket).key(key)))
                    .uploadId();
        }
        awaitSending();
        int partNumber = parts.size() + 1;
        String id = uploadId;
        byte[] full = buffer;
        int length = buffered;
        sendingBuffer = full;
        sending = uploads.submit(() -> {
            String etag = S3Driver.call("write part of " + key, () -> client.uploadPart(r -> r.bucket(bucket).key(key)
                    .uploadId(id).partNumber(partNumber), body(full, length))).eTag();
            return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
        });
        buffer = spare != null ? spare : new byte[partSize];
        spare = null;
        buffered = 0;
    }

    private void awaitSending() {
        if (sending == null) {
            return;
        }
        Future<CompletedPart> pending = sending;
        sending = null;
        try {
            parts.add(pending.get());
            spare = sendingBuffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailureException("interrupted while writing to S3", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new StorageFailureException("S3: cannot write a part: " + e.getCause(), e.getCause());
        } finally {
            sendingBuffer = null;
        }
    }

    /** The bytes as a request body, without copying them. */
    private static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length);
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
