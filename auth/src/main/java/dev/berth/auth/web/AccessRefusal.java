package dev.berth.auth.web;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.time.Duration;
import java.util.Map;

/**
 * A request turned away by the auth module: {@code UNAUTHORIZED} with a challenge, {@code DENIED},
 * or {@code TOOMANYREQUESTS} with {@code Retry-After}. The web layer's error handler renders it
 * like every other OCI error, adding {@link #headers()}.
 */
public class AccessRefusal extends OciException {
    private final transient Map<String, String> headers;

    private AccessRefusal(ErrorCode code, String message, Map<String, String> headers) {
        super(code, message);
        this.headers = Map.copyOf(headers);
    }

    public static AccessRefusal unauthorized(String message, String challenge) {
        return new AccessRefusal(ErrorCode.UNAUTHORIZED, message, Map.of("WWW-Authenticate", challenge));
    }

    /** The same message whether or not the repository exists: a refusal must not tell. */
    public static AccessRefusal denied() {
        return new AccessRefusal(ErrorCode.DENIED, ErrorCode.DENIED.defaultMessage(), Map.of());
    }

    public static AccessRefusal tooManyRequests(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new AccessRefusal(ErrorCode.TOOMANYREQUESTS, "too many failed logins; try again later",
                Map.of("Retry-After", Long.toString(seconds)));
    }

    public Map<String, String> headers() {
        return headers;
    }
}
