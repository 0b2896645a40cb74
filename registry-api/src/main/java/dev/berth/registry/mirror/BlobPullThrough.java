package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.registry.route.OciStatusException;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.api.blob.BlobEndpoints;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.quota.QuotaExceededException;
import dev.berth.storage.upload.UploadInterruptedException;
import dev.berth.storage.upload.UploadStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code GET}/{@code HEAD} of a blob in a mirrored repository. A stored blob is served as in any
 * repository. A missing one is fetched from the upstream once (see {@link BlobFetches}) and
 * streamed to the first client while it is written through the ordinary upload path, so it is
 * published only after its digest verified, on every storage driver. Blobs are content addressed:
 * a stored one never needs re-checking.
 */
@Component
public class BlobPullThrough {
    private static final Logger log = LoggerFactory.getLogger(BlobPullThrough.class);

    private final RegistryStorage storage;
    private final BlobEndpoints endpoints;
    /** How far a client may fall behind a fetch streamed to it before it is served the rest from the store. */
    private static final long MAX_CLIENT_LAG_BYTES = 8L * 1024 * 1024;

    private final BlobFetches fetches = new BlobFetches(Duration.ofMinutes(30));

    BlobPullThrough(RegistryStorage storage, BlobEndpoints endpoints) {
        this.storage = storage;
        this.endpoints = endpoints;
    }

    public void fetch(MirroredRepository repository, String digestText, boolean withBody, HttpServletRequest request,
                      HttpServletResponse response) throws IOException {
        Digest digest = Digest.parse(digestText);
        // A cached blob costs one lookup more than an ordinary pull. (The link is asked first, not the
        // blob itself: that would leave a last-used mark behind for a blob that may never be stored.)
        if (storage.blobs().isLinked(repository.local(), digest)) {
            try {
                endpoints.fetch(repository.local(), digestText, withBody, request, response);
                return;
            } catch (OciException unknown) {
                if (unknown.code() != ErrorCode.BLOB_UNKNOWN) {
                    throw unknown;
                }
                // linked, but its bytes are gone (collected): fetched again below
            }
        }
        if (!isStored(digest)) {
            if (!withBody) {
                describeUpstreamBlob(repository, digest, response);
                return;
            }
            RestOfDownload rest = new RestOfDownload();
            if (fetches.fetchOrAwait(digest, () -> isStored(digest),
                    () -> streamThrough(repository, digest, request, response, rest))) {
                // Only now, so pulls waiting for the fetch need not wait for this client too.
                rest.send();
                return;
            }
        }
        if (!storage.blobs().isLinked(repository.local(), digest)) {
            // Stored for another repository: this one may serve it once the upstream confirms it has it here.
            try {
                repository.upstream().client().headBlob(repository, digest);
            } catch (UpstreamFailure failure) {
                throw failure.toClientError(ErrorCode.BLOB_UNKNOWN, detail(repository, digest));
            }
            storage.blobs().link(repository.local(), digest);
        }
        endpoints.fetch(repository.local(), digestText, withBody, request, response);
    }

    private boolean isStored(Digest digest) {
        return storage.blobs().size(digest).isPresent();
    }

    /** A HEAD for a blob not cached yet: the upstream's answer, without fetching the bytes. */
    private static void describeUpstreamBlob(MirroredRepository repository, Digest digest, HttpServletResponse response) {
        OptionalLong size;
        try {
            size = repository.upstream().client().headBlob(repository, digest);
        } catch (UpstreamFailure failure) {
            throw failure.toClientError(ErrorCode.BLOB_UNKNOWN, detail(repository, digest));
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType("application/octet-stream");
        response.setHeader("Docker-Content-Digest", digest.toString());
        size.ifPresent(response::setContentLengthLong);
    }

    /**
     * Fetches the blob, passing it on to this client as it arrives, and stores it; what the client
     * has not got by then is left in {@code rest}. Returns null when stored, else the failure the
     * pulls waiting for it get. Failing before anything was sent, the
     * failure is thrown, as an OCI error to this client; failing after, this client's response is
     * left short of its declared length on a closing connection, which every client takes as a
     * broken download.
     */
    private RuntimeException streamThrough(MirroredRepository repository, Digest digest, HttpServletRequest request,
                                           HttpServletResponse response, RestOfDownload rest) {
        RepositoryName name = repository.local();
        UpstreamClient.Blob blob;
        try {
            blob = repository.upstream().client().openBlob(repository, digest);
        } catch (UpstreamFailure failure) {
            throw failure.toClientError(ErrorCode.BLOB_UNKNOWN, detail(repository, digest));
        }
        try (blob) {
            if (blob.length().isEmpty()) {
                // Without a declared length a short response cannot be told from a whole one, so nothing is
                // passed on before the digest verified: store first, then serve from the store.
                store(repository, digest, blob.body(), OptionalLong.empty());
                endpoints.fetch(name, digest.toString(), true, request, response);
                return null;
            }
            long length = blob.length().getAsLong();
            response.setStatus(HttpStatus.OK.value());
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(length);
            response.setHeader("Docker-Content-Digest", digest.toString());
            response.setHeader(HttpHeaders.ETAG, "\"" + digest + "\"");
            // Should the digest not verify, closing the connection is what tells the client.
            response.setHeader(HttpHeaders.CONNECTION, "close");
            ClientFeed feed = new ClientFeed(response.getOutputStream(), MAX_CLIENT_LAG_BYTES);
            HeldBackCopy copy = new HeldBackCopy(blob.body(), feed);
            try {
                store(repository, digest, copy, OptionalLong.of(length));
            } catch (RuntimeException failure) {
                feed.abort();
                if (!response.isCommitted()) {
                    response.reset();
                    throw failure;
                }
                log.warn("aborted the download of {}@{}: {}", name, digest, failure.getMessage());
                return failure;
            }
            copy.release();
            rest.set(() -> finishDownload(name, digest, length, feed, response));
            return null;
        } catch (IOException e) {
            return OciStatusException.unavailable("upstream download failed: " + e.getMessage());
        }
    }

    /** Sends what the feed still holds; a client that fell behind the fetch gets the rest from the store. */
    private void finishDownload(RepositoryName name, Digest digest, long length, ClientFeed feed,
                                HttpServletResponse response) throws IOException {
        feed.finish();
        if (feed.clientGone()) {
            return;
        }
        OutputStream out = response.getOutputStream();
        long sent = feed.sent();
        if (sent < length) {
            try (ContentReader stored = storage.blobs().openIn(name, digest)) {
                stored.copyTo(out, sent, length - sent);
            }
        }
        out.flush();
    }

    /** Writes the bytes through an upload session of the repository, verified and published as a push would be. */
    private void store(MirroredRepository repository, Digest digest, InputStream body, OptionalLong length) {
        RepositoryName name = repository.local();
        UploadStatus upload = storage.uploads().start(name);
        try {
            storage.uploads().complete(name, upload.id(), digest, length, body);
        } catch (QuotaExceededException full) {
            // A quota covering the cache's repositories: the pull is denied with the quota's message.
            throw full;
        } catch (OciException mismatch) {
            storage.uploads().remove(name, upload.id());
            throw OciStatusException.unavailable("upstream " + repository.upstream().name() + " sent content for "
                    + digest + " that does not match it (" + mismatch.getMessage() + "); nothing was stored",
                    detail(repository, digest));
        } catch (UploadInterruptedException broken) {
            storage.uploads().remove(name, upload.id());
            throw OciStatusException.unavailable("upstream " + repository.upstream().name()
                    + " broke off the download of " + digest + "; nothing was stored", detail(repository, digest));
        } catch (RuntimeException e) {
            storage.uploads().remove(name, upload.id());
            throw e;
        }
    }

    private static Map<String, String> detail(MirroredRepository repository, Digest digest) {
        return Map.of("digest", digest.toString(), "upstream", repository.upstream().name());
    }

    /** What is left of a download streamed during a fetch, sent once the fetch is done; nothing by default. */
    private static final class RestOfDownload {
        private Delivery delivery = () -> { };

        void set(Delivery delivery) {
            this.delivery = delivery;
        }

        void send() throws IOException {
            delivery.run();
        }
    }

    @FunctionalInterface
    private interface Delivery {
        void run() throws IOException;
    }
}
