package dev.berth.registry.route;

/** Header names of the distribution API that more than one part of the application sets or reads. */
public final class DistributionHeaders {
    /** Sent on every {@code /v2/} response, errors included, as Distribution does. */
    public static final String API_VERSION = "Docker-Distribution-API-Version";
    public static final String API_VERSION_VALUE = "registry/2.0";
    public static final String CONTENT_DIGEST = "Docker-Content-Digest";

    private DistributionHeaders() {
    }
}
