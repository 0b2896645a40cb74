package dev.berth.registry.api.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.access.DeletePolicy;
import dev.berth.registry.content.ContentChange;
import dev.berth.registry.content.ManifestReply;
import dev.berth.registry.content.ManifestSource;
import dev.berth.registry.route.DistributionHeaders;
import dev.berth.registry.route.ManifestBodyInterruptedException;
import dev.berth.registry.route.PathValue;
import dev.berth.registry.route.QueryParameters;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** {@code PUT}, {@code GET}, {@code HEAD} and {@code DELETE} of {@code /v2/<name>/manifests/<reference>}. */
@Component
public class ManifestEndpoints {
    private final RegistryStorage storage;
    private final ManifestSource source;
    private final DeletePolicy deletePolicy;
    private final ApplicationEventPublisher changes;

    public ManifestEndpoints(RegistryStorage storage, ManifestSource source, DeletePolicy deletePolicy,
                             ApplicationEventPublisher changes) {
        this.storage = storage;
        this.source = source;
        this.deletePolicy = deletePolicy;
        this.changes = changes;
    }

    /** Answers what the manifest source found, if the client accepts its type. */
    public ResponseEntity<byte[]> fetch(RepositoryName name, PathValue<Reference> requested, boolean withBody,
                                        HttpServletRequest request) {
        Reference reference = requested.get();
        ManifestReply reply = source.open(name, reference);
        if (reply instanceof ManifestReply.Missing missing) {
            throw missing.reason();
        }
        ManifestReply.Found found = (ManifestReply.Found) reply;
        StoredManifest manifest = found.manifest();
        if (reference instanceof Reference.ByTag && !AcceptedTypes.of(request).accepts(manifest.mediaType())) {
            throw new OciException(ErrorCode.MANIFEST_UNKNOWN, "manifest of type " + manifest.mediaType()
                    + " is not among the types the client accepts", Map.of("reference", requested.text()));
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, manifest.mediaType())
                .header(DistributionHeaders.CONTENT_DIGEST, manifest.digest().toString())
                .header(HttpHeaders.ETAG, "\"" + manifest.digest() + "\"")
                .contentLength(manifest.content().length);
        found.warnings().forEach(warning -> response.header(HttpHeaders.WARNING, warning));
        source.served(name, reference, manifest);
        if (!withBody) {
            return response.build();
        }
        changes.publishEvent(new ContentChange.ManifestPulled(request, name, reference, manifest.digest(),
                manifest.mediaType(), manifest.content().length));
        return response.body(manifest.content());
    }

    public ResponseEntity<Void> put(RepositoryName name, PathValue<Reference> requested, HttpServletRequest request)
            throws IOException {
        Reference reference = requested.get();
        List<Tag> moreTags = QueryTags.of(QueryParameters.parse(request.getQueryString()));
        byte[] content = readLimited(request);
        PushedManifest pushed = storage.manifests().put(name, reference, moreTags, request.getContentType(), content);
        Digest digest = pushed.digest();
        changes.publishEvent(new ContentChange.ManifestPushed(request, name, reference, moreTags, pushed,
                request.getContentType(), content.length));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/" + name + "/manifests/" + digest)
                .header(DistributionHeaders.CONTENT_DIGEST, digest.toString())
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

    public ResponseEntity<Void> delete(RepositoryName name, PathValue<Reference> requested,
                                       HttpServletRequest request) {
        deletePolicy.requireEnabled();
        Reference reference = requested.get();
        // Which manifest a deleted tag named, for the audit trail: one link read, deletes are rare.
        Digest tagged = reference instanceof Reference.ByTag byTag
                ? storage.tags().resolve(name, byTag.tag()).orElse(null) : null;
        storage.manifests().delete(name, reference);
        changes.publishEvent(new ContentChange.ManifestDeleted(request, name, reference, tagged));
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
