package dev.berth.storage.driver.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import dev.berth.storage.driver.StorageFailureException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Writes the concatenation of segments to one target object. The bytes stay in S3: one segment is
 * one server-side copy; several become a multipart upload whose parts are server-side ranged copies.
 * Only pieces shorter than S3's minimum part (small chunks of a chunked upload) pass through memory,
 * gathered into one part-sized buffer. The target appears at once, on completion, or not at all.
 */
final class SegmentJoiner {
    private final S3Client client;
    private final String bucket;
    private final int partSize;

    SegmentJoiner(S3Client client, String bucket, int partSize) {
        this.client = client;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    void join(List<Segment> segments, String target) {
        long total = segments.stream().mapToLong(Segment::size).sum();
        if (total == 0) {
            client.putObject(r -> r.bucket(bucket).key(target), RequestBody.empty());
        } else if (segments.size() == 1 && total <= S3Driver.MAX_COPY) {
            client.copyObject(r -> r.sourceBucket(bucket).sourceKey(segments.get(0).key())
                    .destinationBucket(bucket).destinationKey(target));
        } else {
            joinAsMultipart(segments, target);
        }
    }

    private void joinAsMultipart(List<Segment> segments, String target) {
        String uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(target)).uploadId();
        try {
            new Parts(target, uploadId).addAll(segments);
        } catch (RuntimeException e) {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(target).uploadId(uploadId));
            throw e;
        }
    }

    /** The parts of one multipart upload, filled from segments in order. */
    private final class Parts {
        private final String target;
        private final String uploadId;
        private final List<CompletedPart> completed = new ArrayList<>();
        private byte[] pending;
        private int pendingLength;

        Parts(String target, String uploadId) {
            this.target = target;
            this.uploadId = uploadId;
        }

        void addAll(List<Segment> segments) {
            for (Segment segment : segments) {
                long position = 0;
                while (position < segment.size()) {
                    long remaining = segment.size() - position;
                    if (pendingLength == 0 && remaining >= S3Settings.MIN_PART_SIZE) {
                        long length = Math.min(remaining, S3Driver.MAX_COPY);
                        copyPart(segment, position, length);
                        position += length;
                    } else {
                        position += gather(segment, position, (int) Math.min(remaining, partSize - pendingLength));
                        if (pendingLength == partSize) {
                            uploadPending();
                        }
                    }
                }
            }
            if (pendingLength > 0) {
                uploadPending();
            }
            client.completeMultipartUpload(r -> r.bucket(bucket).key(target).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed)));
        }

        private void copyPart(Segment segment, long from, long length) {
            int number = completed.size() + 1;
            String etag = client.uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(segment.key())
                    .copySourceRange("bytes=" + from + "-" + (from + length - 1))
                    .destinationBucket(bucket).destinationKey(target).uploadId(uploadId).partNumber(number))
                    .copyPartResult().eTag();
            completed.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }

        private int gather(Segment segment, long from, int length) {
            if (pending == null) {
                pending = new byte[partSize];
            }
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(r -> r.bucket(bucket).key(segment.key())
                    .range("bytes=" + from + "-" + (from + length - 1)))) {
                readFully(in, pending, pendingLength, length);
            } catch (IOException e) {
                throw new StorageFailureException("S3: cannot read " + segment.key() + ": " + e.getMessage(), e);
            }
            pendingLength += length;
            return length;
        }

        private void uploadPending() {
            int number = completed.size() + 1;
            String etag = client.uploadPart(r -> r.bucket(bucket).key(target).uploadId(uploadId).partNumber(number),
                    RequestBody.fromInputStream(new ByteArrayInputStream(pending, 0, pendingLength), pendingLength)).eTag();
            completed.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            pendingLength = 0;
        }
    }

    private static void readFully(InputStream in, byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int read = in.read(into, offset + done, length - done);
            if (read < 0) {
                throw new IOException("object ended early");
            }
            done += read;
        }
    }
}
