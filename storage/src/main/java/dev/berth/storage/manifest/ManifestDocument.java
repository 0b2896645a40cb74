package dev.berth.storage.manifest;

import dev.berth.oci.Descriptor;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an image manifest or index the registry acts on. Unknown fields are ignored, as the
 * spec requires; fields of the wrong type make the manifest invalid.
 */
public record ManifestDocument(Integer schemaVersion, String mediaType, String artifactType, Descriptor config,
                               List<Descriptor> layers, List<Descriptor> manifests, Descriptor subject,
                               Map<String, String> annotations) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static ManifestDocument parse(byte[] content) {
        try {
            ManifestDocument document = JSON.readValue(content, ManifestDocument.class);
            if (document == null) {
                throw new OciException(ErrorCode.MANIFEST_INVALID, "manifest is not a JSON object");
            }
            return document;
        } catch (JacksonException e) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, "manifest is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The media type the content declares, or the one its shape implies when it declares none. */
    public String effectiveMediaType() {
        if (mediaType != null) {
            return mediaType;
        }
        return manifests != null ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }

    /** The type the referrers API reports: {@code artifactType}, else an image's config media type. */
    public String effectiveArtifactType() {
        if (artifactType != null) {
            return artifactType;
        }
        return config != null ? config.mediaType() : null;
    }

    public boolean isIndex() {
        return MediaTypes.INDEXES.contains(effectiveMediaType());
    }

    public List<Descriptor> layersOrEmpty() {
        return layers == null ? List.of() : layers;
    }

    public List<Descriptor> manifestsOrEmpty() {
        return manifests == null ? List.of() : manifests;
    }
}
