package dev.berth.registry.replication;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.manifest.PushedManifest;
import dev.berth.storage.manifest.StoredManifest;
import dev.berth.storage.upload.UploadStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * This registry's own store as a source or a destination. Content arrives through the same storage
 * calls a client's push makes (upload sessions that verify the digest, manifest puts), so quotas and
 * immutable tags apply to replicated content as to pushed content.
 */
final class StoredImages implements ImageSource, ImageDestination {
    /** Told of each manifest stored here, for the audit trail and webhooks a push would feed. */
    interface Announcer {
        void stored(RepositoryName name, Reference reference, PushedManifest pushed, String contentType, long size);
    }

    private final RegistryStorage storage;
    private final Announcer announcer;

    StoredImages(RegistryStorage storage, Announcer announcer) {
        this.storage = storage;
        this.announcer = announcer;
    }

    @Override
    public Optional<Digest> resolve(String repository, String reference) {
        RepositoryName name = RepositoryName.of(repository);
        Reference parsed = Reference.parse(reference);
        if (parsed instanceof Reference.ByTag byTag) {
            return storage.tags().resolve(name, byTag.tag());
        }
        Digest digest = ((Reference.ByDigest) parsed).digest();
        return storage.manifests().contains(name, digest) ? Optional.of(digest) : Optional.empty();
    }

    @Override
    public Optional<Manifest> manifest(String repository, Digest digest) {
        try {
            StoredManifest stored = storage.manifests().get(RepositoryName.of(repository), new Reference.ByDigest(digest));
            return Optional.of(new Manifest(stored.content(), stored.mediaType()));
        } catch (OciException e) {
            if (e.code() == ErrorCode.MANIFEST_UNKNOWN || e.code() == ErrorCode.NAME_UNKNOWN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream openBlob(String repository, Digest digest) {
        return new ReaderStream(storage.blobs().openIn(RepositoryName.of(repository), digest));
    }

    @Override
    public List<Digest> referrers(String repository, Digest subject) {
        return storage.manifests().referrersOf(RepositoryName.of(repository), subject);
    }

    @Override
    public Iterable<String> repositories() {
        return storage.catalog().all();
    }

    @Override
    public Iterable<String> tags(String repository) {
        return storage.tags().all(RepositoryName.of(repository));
    }

    @Override
    public boolean hasBlob(String repository, Digest digest) {
        return storage.blobs().isLinked(RepositoryName.of(repository), digest);
    }

    @Override
    public boolean mount(String repository, Digest digest, String from) {
        // Any blob in the store may be linked: the content is verified and stored once for all repositories.
        return storage.blobs().mount(RepositoryName.of(repository), digest, null);
    }

    @Override
    public void putBlob(String repository, Digest digest, long size, Supplier<InputStream> body) {
        RepositoryName name = RepositoryName.of(repository);
        UploadStatus session = storage.uploads().start(name, digest.digestAlgorithm());
        try (InputStream in = body.get()) {
            storage.uploads().complete(name, session.id(), digest, OptionalLong.of(size), in);
        } catch (IOException e) {
            cancel(name, session);
            throw new ReplicationFailure("reading " + digest + " failed: " + e.getMessage(), true);
        } catch (RuntimeException e) {
            cancel(name, session);
            throw e;
        }
    }

    /** A failed upload's session goes; one the store already removed (digest mismatch) is fine. */
    private void cancel(RepositoryName name, UploadStatus session) {
        try {
            storage.uploads().cancel(name, session.id());
        } catch (OciException alreadyGone) {
            // nothing left to remove
        }
    }

    @Override
    public void putManifest(String repository, String reference, String contentType, byte[] content) {
        RepositoryName name = RepositoryName.of(repository);
        Reference parsed = Reference.parse(reference);
        PushedManifest pushed = storage.manifests().put(name, parsed, contentType, content);
        announcer.stored(name, parsed, pushed, contentType, content.length);
    }

    @Override
    public void delete(String repository, String reference) {
        try {
            storage.manifests().delete(RepositoryName.of(repository), Reference.parse(reference));
        } catch (OciException e) {
            if (e.code() != ErrorCode.MANIFEST_UNKNOWN && e.code() != ErrorCode.NAME_UNKNOWN) {
                throw e;
            }
        }
    }

    /** A stored blob read as a stream, a bounded range at a time (one ranged GET each on S3). */
    private static final class ReaderStream extends InputStream {
        private static final int RANGE = 8 * 1024 * 1024;

        private final ContentReader reader;
        private final long size;
        private long position;
        private byte[] buffer = new byte[0];
        private int bufferPosition;

        ReaderStream(ContentReader reader) {
            this.reader = reader;
            this.size = reader.size();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (bufferPosition == buffer.length) {
                if (position == size) {
                    return -1;
                }
                int next = (int) Math.min(RANGE, size - position);
                ByteArrayOutputStream range = new ByteArrayOutputStream(next);
                reader.copyTo(range, position, next);
                buffer = range.toByteArray();
                bufferPosition = 0;
                position += buffer.length;
                if (buffer.length == 0) {
                    throw new IOException("stored blob ended early");
                }
            }
            int count = Math.min(length, buffer.length - bufferPosition);
            System.arraycopy(buffer, bufferPosition, target, offset, count);
            bufferPosition += count;
            return count;
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
