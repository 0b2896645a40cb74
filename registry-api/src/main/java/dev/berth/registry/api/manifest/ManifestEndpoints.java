package dev.berth.registry.api.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.access.DeletePolicy;
import dev.berth.registry.audit.AuditTrail;
import dev.berth.registry.events.RegistryEvents;
import dev.berth.registry.route.ManifestBodyInterruptedException;
import dev.berth.registry.route.QueryParameters;
import dev.berth.registry.route.ReadableReference;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.manifest.ManifestStore;
import dev.berth.storage.manifest.ManifestTooLargeException;
import dev.berth.storage.manifest.PushedManifest;
import dev.berth.storage.manifest.StoredManifest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** {@code PUT}, {@code GET}, {@code HEAD} and {@code DELETE} of {@code /v2/<name>/manifests/<reference>}. */
@Component
public class ManifestEndpoints {
    private final RegistryStorage storage;
    private final DeletePolicy deletePolicy;
    private final RegistryEvents events;
    private final AuditTrail audit;

    public ManifestEndpoints(RegistryStorage storage, DeletePolicy deletePolicy, RegistryEvents events,
                             AuditTrail audit) {
        this.storage = storage;
        this.deletePolicy = deletePolicy;
        this.events = events;
        this.audit = audit;
    }

    public ResponseEntity<byte[]> fetch(RepositoryName name, String referenceText, boolean withBody,
                                        HttpServletRequest request) {
        Reference reference = ReadableReference.parse(referenceText);
        StoredManifest manifest = storage.manifests().get(name, reference);
        if (reference instanceof Reference.ByTag && !AcceptedTypes.of(request).accepts(manifest.mediaType())) {
            throw new OciException(ErrorCode.MANIFEST_UNKNOWN, "manifest of type " + manifest.mediaType()
                    + " is not among the types the client accepts", Map.of("reference", referenceText));
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, manifest.mediaType())
                .header("Docker-Content-Digest", manifest.digest().toString())
                .header(HttpHeaders.ETAG, "\"" + manifest.digest() + "\"")
                .contentLength(manifest.content().length);
        // Clients resolve a tag by HEAD or GET; either is a use of the tag for not-pulled-for.
        if (reference instanceof Reference.ByTag byTag) {
            storage.tagPulls().touch(name, byTag.tag());
        }
        if (!withBody) {
            return response.build();
        }
        events.manifestPulled(request, name, reference, manifest.digest(), manifest.mediaType(), manifest.content().length);
        return response.body(manifest.content());
    }

    public ResponseEntity<Void> put(RepositoryName name, String referenceText, HttpServletRequest request)
            throws IOException {
        Reference reference = Reference.parse(referenceText);
        List<Tag> moreTags = QueryTags.of(QueryParameters.parse(request.getQueryString()));
        byte[] content = readLimited(request);
        PushedManifest pushed = storage.manifests().put(name, reference, moreTags, request.getContentType(), content);
        Digest digest = pushed.digest();
        audit.pushed(request, name, reference, moreTags, pushed);
        events.manifestPushed(request, name, reference, digest, request.getContentType(), content.length);
        for (Tag tag : moreTags) {
            events.manifestPushed(request, name, new Reference.ByTag(tag), digest, request.getContentType(),
                    content.length);
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/" + name + "/manifests/" + digest)
                .header("Docker-Content-Digest", digest.toString())
                .contentLength(0);
        // One OCI-Tag per tag the push set, so the client knows every ?tag= took effect.
        if (!moreTags.isEmpty()) {
            if (reference instanceof Reference.ByTag byTag) {
                response.header(QueryTags.OCI_TAG, byTag.tag().value());
            }
            moreTags.forEach(tag -> response.header(QueryTags.OCI_TAG, tag.value()));
        }
        pushed.subject().ifPresent(subject -> response.header("OCI-Subject", subject.toString()));
        return response.build();
    }

    public ResponseEntity<Void> delete(RepositoryName name, String referenceText, HttpServletRequest request) {
        deletePolicy.requireEnabled();
        Reference reference = Reference.parse(referenceText);
        // Which manifest a deleted tag named, for the audit trail: one link read, deletes are rare.
        Digest tagged = reference instanceof Reference.ByTag byTag
                ? storage.tags().resolve(name, byTag.tag()).orElse(null) : null;
        storage.manifests().delete(name, reference);
        audit.manifestDeleted(request, name, reference, tagged);
        events.manifestDeleted(request, name, reference);
        return ResponseEntity.accepted().contentLength(0).build();
    }

    /** Reads at most one byte past the limit, so an oversized push costs bounded memory. */
    private static byte[] readLimited(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > ManifestStore.MAX_MANIFEST_BYTES) {
            throw new ManifestTooLargeException(declared);
        }
        byte[] content;
        try (InputStream body = request.getInputStream()) {
            content = body.readNBytes(ManifestStore.MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new ManifestBodyInterruptedException(String.valueOf(e.getMessage()));
        }
        if (content.length > ManifestStore.MAX_MANIFEST_BYTES) {
            throw new ManifestTooLargeException(content.length);
        }
        if (declared >= 0 && content.length != declared) {
            throw new ManifestBodyInterruptedException(content.length + " of " + declared + " bytes arrived");
        }
        return content;
    }
}
