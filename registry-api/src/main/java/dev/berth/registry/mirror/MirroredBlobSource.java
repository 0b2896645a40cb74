package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.access.ReadOnlyMode;
import dev.berth.registry.content.BlobReply;
import dev.berth.registry.content.BlobSink;
import dev.berth.registry.content.BlobSource;
import dev.berth.registry.content.LocalBlobSource;
import dev.berth.registry.remote.RemoteRegistry;
import dev.berth.registry.route.OciStatusException;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.quota.QuotaExceededException;
import dev.berth.storage.upload.UploadInterruptedException;
import dev.berth.storage.upload.UploadStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Blob reads of mirrored repositories, itself a {@link BlobSource}: a stored blob is served as in
 * any repository. A missing one is fetched from the upstream once (see {@link BlobFetches}) and
 * relayed to the first client while it is written through the ordinary upload path, so it is
 * published only after its digest verified, on every storage driver. Blobs are content addressed:
 * a stored one never needs re-checking. In read-only mode the cache could store nothing, so it
 * serves what it holds as it stands and asks no upstream.
 */
@Primary
@Component
public class MirroredBlobSource implements BlobSource {
    private static final Logger log = LoggerFactory.getLogger(MirroredBlobSource.class);

    private final RegistryStorage storage;
    private final LocalBlobSource local;
    private final MirrorRoutes routes;
    private final ReadOnlyMode readOnly;
    /** How far a client may fall behind a fetch streamed to it before it is served the rest from the store. */
    private static final long MAX_CLIENT_LAG_BYTES = 8L * 1024 * 1024;

    private final BlobFetches fetches = new BlobFetches(Duration.ofMinutes(30));

    MirroredBlobSource(RegistryStorage storage, LocalBlobSource local, MirrorRoutes routes, ReadOnlyMode readOnly) {
        this.storage = storage;
        this.local = local;
        this.routes = routes;
        this.readOnly = readOnly;
    }

    @Override
    public BlobReply open(RepositoryName name, Digest digest, boolean withBody) {
        Optional<MirroredRepository> mirrored = readOnly.enabled() ? Optional.empty() : routes.mirrored(name);
        if (mirrored.isEmpty()) {
            return local.open(name, digest, withBody);
        }
        MirroredRepository repository = mirrored.get();
        // A cached blob costs one lookup more than an ordinary pull. (The link is asked first, not the
        // blob itself: that would leave a last-used mark behind for a blob that may never be stored.)
        if (storage.blobs().isLinked(repository.local(), digest)) {
            BlobReply cached = local.open(repository.local(), digest, withBody);
            if (!(cached instanceof BlobReply.Missing)) {
                return cached;
            }
            // linked, but its bytes are gone (collected): fetched again below
        }
        if (!isStored(digest)) {
            if (!withBody) {
                return describeUpstreamBlob(repository, digest);
            }
            return new BlobReply.Relayed(digest, sink -> relay(repository, digest, sink));
        }
        return linkedCopy(repository, digest, withBody);
    }

    /**
     * Fetches the blob into the sink, or, when another pull is fetching it already, waits for that and
     * then answers from the store.
     */
    private Optional<BlobReply> relay(MirroredRepository repository, Digest digest, BlobSink sink) throws IOException {
        RestOfDownload rest = new RestOfDownload();
        if (fetches.fetchOrAwait(digest, () -> isStored(digest), () -> streamThrough(repository, digest, sink, rest))) {
            // Only now, so pulls waiting for the fetch need not wait for this client too.
            return rest.send();
        }
        return Optional.of(linkedCopy(repository, digest, true));
    }

    /** A blob stored here: this repository may serve it once the upstream confirms it has it there too. */
    private BlobReply linkedCopy(MirroredRepository repository, Digest digest, boolean withBody) {
        if (!storage.blobs().isLinked(repository.local(), digest)) {
            // Stored for another repository: this one may serve it once the upstream confirms it has it here.
            try {
                repository.upstream().client().headBlob(repository, digest);
            } catch (UpstreamFailure failure) {
                throw failure.toClientError(ErrorCode.BLOB_UNKNOWN, detail(repository, digest));
            }
            storage.blobs().link(repository.local(), digest);
        }
        return local.open(repository.local(), digest, withBody);
    }

    private boolean isStored(Digest digest) {
        return storage.blobs().size(digest).isPresent();
    }

    /** A HEAD for a blob not cached yet: the upstream's answer, without fetching the bytes. */
    private static BlobReply describeUpstreamBlob(MirroredRepository repository, Digest digest) {
        try {
            return new BlobReply.Described(digest, repository.upstream().client().headBlob(repository, digest));
        } catch (UpstreamFailure failure) {
            throw failure.toClientError(ErrorCode.BLOB_UNKNOWN, detail(repository, digest));
        }
    }

    /**
     * Fetches the blob, passing it on to this client as it arrives, and stores it; what the client
     * has not got by then is left in {@code rest}. Returns null when stored, else the failure the
     * pulls waiting for it get. Failing before anything was sent, the
     * failure is thrown, as an OCI error to this client; failing after, this client's response is
     * left short of its declared length on a closing connection, which every client takes as a
     * broken download.
     */
    private RuntimeException streamThrough(MirroredRepository repository, Digest digest, BlobSink sink,
                                           RestOfDownload rest) {
        RepositoryName name = repository.local();
        RemoteRegistry.Blob blob;
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
                rest.set(() -> Optional.of(local.open(name, digest, true)));
                return null;
            }
            long length = blob.length().getAsLong();
            OutputStream out = sink.begin(digest, length);
            ClientFeed feed = new ClientFeed(out, MAX_CLIENT_LAG_BYTES);
            HeldBackCopy copy = new HeldBackCopy(blob.body(), feed);
            try {
                store(repository, digest, copy, OptionalLong.of(length));
            } catch (RuntimeException failure) {
                feed.abort();
                if (!sink.committed()) {
                    sink.reset();
                    throw failure;
                }
                log.warn("aborted the download of {}@{}: {}", name, digest, failure.getMessage());
                return failure;
            }
            copy.release();
            rest.set(() -> {
                finishDownload(name, digest, length, feed, out);
                return Optional.empty();
            });
            return null;
        } catch (IOException e) {
            return OciStatusException.unavailable("upstream download failed: " + e.getMessage());
        }
    }

    /** Sends what the feed still holds; a client that fell behind the fetch gets the rest from the store. */
    private void finishDownload(RepositoryName name, Digest digest, long length, ClientFeed feed, OutputStream out)
            throws IOException {
        feed.finish();
        if (feed.clientGone()) {
            return;
        }
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

    /**
     * What is left of a download streamed during a fetch, sent once the fetch is done: the bytes the
     * client has not got yet, or the stored blob; nothing by default.
     */
    private static final class RestOfDownload {
        private Delivery delivery = Optional::empty;

        void set(Delivery delivery) {
            this.delivery = delivery;
        }

        Optional<BlobReply> send() throws IOException {
            return delivery.run();
        }
    }

    @FunctionalInterface
    private interface Delivery {
        Optional<BlobReply> run() throws IOException;
    }
}
