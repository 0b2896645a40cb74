package dev.berth.registry.route;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import java.util.Map;

/**
 * The reference of a manifest read (GET, HEAD). A name no tag can have names nothing, so nothing
 * is found: {@code 404 MANIFEST_UNKNOWN}, as the conformance suite expects for its
 * {@code .INVALID_MANIFEST_NAME}. A malformed digest stays {@code DIGEST_INVALID}; writes keep
 * refusing an invalid tag with 400.
 */
public final class ReadableReference {
    private ReadableReference() {
    }

    public static Reference parse(String text) {
        if (Digest.looksLikeDigest(text)) {
            return Reference.parse(text);
        }
        try {
            return Reference.parse(text);
        } catch (OciException invalid) {
            throw new OciException(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to registry",
                    Map.of("reference", text == null ? "" : text.substring(0, Math.min(text.length(), 140))));
        }
    }
}
