package dev.berth.oci;

/**
 * A failure a client caused or must be told about, carrying the OCI error code it maps to.
 * The HTTP layer turns it into the spec's error JSON.
 */
public class OciException extends RuntimeException {
    private final ErrorCode code;
    private final transient Object detail;

    public OciException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public OciException(ErrorCode code, String message, Object detail) {
        super(message == null ? code.defaultMessage() : message);
        this.code = code;
        this.detail = detail;
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra machine-readable context for the error JSON's {@code detail} field, or null. */
    public Object detail() {
        return detail;
    }
}
