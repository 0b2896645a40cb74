package dev.berth.registry.route;

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
 * Parses the route of every {@code /v2/} and {@code /api/} request once, before the access check,
 * and keeps it on the request ({@link RoutedRequest}, {@link BrowseRoute#of}) for the access check,
 * the metrics, the audit trail and the controllers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class RouteFilter extends OncePerRequestFilter {
    private final RouteRewrite rewrite;

    public RouteFilter(RouteRewrite rewrite) {
        this.rewrite = rewrite;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !V2Route.addresses(request) && !BrowseRoute.addresses(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (V2Route.addresses(request)) {
            RoutedRequest.parse(request, rewrite);
        } else {
            BrowseRoute.parseInto(request);
        }
        chain.doFilter(request, response);
    }
}
