package dev.berth.registry.maintenance;

import dev.berth.registry.access.ReadOnlyMode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * In read-only mode, refuses every request that would change the store before a handler runs:
 * anything but {@code GET}/{@code HEAD} under {@code /v2/} (upload start, chunk, completion, cancel,
 * mount, manifest push, deletes) and under {@code /api/} (browse deletes, CI token changes). The
 * housekeeping runs of the admin API decide themselves ({@link Maintenance}), since their dry runs
 * and checks are fine. Runs after authentication, so a stranger still gets a challenge first.
 */
final class ReadOnlyFilter extends OncePerRequestFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> HOUSEKEEPING = Set.of("/api/admin/gc", "/api/admin/check",
            "/api/admin/uploads/cleanup", "/api/admin/retention");

    private final HandlerExceptionResolver errors;

    ReadOnlyFilter(HandlerExceptionResolver errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (changesStore(request)) {
            errors.resolveException(request, response, null, ReadOnlyMode.refusal());
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean changesStore(HttpServletRequest request) {
        if (READS.contains(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/v2/") || (path.startsWith("/api/") && !HOUSEKEEPING.contains(path));
    }
}
