package dev.berth.registry.observability;

import dev.berth.auth.web.RegistryAccessFilter;
import dev.berth.registry.route.RequestAttributes;
import dev.berth.registry.route.RequestId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs around every request, before authentication: gives it a request id (echoed in
 * {@code X-Request-Id} and put in the logging MDC), counts the bytes in and out, and afterwards
 * records the request's metrics and writes its access log line.
 */
final class RequestObservationFilter extends OncePerRequestFilter {
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final RequestMetrics metrics;
    private final boolean accessLog;

    RequestObservationFilter(RequestMetrics metrics, boolean accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = RequestId.choose(request.getHeader(RequestId.HEADER));
        request.setAttribute(RequestId.ATTRIBUTE, id);
        response.setHeader(RequestId.HEADER, id);
        MDC.put(RequestId.MDC_KEY, id);
        long start = System.nanoTime();
        CountingRequest in = new CountingRequest(request);
        CountingResponse out = new CountingResponse(response);
        boolean handled = false;
        try {
            chain.doFilter(in, out);
            handled = true;
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String route = RouteName.of(request);
            // An exception escaping the chain becomes a 500 later, in the container, unless a status was already sent.
            int status = handled || response.isCommitted() ? response.getStatus() : 500;
            long sent = out.count() + sendfileBytes(request);
            metrics.record(route, status, in.count(), sent, took);
            if (request.getAttribute(RequestAttributes.UPLOAD_STARTED_AT) instanceof Instant started) {
                metrics.uploadCompleted(Duration.between(started, Instant.now()));
            }
            if (accessLog) {
                Object user = request.getAttribute(RegistryAccessFilter.USER_ATTRIBUTE);
                AccessLog.write(new AccessLog.Entry(id, request.getMethod(), request.getRequestURI(), status,
                        in.count(), sent, took, user == null ? "-" : user.toString(), request.getRemoteAddr(), route));
            }
            MDC.remove(RequestId.MDC_KEY);
        }
    }

    /** Bytes of a local blob handed to Tomcat's sendfile, which never pass the response stream. */
    private static long sendfileBytes(HttpServletRequest request) {
        if (request.getAttribute(SENDFILE_START) instanceof Long first && request.getAttribute(SENDFILE_END) instanceof Long end) {
            return end - first;
        }
        return 0;
    }
}
