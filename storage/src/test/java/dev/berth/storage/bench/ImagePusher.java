package dev.berth.storage.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.upload.UploadStatus;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Pushes tiny images through the public storage API, as a client would through the HTTP API:
 * a base layer mounted from wherever it is stored (uploaded by the first image that needs it),
 * then its own layer and config uploaded, then the manifest. Every byte follows from the names
 * given, so pushing the same image twice stores nothing new.
 */
final class ImagePusher {
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    /** Images' {@code created}: a fixed start, one minute per image number, so content is reproducible. */
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final RegistryStorage storage;

    ImagePusher(RegistryStorage storage) {
        this.storage = storage;
    }

    /** The content of base layer {@code index}: a few bytes, since the store is about metadata. */
    static byte[] base(int index) {
        return ("berth large-store base layer " + index + "\n").getBytes(UTF_8);
    }

    /** A base layer as the manifests name it. */
    record Base(Digest digest, int size) {
    }

    /** A pushed manifest: what a second tag must point at. */
    record Pushed(Digest digest, byte[] manifest) {
    }

    /** Links base layer {@code index} into the repository: a cross-repository mount, or an upload when no repository has it yet. */
    Base ensureBase(RepositoryName name, int index) {
        byte[] content = base(index);
        Digest digest = digestOf(content);
        if (!storage.blobs().mount(name, digest, null)) {
            upload(name, content);
        }
        return new Base(digest, content.length);
    }

    /**
     * Pushes image {@code number} of the repository on the given base; with a null {@code tag} it
     * is pushed by digest and stays untagged.
     */
    Pushed push(RepositoryName name, Base base, int number, String tag) {
        byte[] layer = (name + " layer " + number + "\n").getBytes(UTF_8);
        Digest layerDigest = upload(name, layer);
        byte[] config = config(name, number, base.digest(), layerDigest);
        Digest configDigest = upload(name, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":" + descriptor(CONFIG_TYPE, configDigest, config.length) + ","
                + "\"layers\":[" + descriptor(LAYER_TYPE, base.digest(), base.size()) + ","
                + descriptor(LAYER_TYPE, layerDigest, layer.length) + "]}").getBytes(UTF_8);
        Reference reference = tag == null ? new Reference.ByDigest(digestOf(manifest)) : Reference.parse(tag);
        return new Pushed(storage.manifests().put(name, reference, MediaTypes.OCI_MANIFEST, manifest).digest(), manifest);
    }

    /** Points one more tag at a pushed manifest, as {@code docker push} of a second tag does: the manifest PUT again. */
    void tag(RepositoryName name, Pushed image, String tag) {
        storage.manifests().put(name, Reference.parse(tag), MediaTypes.OCI_MANIFEST, image.manifest());
    }

    /** Uploads a blob that no manifest names, as a push abandoned after its layers leaves behind. */
    void orphan(RepositoryName name) {
        upload(name, (name + " abandoned layer\n").getBytes(UTF_8));
    }

    private static byte[] config(RepositoryName name, int number, Digest base, Digest layer) {
        // Uncompressed layers, so each diff_id is the layer's own digest.
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + EPOCH.plusSeconds(60L * number) + "\","
                + "\"config\":{\"Labels\":{\"dev.berth.bench.image\":\"" + name + ":" + number + "\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + base + "\",\"" + layer + "\"]}}").getBytes(UTF_8);
    }

    /** Monolithic upload: one session, completed with the whole body, like POST then PUT ?digest=. */
    private Digest upload(RepositoryName name, byte[] content) {
        UploadStatus session = storage.uploads().start(name);
        return storage.uploads().complete(name, session.id(), digestOf(content), OptionalLong.of(content.length),
                new ByteArrayInputStream(content));
    }

    static Digest digestOf(byte[] content) {
        return Digest.sha256(BlobStore.sha256(content));
    }

    private static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }
}
