package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor, as it appears in manifests and in the referrers index. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(String mediaType, String digest, Long size, String artifactType,
                         Map<String, String> annotations, List<String> urls, Map<String, Object> platform) {

    public static Descriptor of(String mediaType, Digest digest, long size, String artifactType,
                                Map<String, String> annotations) {
        return new Descriptor(mediaType, digest.toString(), size, artifactType, annotations, null, null);
    }

    /** The digest, checked: a manifest naming a malformed digest is itself invalid. */
    public Digest parsedDigest() {
        try {
            return Digest.parse(digest);
        } catch (OciException e) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, "descriptor has an invalid digest: " + e.getMessage());
        }
    }
}
