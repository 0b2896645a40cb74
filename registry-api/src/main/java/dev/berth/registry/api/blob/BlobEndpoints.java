package dev.berth.registry.api.blob;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.access.DeletePolicy;
import dev.berth.registry.content.BlobReply;
import dev.berth.registry.content.BlobSink;
import dev.berth.registry.content.BlobSource;
import dev.berth.registry.content.ContentChange;
import dev.berth.registry.route.DistributionHeaders;
import dev.berth.registry.route.OciStatusException;
import dev.berth.registry.route.PathValue;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.ContentReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** {@code HEAD}, {@code GET} and {@code DELETE} of {@code /v2/<name>/blobs/<digest>}. */
@Component
public class BlobEndpoints {
    private static final Logger log = LoggerFactory.getLogger(BlobEndpoints.class);
    private static final String OCTET_STREAM = "application/octet-stream";
    /** Content addressed, so a client may keep it for good. */
    private static final String IMMUTABLE = "max-age=31536000";
    private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    private static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final RegistryStorage storage;
    private final BlobSource source;
    private final DeletePolicy deletePolicy;
    private final ApplicationEventPublisher changes;

    public BlobEndpoints(RegistryStorage storage, BlobSource source, DeletePolicy deletePolicy,
                         ApplicationEventPublisher changes) {
        this.storage = storage;
        this.source = source;
        this.deletePolicy = deletePolicy;
        this.changes = changes;
    }

    /**
     * Answers what the blob source found: the blob (or the requested range) streamed straight from
     * storage, a redirect, an upstream's description or relay; HEAD sends only headers.
     */
    public void fetch(RepositoryName name, PathValue<Digest> requested, boolean withBody, HttpServletRequest request,
                      HttpServletResponse response) throws IOException {
        Digest digest = requested.get();
        render(source.open(name, digest, withBody), withBody, request, response);
    }

    private void render(BlobReply reply, boolean withBody, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (reply instanceof BlobReply.Stored stored) {
            try (ContentReader content = stored.content()) {
                send(stored.digest(), content, withBody, request, response);
            }
        } else if (reply instanceof BlobReply.Redirect redirect) {
            response.setStatus(HttpStatus.TEMPORARY_REDIRECT.value());
            response.setHeader(HttpHeaders.LOCATION, redirect.location().toString());
            response.setHeader(DistributionHeaders.CONTENT_DIGEST, redirect.digest().toString());
        } else if (reply instanceof BlobReply.Described described) {
            response.setStatus(HttpStatus.OK.value());
            response.setContentType(OCTET_STREAM);
            response.setHeader(DistributionHeaders.CONTENT_DIGEST, described.digest().toString());
            described.size().ifPresent(response::setContentLengthLong);
        } else if (reply instanceof BlobReply.Relayed relayed) {
            Optional<BlobReply> rest = relayed.relay().sendTo(new ResponseSink(response));
            if (rest.isPresent()) {
                render(rest.get(), true, request, response);
            }
        } else if (reply instanceof BlobReply.Missing missing) {
            throw missing.reason();
        }
    }

    private static void send(Digest digest, ContentReader content, boolean withBody, HttpServletRequest request,
                             HttpServletResponse response) throws IOException {
        String etag = "\"" + digest + "\"";
        long size = content.size();
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(request.getHeader(HttpHeaders.RANGE), size);
        } catch (ByteRange.Unsatisfiable e) {
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            // No code of the spec's table is about reads; a range outside the blob is a bad parameter.
            throw new OciStatusException(ErrorCode.UNSUPPORTED, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                    "requested range is not satisfiable", Map.of("size", size));
        }
        response.setHeader(DistributionHeaders.CONTENT_DIGEST, digest.toString());
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
        if (etag.equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatus(HttpStatus.NOT_MODIFIED.value());
            return;
        }
        long start = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        response.setContentType(OCTET_STREAM);
        response.setContentLengthLong(length);
        if (range.isPresent()) {
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            response.setHeader(HttpHeaders.CONTENT_RANGE,
                    "bytes " + start + "-" + range.get().end() + "/" + size);
        } else {
            response.setStatus(HttpStatus.OK.value());
        }
        if (withBody && length > 0 && !sendfile(content, request, start, length)) {
            copy(content, response, start, length);
        }
    }

    /**
     * Hands a local file to Tomcat's {@code sendfile} (the kernel copies file to socket, no bytes
     * through the heap), when the connector supports it. The file is content addressed and never
     * rewritten, so Tomcat opening it again after this reader closes sends the same bytes.
     */
    private static boolean sendfile(ContentReader content, HttpServletRequest request, long start, long length) {
        Optional<Path> file = content.localFile();
        if (file.isEmpty() || !Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
            return false;
        }
        request.setAttribute(SENDFILE_FILENAME, file.get().toAbsolutePath().toString());
        request.setAttribute(SENDFILE_START, start);
        request.setAttribute(SENDFILE_END, start + length);
        return true;
    }

    private static void copy(ContentReader content, HttpServletResponse response, long start, long length) {
        try {
            content.copyTo(response.getOutputStream(), start, length);
        } catch (IOException e) {
            // The client went away mid-download; nothing more can be said to it.
            log.debug("blob download ended early: {}", e.getMessage());
        }
    }

    /** Removes the blob from this repository; the bytes go when garbage collection finds them unused. */
    public ResponseEntity<Void> delete(RepositoryName name, PathValue<Digest> requested, HttpServletRequest request) {
        deletePolicy.requireEnabled();
        Digest digest = requested.get();
        storage.blobs().unlink(name, digest);
        changes.publishEvent(new ContentChange.BlobDeleted(request, name, digest));
        return ResponseEntity.accepted()
                .header(DistributionHeaders.CONTENT_DIGEST, digest.toString())
                .contentLength(0)
                .build();
    }

    /**
     * A relayed blob goes straight into the response. Should the relay break off (its digest not
     * verifying), closing the connection short of the declared length is what tells the client.
     */
    private static final class ResponseSink implements BlobSink {
        private final HttpServletResponse response;

        ResponseSink(HttpServletResponse response) {
            this.response = response;
        }

        @Override
        public OutputStream begin(Digest digest, long length) throws IOException {
            response.setStatus(HttpStatus.OK.value());
            response.setContentType(OCTET_STREAM);
            response.setContentLengthLong(length);
            response.setHeader(DistributionHeaders.CONTENT_DIGEST, digest.toString());
            response.setHeader(HttpHeaders.ETAG, "\"" + digest + "\"");
            response.setHeader(HttpHeaders.CONNECTION, "close");
            return response.getOutputStream();
        }

        @Override
        public boolean committed() {
            return response.isCommitted();
        }

        @Override
        public void reset() {
            response.reset();
        }
    }
}
