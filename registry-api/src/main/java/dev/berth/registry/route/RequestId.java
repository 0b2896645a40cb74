package dev.berth.registry.route;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id that ties a request's log lines, its response and the events it caused together: the
 * client's {@code X-Request-Id} when it looks like an id (a proxy in front may set one), else a new
 * UUID. Anything else a client sends there is ignored, so it cannot forge log lines.
 */
public final class RequestId {
    public static final String HEADER = "X-Request-Id";
    /** MDC key: every log line written while the request runs carries it. */
    public static final String MDC_KEY = "requestId";
    public static final String ATTRIBUTE = RequestId.class.getName();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestId() {
    }

    public static String choose(String header) {
        return header != null && SANE.matcher(header).matches() ? header : UUID.randomUUID().toString();
    }

    /** The id given to this request, when the observation filter saw it. */
    public static Optional<String> of(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(ATTRIBUTE));
    }
}
