package dev.berth.storage.driver.s3;

import dev.berth.storage.driver.ContentReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Streams a range of content kept in one object or a run of segments, with ranged GETs. */
final class S3ContentReader implements ContentReader {
    private static final int BUFFER_SIZE = 256 * 1024;

    private final S3Client client;
    private final String bucket;
    private final List<Segment> segments;
    private final long size;

    S3ContentReader(S3Client client, String bucket, List<Segment> segments) {
        this.client = client;
        this.bucket = bucket;
        this.segments = segments;
        this.size = segments.stream().mapToLong(Segment::size).sum();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void copyTo(OutputStream out, long offset, long length) throws IOException {
        long position = offset;
        long end = offset + length;
        byte[] buffer = new byte[(int) Math.min(BUFFER_SIZE, Math.max(length, 1))];
        for (Segment segment : segments) {
            if (position >= end) {
                break;
            }
            if (segment.end() <= position || segment.size() == 0) {
                continue;
            }
            long from = position - segment.start();
            long to = Math.min(end, segment.end()) - segment.start() - 1;
            try (ResponseInputStream<GetObjectResponse> in = S3Driver.call("read " + segment.key(), () ->
                    client.getObject(r -> r.bucket(bucket).key(segment.key()).range("bytes=" + from + "-" + to)))) {
                position += copy(in, out, buffer, to - from + 1);
            }
        }
        if (position < end) {
            throw new IOException("content ended " + (end - position) + " bytes early");
        }
    }

    private static long copy(InputStream in, OutputStream out, byte[] buffer, long length) throws IOException {
        long copied = 0;
        while (copied < length) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
            if (read < 0) {
                throw new IOException("object ended " + (length - copied) + " bytes early");
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    @Override
    public void close() {
        // Each range is its own request, closed as soon as it is read.
    }
}
