package dev.berth.registry.browse;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Every {@code /api/} response says how long the server spent on it, body included:
 * {@code Server-Timing: app;dur=12.3} (milliseconds), which browsers' developer tools show and the
 * browse benchmark reads. The JSON documents are small, so the body is held until it is complete.
 */
@Component
public class ServerTimingFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, buffered);
        } finally {
            double millis = (System.nanoTime() - start) / 1_000_000.0;
            if (!response.isCommitted()) {
                response.setHeader("Server-Timing", String.format(Locale.ROOT, "app;dur=%.1f", millis));
            }
            buffered.copyBodyToResponse();
        }
    }
}
