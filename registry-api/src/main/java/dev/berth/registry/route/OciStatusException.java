package dev.berth.registry.route;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import org.springframework.http.HttpStatus;

/**
 * An OCI error whose HTTP status is not the one its code usually answers with: the spec's table has
 * fourteen codes for many more situations, e.g. a bad {@code n} ({@code UNSUPPORTED} with 400) or a
 * backend that cannot answer now ({@code TOOMANYREQUESTS} with 503: come back later).
 */
public class OciStatusException extends OciException {
    private final HttpStatus status;

    public OciStatusException(ErrorCode code, HttpStatus status, String message, Object detail) {
        super(code, message, detail);
        this.status = status;
    }

    public OciStatusException(ErrorCode code, HttpStatus status, String message) {
        this(code, status, message, null);
    }

    /** The backend (storage, an upstream) cannot answer now; the client should retry later. */
    public static OciStatusException unavailable(String message, Object detail) {
        return new OciStatusException(ErrorCode.TOOMANYREQUESTS, HttpStatus.SERVICE_UNAVAILABLE, message, detail);
    }

    public static OciStatusException unavailable(String message) {
        return unavailable(message, null);
    }

    /** A query parameter or header with a value the endpoint cannot use. */
    public static OciStatusException badParameter(String message) {
        return new OciStatusException(ErrorCode.UNSUPPORTED, HttpStatus.BAD_REQUEST, message, null);
    }

    public HttpStatus status() {
        return status;
    }
}
