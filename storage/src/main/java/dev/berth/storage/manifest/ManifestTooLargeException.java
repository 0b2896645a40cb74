package dev.berth.storage.manifest;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;

/** A manifest over the size limit; the HTTP layer answers 413. */
public class ManifestTooLargeException extends OciException {
    public ManifestTooLargeException(long size) {
        super(ErrorCode.MANIFEST_INVALID, "manifest is larger than the limit of " + ManifestStore.MAX_MANIFEST_BYTES
                + " bytes", java.util.Map.of("size", size));
    }
}
