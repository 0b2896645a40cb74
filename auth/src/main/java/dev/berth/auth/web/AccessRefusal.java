package dev.berth.auth.web;

import dev.berth.auth.access.RequiredAccess;
import dev.berth.auth.access.ResourceScope;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request turned away by the auth module: {@code UNAUTHORIZED} with a challenge, {@code DENIED},
 * or {@code TOOMANYREQUESTS} with {@code Retry-After}. The web layer's error handler renders it
 * like every other OCI error, adding {@link #headers()}.
 */
public class AccessRefusal extends OciException {
    private final transient Map<String, String> headers;

    private AccessRefusal(ErrorCode code, String message, Object detail, Map<String, String> headers) {
        super(code, message, detail);
        this.headers = Map.copyOf(headers);
    }

    public static AccessRefusal unauthorized(String message, String challenge, RequiredAccess required) {
        return new AccessRefusal(ErrorCode.UNAUTHORIZED, message, accessRecords(required),
                Map.of("WWW-Authenticate", challenge));
    }

    /** The same answer whether or not the repository exists: a refusal must not tell. */
    public static AccessRefusal denied(RequiredAccess required) {
        return new AccessRefusal(ErrorCode.DENIED, ErrorCode.DENIED.defaultMessage(), accessRecords(required), Map.of());
    }

    public static AccessRefusal tooManyRequests(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new AccessRefusal(ErrorCode.TOOMANYREQUESTS, "too many failed logins; try again later", null,
                Map.of("Retry-After", Long.toString(seconds)));
    }

    /**
     * The access asked for, as Distribution details it ({@code [{"Type","Name","Action"}]}, only
     * what the request itself named). Docker needs a detail here: an error without one is read as a
     * bare code, which its push retries for a minute before giving up.
     */
    private static List<Map<String, String>> accessRecords(RequiredAccess required) {
        List<Map<String, String>> records = new ArrayList<>();
        if (required != null) {
            for (ResourceScope scope : required.scopes()) {
                for (String action : scope.toString().substring(scope.toString().lastIndexOf(':') + 1).split(",")) {
                    records.add(Map.of("Type", scope.type(), "Name", scope.name(), "Action", action));
                }
            }
        }
        return records;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
