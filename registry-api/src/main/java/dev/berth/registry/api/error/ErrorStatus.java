package dev.berth.registry.api.error;

import dev.berth.oci.ErrorCode;
import org.springframework.http.HttpStatus;

/** The HTTP status each OCI error code answers with, as the spec and Docker clients expect. */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static HttpStatus of(ErrorCode code) {
        return switch (code) {
            case BLOB_UNKNOWN, BLOB_UPLOAD_UNKNOWN, MANIFEST_UNKNOWN, NAME_UNKNOWN -> HttpStatus.NOT_FOUND;
            case BLOB_UPLOAD_INVALID, DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN, MANIFEST_INVALID, NAME_INVALID,
                 SIZE_INVALID, TAG_INVALID, PAGINATION_NUMBER_INVALID -> HttpStatus.BAD_REQUEST;
            case RANGE_INVALID -> HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case DENIED -> HttpStatus.FORBIDDEN;
            case UNSUPPORTED -> HttpStatus.METHOD_NOT_ALLOWED;
            case TOOMANYREQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case UNKNOWN -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
