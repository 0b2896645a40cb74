package dev.berth.storage.blob;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.DigestFolders;
import dev.berth.storage.LinkFile;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.catalog.RepositoryCatalog;
import dev.berth.storage.driver.ContentMissingException;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.quota.Charge;
import dev.berth.storage.quota.HeldAs;
import dev.berth.storage.quota.Quotas;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Content-addressed blobs, stored once for all repositories, and the links that let a repository
 * serve them. A repository sees only blobs it links, so sharing bytes never shares visibility.
 */
public final class BlobStore {
    private final StorageDriver driver;
    private final BlobUsage usage;
    private final RepositoryCatalog catalog;
    private final BlobRemoval removal;
    private final Quotas quotas;

    public BlobStore(StorageDriver driver, BlobUsage usage, RepositoryCatalog catalog, Clock clock, Quotas quotas) {
        this.driver = driver;
        this.quotas = quotas;
        this.usage = usage;
        this.catalog = catalog;
        this.removal = new BlobRemoval(driver, usage, clock);
    }

    /** Size of a blob this repository may serve; {@code BLOB_UNKNOWN} otherwise. */
    public long sizeIn(RepositoryName name, Digest digest) {
        // Marked (always written) before it is looked up: a client that finds it may push a manifest
        // naming it next, and a sweep that checks the mark after this point spares it.
        usage.mark(digest);
        if (!isLinked(name, digest) || removal.isBeingRemoved(digest)) {
            throw unknown(digest);
        }
        return size(digest).orElseThrow(() -> unknown(digest));
    }

    /** Opens a blob this repository may serve; {@code BLOB_UNKNOWN} otherwise. The caller closes it. */
    public ContentReader openIn(RepositoryName name, Digest digest) {
        usage.touch(digest);
        if (!isLinked(name, digest)) {
            throw unknown(digest);
        }
        try {
            return driver.open(StorageLayout.blobData(digest));
        } catch (ContentMissingException e) {
            throw unknown(digest);
        }
    }

    /**
     * Where a client may fetch a blob this repository may serve straight from the store (a presigned
     * S3 URL), when the store is set up for it; empty to stream it through the registry.
     */
    public Optional<URI> directDownloadIn(RepositoryName name, Digest digest) {
        // Asked of the driver first: signing a URL costs no I/O, and a driver that hands out none
        // (local disk) then pays nothing here before openIn checks the link anyway.
        Optional<URI> direct = driver.directDownload(StorageLayout.blobData(digest));
        if (direct.isPresent()) {
            usage.touch(digest);
            if (!isLinked(name, digest)) {
                throw unknown(digest);
            }
        }
        return direct;
    }

    /** Size of the stored blob, whichever repositories link it. */
    public OptionalLong size(Digest digest) {
        return driver.stat(StorageLayout.blobData(digest))
                .map(stat -> OptionalLong.of(stat.size())).orElse(OptionalLong.empty());
    }

    /**
     * Whether a manifest pushed to this repository may name the blob: linked here and its bytes
     * present. Marks it used, so a sweep running now spares it.
     */
    public boolean isUsableIn(RepositoryName name, Digest digest) {
        usage.mark(digest);
        return isLinked(name, digest) && !removal.isBeingRemoved(digest) && size(digest).isPresent();
    }

    /** Marks content a manifest being pushed names (see {@link BlobUsage}). */
    public void mark(Digest digest) {
        usage.mark(digest);
    }

    public BlobUsage usage() {
        return usage;
    }

    public BlobRemoval removal() {
        return removal;
    }

    /**
     * Every blob in the content store, one shard folder ({@code blobs/<algorithm>/<2 hex>/}) at a
     * time, so a walk over millions of blobs holds one shard's digests in memory, not all of them.
     */
    public Iterable<Digest> stored() {
        return () -> shards().stream().flatMap(shard -> storedIn(shard).stream()).iterator();
    }

    /** The shard folders of the content store, sha256 and sha512. */
    public List<String> shards() {
        List<String> shards = new ArrayList<>();
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            driver.list(StorageLayout.blobShards(algorithm)).stream().sorted()
                    .forEach(shard -> shards.add(StorageLayout.blobShard(algorithm, shard)));
        }
        return shards;
    }

    /** The blobs of one shard folder from {@link #shards()}. */
    public List<Digest> storedIn(String shard) {
        return DigestFolders.list(driver, shard, StorageLayout.shardAlgorithm(shard));
    }

    /** Every blob the repository links. */
    public List<Digest> linkedIn(RepositoryName name) {
        return DigestFolders.list(driver, StorageLayout.layers(name));
    }

    public boolean isLinked(RepositoryName name, Digest digest) {
        return LinkFile.readsAs(driver, StorageLayout.layerLink(name, digest), digest);
    }

    public void link(RepositoryName name, Digest digest) {
        LinkFile.write(driver, StorageLayout.layerLink(name, digest), digest);
        catalog.announce(name);
    }

    /** Removes the repository's link; the bytes stay until garbage collection finds them unused. */
    public void unlink(RepositoryName name, Digest digest) {
        if (!isLinked(name, digest)) {
            throw unknown(digest);
        }
        driver.delete(StorageLayout.layerLinkFolder(name, digest));
        quotas.released(name, HeldAs.BLOB, digest);
    }

    /**
     * Removes a link to content that is no longer stored (integrity repair). Unlike {@link #unlink}
     * it needs no readable link and lets no quota go: the content's removal already did.
     */
    public void dropStaleLink(RepositoryName name, Digest digest) {
        driver.delete(StorageLayout.layerLinkFolder(name, digest));
    }

    /**
     * Removes a blob's content and marks outright, whichever repositories link it: corrupt content
     * (integrity repair), which then answers unknown until a client pushes it again.
     */
    public void discard(Digest digest) {
        driver.delete(StorageLayout.blobFolder(digest));
    }

    /** Opens a stored blob whichever repositories link it (integrity check); the caller closes it. */
    public ContentReader openStored(Digest digest) {
        return driver.open(StorageLayout.blobData(digest));
    }

    /** Removes every blob link of the repository (a repository delete); the bytes stay for garbage collection. */
    public void unlinkAll(RepositoryName name) {
        // Read before the links go: each quota covering the repository lets go of what it held.
        List<Digest> linked = quotas.quotas().isEmpty() ? List.of() : linkedIn(name);
        driver.delete(StorageLayout.layers(name));
        linked.forEach(digest -> quotas.released(name, HeldAs.BLOB, digest));
    }

    /**
     * Links into {@code target} a blob that {@code source} may serve (or, with no source, any stored
     * blob). Returns false when there is nothing to mount, so the caller falls back to an upload.
     */
    public boolean mount(RepositoryName target, Digest digest, RepositoryName source) {
        // Always written, as for a HEAD: the manifest naming the mounted blob comes next.
        usage.mark(digest);
        OptionalLong size = removal.isBeingRemoved(digest) || (source != null && !isLinked(source, digest))
                ? OptionalLong.empty() : size(digest);
        if (size.isEmpty()) {
            return false;
        }
        // A mount adds no bytes to the store, but it may add content to the target's quota scope.
        Charge charge = quotas.admit(target, HeldAs.BLOB, digest, size.getAsLong());
        try {
            link(target, digest);
        } catch (RuntimeException e) {
            charge.undo();
            throw e;
        }
        return true;
    }

    /** Moves verified upload data into the content store, unless the same content is already there. */
    public void publish(String uploadData, Digest digest) {
        String target = StorageLayout.blobData(digest);
        // Marked before it appears, so no sweep can take it between publishing and linking.
        markAfterAnyRemoval(digest);
        if (driver.stat(target).isPresent()) {
            driver.delete(uploadData);
        } else {
            driver.publish(uploadData, target);
        }
    }

    /**
     * Marks content about to be stored. A sweep removing the same content right now would delete
     * it after it appeared, so this waits for the removal to end and marks again once it has.
     */
    private void markAfterAnyRemoval(Digest digest) {
        usage.mark(digest);
        if (removal.isBeingRemoved(digest)) {
            removal.awaitRemoval(digest);
            usage.mark(digest);
        }
    }

    /** Stores small content such as a manifest under its sha256 digest and returns that. */
    public Digest putSmall(byte[] content) {
        return putSmall(content, DigestAlgorithm.SHA256);
    }

    /** Stores small content such as a manifest under its digest by {@code algorithm}. */
    public Digest putSmall(byte[] content, DigestAlgorithm algorithm) {
        Digest digest = algorithm.digest(content);
        String target = StorageLayout.blobData(digest);
        markAfterAnyRemoval(digest);
        if (driver.stat(target).isEmpty()) {
            driver.write(target, content);
        }
        return digest;
    }

    /** Reads small content such as a manifest. */
    public byte[] readSmall(Digest digest) {
        return driver.read(StorageLayout.blobData(digest)).orElseThrow(() -> unknown(digest));
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static OciException unknown(Digest digest) {
        return new OciException(ErrorCode.BLOB_UNKNOWN, "blob unknown to registry", java.util.Map.of("digest", digest.toString()));
    }
}
