package dev.berth.storage.upload;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.storage.UploadId;

/** A chunk that does not start where the upload stands; the client must be told the current offset. */
public class OutOfOrderChunkException extends OciException {
    private final transient UploadStatus status;

    public OutOfOrderChunkException(UploadId id, long offset) {
        this(id, offset, "chunk does not start at the upload's current offset " + offset);
    }

    /** A chunk whose range cannot be used for another reason, e.g. a malformed Content-Range. */
    public OutOfOrderChunkException(UploadId id, long offset, String message) {
        super(ErrorCode.BLOB_UPLOAD_INVALID, message);
        this.status = new UploadStatus(id, offset);
    }

    public UploadStatus status() {
        return status;
    }
}
