package dev.berth.storage;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies an upload session; a random UUID, checked before it reaches a path. */
public record UploadId(String value) {
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public UploadId {
        if (value == null || !UUID_FORM.matcher(value).matches()) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "unknown upload session");
        }
    }

    public static UploadId random() {
        return new UploadId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
