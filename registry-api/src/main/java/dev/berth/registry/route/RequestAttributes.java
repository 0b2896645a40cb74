package dev.berth.registry.route;

/**
 * Request attributes one part of the application leaves for another, so neither needs the
 * other's classes.
 */
public final class RequestAttributes {
    /** When the upload a request completed began ({@link java.time.Instant}), for the upload duration metric. */
    public static final String UPLOAD_STARTED_AT = "dev.berth.registry.api.upload.UploadEndpoints.startedAt";

    private RequestAttributes() {
    }
}
