package dev.berth.storage.upload;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;

/** A chunk that does not start where the upload stands; the client must be told the current offset. */
public class OutOfOrderChunkException extends OciException {
    private final transient UploadStatus status;

    public OutOfOrderChunkException(UploadId id, long offset) {
        super(ErrorCode.RANGE_INVALID, "chunk does not start at the upload's current offset " + offset);
        this.status = new UploadStatus(id, offset);
    }

    public UploadStatus status() {
        return status;
    }
}
