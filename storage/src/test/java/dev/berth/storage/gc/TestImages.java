package dev.berth.storage.gc;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.upload.UploadStatus;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Pushes images into a store the way a client does: blobs it lacks first, then the manifest. */
public final class TestImages {
    public record Image(Digest manifest, Digest config, List<Digest> layers) {
        List<Digest> content() {
            List<Digest> all = new ArrayList<>(layers);
            all.add(config);
            all.add(manifest);
            return all;
        }
    }

    private final RegistryStorage storage;
    private final DigestAlgorithm algorithm;

    public TestImages(RegistryStorage storage) {
        this(storage, DigestAlgorithm.SHA256);
    }

    /** Images whose blobs and manifests are all addressed by {@code algorithm}, as a sha512 client pushes them. */
    TestImages(RegistryStorage storage, DigestAlgorithm algorithm) {
        this.storage = storage;
        this.algorithm = algorithm;
    }

    /** Pushes an image whose layers have the given contents; existing blobs are checked for, not re-sent. */
    public Image push(RepositoryName name, String tag, String... layerContents) {
        List<Digest> layers = new ArrayList<>();
        StringBuilder layerJson = new StringBuilder();
        for (String content : layerContents) {
            byte[] bytes = content.getBytes(UTF_8);
            Digest digest = ensureBlob(name, bytes);
            layers.add(digest);
            layerJson.append(layerJson.length() == 0 ? "" : ",").append(descriptor(
                    "application/vnd.oci.image.layer.v1.tar+gzip", digest, bytes.length));
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"tag\":\"" + tag + "\"}").getBytes(UTF_8);
        Digest configDigest = ensureBlob(name, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.length)
                + ",\"layers\":[" + layerJson + "]}";
        Digest manifestDigest = algorithm == DigestAlgorithm.SHA256
                ? storage.manifests().put(name, Reference.parse(tag), MediaTypes.OCI_MANIFEST,
                        manifest.getBytes(UTF_8)).digest()
                : storage.manifests().put(name, new Reference.ByDigest(algorithm.digest(manifest.getBytes(UTF_8))),
                        List.of(new Tag(tag)), MediaTypes.OCI_MANIFEST, manifest.getBytes(UTF_8)).digest();
        return new Image(manifestDigest, configDigest, layers);
    }

    /** Uploads a blob that no manifest references. */
    Digest orphan(RepositoryName name, String content) {
        return upload(name, content.getBytes(UTF_8));
    }

    /** True when the image can be pulled whole: manifest by digest and every blob it names. */
    boolean pullable(RepositoryName name, Image image) {
        try {
            storage.manifests().get(name, new Reference.ByDigest(image.manifest()));
            for (Digest blob : image.content().subList(0, image.content().size() - 1)) {
                storage.blobs().openIn(name, blob).close();
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Digest ensureBlob(RepositoryName name, byte[] bytes) {
        Digest digest = algorithm.digest(bytes);
        try {
            storage.blobs().sizeIn(name, digest); // the client's HEAD
            return digest;
        } catch (RuntimeException missing) {
            return upload(name, bytes);
        }
    }

    private Digest upload(RepositoryName name, byte[] bytes) {
        UploadStatus session = storage.uploads().start(name, algorithm);
        return storage.uploads().complete(name, session.id(), algorithm.digest(bytes),
                OptionalLong.of(bytes.length), new ByteArrayInputStream(bytes));
    }

    private static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }
}
