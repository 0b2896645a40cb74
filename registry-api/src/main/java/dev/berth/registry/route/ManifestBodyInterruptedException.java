package dev.berth.registry.route;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;

/** A manifest body that ended before its declared length or broke its chunked encoding. */
public class ManifestBodyInterruptedException extends OciException {
    public ManifestBodyInterruptedException(String message) {
        super(ErrorCode.MANIFEST_INVALID, "the manifest body ended early or was malformed: " + message);
    }
}
