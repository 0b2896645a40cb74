package dev.berth.registry.api.upload;

import dev.berth.auth.access.CallerAccess;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.route.PathValue;
import dev.berth.registry.route.QueryParameters;
import dev.berth.registry.route.RequestAttributes;
import dev.berth.registry.route.UploadHeaders;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.UploadId;
import dev.berth.storage.upload.OutOfOrderChunkException;
import dev.berth.storage.upload.UploadStatus;
import dev.berth.storage.upload.UploadStore;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Blob uploads: {@code POST /v2/<name>/blobs/uploads/} (start, monolithic, or mount) and
 * {@code PATCH}/{@code PUT}/{@code GET}/{@code DELETE} of {@code /v2/<name>/blobs/uploads/<id>}.
 */
@Component
public class UploadEndpoints {
    /** Request attribute: when the upload a request completed had started (an {@code Instant}), for the metrics. */

    private final RegistryStorage storage;
    private final CallerAccess access;

    public UploadEndpoints(RegistryStorage storage, CallerAccess access) {
        this.storage = storage;
        this.access = access;
    }

    public ResponseEntity<Void> start(RepositoryName name, HttpServletRequest request) throws IOException {
        QueryParameters query = QueryParameters.parse(request.getQueryString());
        Optional<String> mount = query.get("mount");
        if (mount.isPresent()) {
            Digest digest = Digest.parse(mount.get());
            RepositoryName from = query.get("from").map(RepositoryName::of).orElse(null);
            // A mount the caller may not make falls back to an upload, as one of a missing blob does.
            if (access.mayMountFrom(from) && storage.blobs().mount(name, digest, from)) {
                return created(name, digest);
            }
        }
        Optional<String> digest = query.get("digest");
        if (digest.isPresent()) {
            Instant startedAt = Instant.now();
            Digest expected = Digest.parse(digest.get());
            UploadStatus session = storage.uploads().start(name, expected.digestAlgorithm());
            try (InputStream body = request.getInputStream()) {
                storage.uploads().complete(name, session.id(), expected, declaredLength(request, Optional.empty()), body);
            } catch (RuntimeException e) {
                discardQuietly(name, session.id());
                throw e;
            }
            request.setAttribute(RequestAttributes.UPLOAD_STARTED_AT, startedAt);
            return created(name, expected);
        }
        // digest-algorithm (distribution-spec after v1.1.1): hash as the data arrives, not at the end.
        DigestAlgorithm algorithm = query.get("digest-algorithm").filter(value -> !value.isEmpty())
                .map(DigestAlgorithm::parse).orElse(DigestAlgorithm.SHA256);
        UploadStatus session = storage.uploads().start(name, algorithm);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .headers(UploadHeaders.forSession(sessionPath(name, session.id()), session))
                .build();
    }

    public ResponseEntity<Void> patch(RepositoryName name, PathValue<UploadId> requested, HttpServletRequest request)
            throws IOException {
        UploadId id = requested.get();
        Optional<ChunkRange> range = chunkRange(name, id, request);
        UploadStatus status;
        try (InputStream body = request.getInputStream()) {
            status = storage.uploads().append(name, id,
                    range.map(r -> OptionalLong.of(r.start())).orElse(OptionalLong.empty()),
                    declaredLength(request, range), body);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .headers(UploadHeaders.forSession(sessionPath(name, id), status))
                .build();
    }

    public ResponseEntity<Void> complete(RepositoryName name, PathValue<UploadId> requested,
                                         HttpServletRequest request) throws IOException {
        UploadId id = requested.get();
        QueryParameters query = QueryParameters.parse(request.getQueryString());
        Digest expected = Digest.parse(query.get("digest").orElseThrow(
                () -> new OciException(ErrorCode.DIGEST_INVALID, "the digest query parameter is required")));
        Optional<ChunkRange> range = chunkRange(name, id, request);
        UploadStore.Completed completed;
        try (InputStream body = request.getInputStream()) {
            // One read of the session's state checks the range, finds the start time and completes.
            completed = storage.uploads().complete(name, id, expected,
                    range.map(r -> OptionalLong.of(r.start())).orElse(OptionalLong.empty()),
                    declaredLength(request, range), body);
        }
        request.setAttribute(RequestAttributes.UPLOAD_STARTED_AT, completed.startedAt());
        return created(name, expected);
    }

    public ResponseEntity<Void> status(RepositoryName name, PathValue<UploadId> requested) {
        UploadId id = requested.get();
        UploadStatus status = storage.uploads().status(name, id);
        return ResponseEntity.status(HttpStatus.NO_CONTENT)
                .headers(UploadHeaders.forSession(sessionPath(name, id), status))
                .build();
    }

    public ResponseEntity<Void> cancel(RepositoryName name, PathValue<UploadId> requested) {
        storage.uploads().cancel(name, requested.get());
        return ResponseEntity.noContent().build();
    }

    /**
     * The chunk's Content-Range. One the registry cannot use is answered like a chunk out of order
     * (416 with the session's current {@code Range}), so the client learns where to go on.
     */
    private Optional<ChunkRange> chunkRange(RepositoryName name, UploadId id, HttpServletRequest request) {
        try {
            return ChunkRange.parse(request.getHeader(HttpHeaders.CONTENT_RANGE));
        } catch (OciException malformed) {
            throw new OutOfOrderChunkException(id, storage.uploads().status(name, id).offset(), malformed.getMessage());
        }
    }

    private void discardQuietly(RepositoryName name, UploadId id) {
        try {
            storage.uploads().cancel(name, id);
        } catch (RuntimeException ignored) {
            // already gone (a digest mismatch discards the session itself)
        }
    }

    /** The length the client promised: the chunk's Content-Range if given, else Content-Length. */
    private static OptionalLong declaredLength(HttpServletRequest request, Optional<ChunkRange> range) {
        if (range.isPresent()) {
            return OptionalLong.of(range.get().length());
        }
        long contentLength = request.getContentLengthLong();
        return contentLength >= 0 ? OptionalLong.of(contentLength) : OptionalLong.empty();
    }

    private static ResponseEntity<Void> created(RepositoryName name, Digest digest) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/" + name + "/blobs/" + digest)
                .header("Docker-Content-Digest", digest.toString())
                .contentLength(0)
                .build();
    }

    private static String sessionPath(RepositoryName name, UploadId id) {
        return "/v2/" + name + "/blobs/uploads/" + id;
    }
}
