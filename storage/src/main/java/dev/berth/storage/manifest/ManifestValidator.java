package dev.berth.storage.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.blob.BlobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a pushed manifest before anything is stored: well-formed, of a supported type, and every
 * blob or child manifest it references already in the repository.
 */
final class ManifestValidator {
    private final BlobStore blobs;
    private final ManifestRevisions revisions;

    ManifestValidator(BlobStore blobs, ManifestRevisions revisions) {
        this.blobs = blobs;
        this.revisions = revisions;
    }

    /** Returns the manifest's media type. */
    String validate(RepositoryName name, String contentType, ManifestDocument document) {
        String mediaType = mediaType(contentType, document);
        if (document.schemaVersion() == null || document.schemaVersion() != 2) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, "schemaVersion must be 2");
        }
        if (MediaTypes.INDEXES.contains(mediaType)) {
            if (document.manifests() == null) {
                throw new OciException(ErrorCode.MANIFEST_INVALID, "an index must list its manifests");
            }
            for (Descriptor child : document.manifests()) {
                Digest digest = checked(child);
                if (!revisions.exists(name, digest)) {
                    throw unknownReference(digest);
                }
                blobs.mark(digest);
            }
        } else {
            if (document.config() == null || document.layers() == null) {
                throw new OciException(ErrorCode.MANIFEST_INVALID, "an image manifest needs config and layers");
            }
            requireBlob(name, document.config());
            for (Descriptor layer : document.layers()) {
                if (MediaTypes.NON_DISTRIBUTABLE_LAYERS.contains(layer.mediaType())) {
                    checked(layer);
                } else {
                    requireBlob(name, layer);
                }
            }
        }
        if (document.subject() != null) {
            checked(document.subject());
        }
        return mediaType;
    }

    static String mediaType(String contentType, ManifestDocument document) {
        String declared = document.mediaType();
        String header = contentType == null ? null : contentType.split(";", 2)[0].trim();
        if (declared != null && header != null && !header.isEmpty() && MediaTypes.isSupportedManifest(header)
                && !declared.equals(header)) {
            throw new OciException(ErrorCode.MANIFEST_INVALID,
                    "Content-Type " + header + " does not match the manifest's mediaType " + declared);
        }
        String mediaType = declared != null ? declared : header;
        if (mediaType == null || !MediaTypes.isSupportedManifest(mediaType)) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, "unsupported manifest media type: " + mediaType);
        }
        if (declared == null && !mediaType.equals(document.effectiveMediaType())) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, "the manifest's content does not match its type " + mediaType);
        }
        return mediaType;
    }

    /**
     * Checks, after the manifest is stored, that the blobs it names are still there: a sweep that
     * judged one unused just before this push touched it may have removed it meanwhile.
     */
    boolean blobsStillPresent(RepositoryName name, ManifestDocument document) {
        List<Descriptor> named = new ArrayList<>(document.layersOrEmpty());
        if (document.config() != null) {
            named.add(document.config());
        }
        return named.stream()
                .filter(descriptor -> !MediaTypes.NON_DISTRIBUTABLE_LAYERS.contains(descriptor.mediaType()))
                .allMatch(descriptor -> blobs.size(descriptor.parsedDigest()).isPresent());
    }

    private void requireBlob(RepositoryName name, Descriptor descriptor) {
        Digest digest = checked(descriptor);
        if (!blobs.isUsableIn(name, digest)) {
            throw unknownReference(digest);
        }
    }

    private static Digest checked(Descriptor descriptor) {
        if (descriptor.mediaType() == null || descriptor.size() == null || descriptor.size() < 0) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, "a descriptor needs a mediaType, a digest and a size");
        }
        return descriptor.parsedDigest();
    }

    private static OciException unknownReference(Digest digest) {
        return new OciException(ErrorCode.MANIFEST_BLOB_UNKNOWN,
                "manifest references a manifest or blob unknown to the repository", Map.of("digest", digest.toString()));
    }
}
