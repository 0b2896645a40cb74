package dev.berth.registry.replication;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.remote.RemoteRegistry;
import dev.berth.storage.manifest.ManifestDocument;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A remote registry as a rule's source or destination. */
final class RemoteImages implements ImageSource, ImageDestination {
    private static final JsonMapper JSON = JsonMapper.builder().build();
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

    /** By the referrers API, or else by the referrers tag schema (a registry without the API, as Distribution 2.8). */
    @Override
    public List<Digest> referrers(String repository, Digest subject) {
        List<Digest> found = remote.referrers(repository, subject);
        if (!found.isEmpty()) {
            return found;
        }
        return remote.getManifest(repository, fallbackTag(subject))
                .map(index -> ManifestDocument.parse(index.content()).manifestsOrEmpty().stream()
                        .map(Descriptor::parsedDigest).toList())
                .orElse(List.of());
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

    /**
     * Stores the manifest; a referrer the remote did not index itself (no {@code OCI-Subject} in the
     * answer) is added to the subject's referrers tag schema index there, so clients of a registry
     * without the referrers API still find it.
     */
    @Override
    public void putManifest(String repository, String reference, String contentType, byte[] content) {
        boolean indexed = remote.putManifest(repository, reference, contentType, content);
        ManifestDocument document = ManifestDocument.parse(content);
        if (!indexed && document.subject() != null) {
            Digest digest = DigestAlgorithm.SHA256.digest(content);
            if (Digest.looksLikeDigest(reference)) {
                digest = Digest.parse(reference);
            }
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("mediaType", contentType);
            descriptor.put("digest", digest.toString());
            descriptor.put("size", content.length);
            Optional.ofNullable(document.effectiveArtifactType()).ifPresent(type -> descriptor.put("artifactType", type));
            Optional.ofNullable(document.annotations()).filter(a -> !a.isEmpty()).ifPresent(a -> descriptor.put("annotations", a));
            addToFallbackIndex(repository, document.subject().parsedDigest(), descriptor);
        }
    }

    /** Adds the referrer to the subject's {@code <alg>-<hex>} index, unless it is listed already. */
    private void addToFallbackIndex(String repository, Digest subject, Map<String, Object> referrer) {
        String tag = fallbackTag(subject);
        List<Object> manifests = new ArrayList<>();
        Optional<RemoteRegistry.Manifest> existing = remote.getManifest(repository, tag);
        if (existing.isPresent()) {
            JsonNode index = JSON.readTree(existing.get().content());
            for (JsonNode descriptor : index.path("manifests")) {
                if (descriptor.path("digest").asString().equals(referrer.get("digest"))) {
                    return;
                }
                manifests.add(descriptor);
            }
        }
        manifests.add(referrer);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", manifests);
        remote.putManifest(repository, tag, MediaTypes.OCI_INDEX, JSON.writeValueAsBytes(index));
    }

    /** The referrers tag schema's tag for a subject: {@code sha256-<hex>}. */
    private static String fallbackTag(Digest subject) {
        return subject.algorithm() + "-" + subject.hex();
    }

    @Override
    public void delete(String repository, String reference) {
        remote.deleteManifest(repository, reference);
    }
}
