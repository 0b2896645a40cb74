package dev.berth.registry.api;

import dev.berth.registry.route.DistributionHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every /v2/ response, errors included, says which API it speaks; Docker clients check for it.
 * Runs before Spring Security, so refusals carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiVersionHeaderFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/v2");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(DistributionHeaders.API_VERSION, DistributionHeaders.API_VERSION_VALUE);
        chain.doFilter(request, response);
    }
}
