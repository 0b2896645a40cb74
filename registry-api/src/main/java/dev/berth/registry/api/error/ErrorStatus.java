package dev.berth.registry.api.error;

import dev.berth.oci.ErrorCode;
import org.springframework.http.HttpStatus;

/** The HTTP status each OCI error code usually answers with, as the spec and Docker clients expect. */
public final class ErrorStatus {
    /** Seconds a client is asked to wait on a 429 or 503 that names no wait of its own. */
    public static final String DEFAULT_RETRY_AFTER = "5";

    private ErrorStatus() {
    }

    static HttpStatus of(ErrorCode code) {
        return switch (code) {
            case BLOB_UNKNOWN, BLOB_UPLOAD_UNKNOWN, MANIFEST_UNKNOWN, NAME_UNKNOWN -> HttpStatus.NOT_FOUND;
            case BLOB_UPLOAD_INVALID, DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN, MANIFEST_INVALID, NAME_INVALID,
                 SIZE_INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case DENIED -> HttpStatus.FORBIDDEN;
            case UNSUPPORTED -> HttpStatus.METHOD_NOT_ALLOWED;
            case TOOMANYREQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    /**
     * The code for a status that the container or framework chose before any endpoint ran, when
     * nothing more is known of the failure: a request it could not parse or route is an
     * unsupported operation, a 429 or 5xx is "come back later".
     */
    public static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.DENIED;
            case 413 -> ErrorCode.SIZE_INVALID;
            case 429 -> ErrorCode.TOOMANYREQUESTS;
            default -> status >= 500 && status != 501 && status != 505 ? ErrorCode.TOOMANYREQUESTS : ErrorCode.UNSUPPORTED;
        };
    }

    /** Every {@code TOOMANYREQUESTS} answer tells the client when to come back ({@code Retry-After}). */
    public static boolean asksToRetry(ErrorCode code) {
        return code == ErrorCode.TOOMANYREQUESTS;
    }
}
