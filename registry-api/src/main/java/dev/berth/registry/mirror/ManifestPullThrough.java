package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.registry.api.manifest.ManifestEndpoints;
import dev.berth.registry.route.ReadableReference;
import dev.berth.storage.RegistryStorage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * {@code GET}/{@code HEAD} of a manifest in a mirrored repository: a tag is kept fresh by
 * {@link TagFreshness}, a digest missing here is fetched once and verified (digests never change,
 * so a cached one is never re-checked); then the cache answers as for any repository.
 */
@Component
public class ManifestPullThrough {
    private final RegistryStorage storage;
    private final ManifestEndpoints endpoints;
    private final TagFreshness freshness;

    ManifestPullThrough(RegistryStorage storage, ManifestEndpoints endpoints, TagFreshness freshness) {
        this.storage = storage;
        this.endpoints = endpoints;
        this.freshness = freshness;
    }

    public ResponseEntity<byte[]> fetch(MirroredRepository repository, String referenceText, boolean withBody,
                                        HttpServletRequest request) {
        Reference reference = ReadableReference.parse(referenceText);
        List<String> warnings = List.of();
        ResponseEntity<byte[]> served;
        if (reference instanceof Reference.ByTag byTag) {
            warnings = freshness.ensureFresh(repository, byTag.tag());
            served = endpoints.fetch(repository.local(), referenceText, withBody, request);
        } else {
            served = fetchByDigest(repository, ((Reference.ByDigest) reference).digest(), referenceText, withBody, request);
        }
        String digest = served.getHeaders().getFirst("Docker-Content-Digest");
        if (digest != null) {
            storage.pulls().touch(repository.local(), Digest.parse(digest));
        }
        if (warnings.isEmpty()) {
            return served;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(served.getHeaders());
        warnings.forEach(warning -> headers.add(HttpHeaders.WARNING, warning));
        return ResponseEntity.status(served.getStatusCode()).headers(headers).body(served.getBody());
    }

    /** A cached digest is served as it is, without a lookup of its own first; a missing one is fetched. */
    private ResponseEntity<byte[]> fetchByDigest(MirroredRepository repository, Digest digest, String referenceText,
                                                 boolean withBody, HttpServletRequest request) {
        try {
            return endpoints.fetch(repository.local(), referenceText, withBody, request);
        } catch (OciException unknown) {
            if (unknown.code() != ErrorCode.MANIFEST_UNKNOWN) {
                throw unknown;
            }
        }
        ensureCached(repository, digest);
        return endpoints.fetch(repository.local(), referenceText, withBody, request);
    }

    private void ensureCached(MirroredRepository repository, Digest digest) {
        if (storage.manifests().contains(repository.local(), digest)) {
            return;
        }
        try {
            CachedManifests.put(storage, repository, new Reference.ByDigest(digest),
                    repository.upstream().client().getManifest(repository, digest.toString()));
        } catch (UpstreamFailure failure) {
            throw failure.toClientError(ErrorCode.MANIFEST_UNKNOWN,
                    Map.of("reference", digest.toString(), "upstream", repository.upstream().name()));
        }
    }
}
