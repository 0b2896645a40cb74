package dev.berth.registry.mirror;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.util.Map;

/** An upstream request that did not give what was asked for, and why, in the terms a mirror acts on. */
final class UpstreamFailure extends RuntimeException {

    enum Kind {
        /** Connection failed, timed out, or a 5xx: try again later; cached content may stand in. */
        UNREACHABLE,
        /** 429: the upstream rate-limits us; cached content may stand in. */
        RATE_LIMITED,
        /** 401/403 even with our credentials (Docker Hub answers unknown repositories so too). */
        REFUSED,
        /** 404: the upstream does not have it. */
        NOT_FOUND,
        /** It answered with content that is not what was asked for (wrong digest, too large, malformed). */
        BAD_CONTENT
    }

    private final Kind kind;

    UpstreamFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    UpstreamFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** Whether cached content may be served instead: the upstream did not say the content is gone. */
    boolean cacheMayAnswer() {
        return kind != Kind.NOT_FOUND;
    }

    /**
     * What the client is told when nothing cached can answer; {@code unknown} is the code for "no such
     * thing". An upstream that cannot answer now is a 429 "come back later" (with {@code Retry-After})
     * rather than a 503: docker prints the message of a 4xx error, but only the bare status of a 5xx.
     */
    OciException toClientError(ErrorCode unknown, Map<String, String> detail) {
        return switch (kind) {
            case NOT_FOUND, REFUSED -> new OciException(unknown, getMessage(), detail);
            case RATE_LIMITED -> new OciException(ErrorCode.TOOMANYREQUESTS, getMessage(), detail);
            case UNREACHABLE, BAD_CONTENT -> new OciException(ErrorCode.TOOMANYREQUESTS,
                    "not in this registry's cache, and " + getMessage() + "; try again later", detail);
        };
    }
}
