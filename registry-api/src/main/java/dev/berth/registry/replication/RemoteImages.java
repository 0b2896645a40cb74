package dev.berth.registry.replication;

import dev.berth.oci.Digest;
import dev.berth.registry.remote.RemoteRegistry;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A remote registry as a rule's source or destination. */
final class RemoteImages implements ImageSource, ImageDestination {
    private final RemoteRegistry remote;

    RemoteImages(RemoteRegistry remote) {
        this.remote = remote;
    }

    @Override
    public Optional<Digest> resolve(String repository, String reference) {
        return remote.headManifest(repository, reference);
    }

    @Override
    public Optional<Manifest> manifest(String repository, Digest digest) {
        return remote.getManifest(repository, digest.toString())
                .map(manifest -> new Manifest(manifest.content(), manifest.contentType()));
    }

    @Override
    public InputStream openBlob(String repository, Digest digest) {
        return remote.openBlob(repository, digest).body();
    }

    @Override
    public List<Digest> referrers(String repository, Digest subject) {
        return remote.referrers(repository, subject);
    }

    @Override
    public Iterable<String> repositories() {
        return remote.repositories();
    }

    @Override
    public Iterable<String> tags(String repository) {
        return remote.tags(repository);
    }

    @Override
    public boolean hasBlob(String repository, Digest digest) {
        return remote.hasBlob(repository, digest);
    }

    @Override
    public boolean mount(String repository, Digest digest, String from) {
        return from != null && !from.equals(repository) && remote.mountBlob(repository, digest, from);
    }

    @Override
    public void putBlob(String repository, Digest digest, long size, Supplier<InputStream> body) {
        remote.pushBlob(repository, digest, size, body);
    }

    @Override
    public void putManifest(String repository, String reference, String contentType, byte[] content) {
        remote.putManifest(repository, reference, contentType, content);
    }

    @Override
    public void delete(String repository, String reference) {
        remote.deleteManifest(repository, reference);
    }
}
