package dev.berth.registry.api.error;

import dev.berth.oci.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The error dispatch of a /v2/ request that failed outside the controllers (Tomcat refused TRACE,
 * the body broke off while Tomcat read it, ...): answered with the spec's error document rather
 * than Spring Boot's {@code {"timestamp":...}} page. Other paths keep Spring Boot's error page.
 */
class ErrorDispatchFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return !(uri instanceof String path) || !ContainerErrorDocument.isApiPath(path.substring(
                Math.min(path.length(), request.getContextPath().length())));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (response.isCommitted()) {
            return;
        }
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer value ? value : response.getStatus();
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        // The error dispatch itself is a GET; the method that failed is kept in an attribute.
        Object method = request.getAttribute(RequestDispatcher.ERROR_METHOD);
        ErrorCode code = ContainerErrorDocument.codeFor(status,
                method instanceof String failed ? failed : request.getMethod(), path);
        response.setStatus(status);
        ContainerErrorDocument.prepare(response, code);
        ContainerErrorDocument.write(response.getWriter(), code, ContainerErrorDocument.message(status));
    }
}
