package dev.berth.registry.route;

import dev.berth.oci.OciException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The route of a {@code /v2/} request, parsed once by {@link RouteFilter} and kept on the request:
 * as its path names it ({@code requested}, for metrics and records of refusals) and as it is served
 * ({@code local}, after a {@link RouteRewrite}). A path that names no route keeps its error.
 */
public final class RoutedRequest {
    private static final String ATTRIBUTE = RoutedRequest.class.getName();

    private final V2Route requested;
    private final V2Route local;
    private final OciException invalid;

    private RoutedRequest(V2Route requested, V2Route local, OciException invalid) {
        this.requested = requested;
        this.local = local;
        this.invalid = invalid;
    }

    /** Parses the request's route and keeps it on the request. */
    static void parse(HttpServletRequest request, RouteRewrite rewrite) {
        V2Route requested = null;
        RoutedRequest routed;
        try {
            requested = V2Route.parse(V2Route.pathAfterV2(request), request.getMethod());
            routed = new RoutedRequest(requested, rewrite.local(requested, request), null);
        } catch (OciException e) {
            routed = new RoutedRequest(requested, null, e);
        }
        request.setAttribute(ATTRIBUTE, routed);
    }

    /** The route of a {@code /v2/} request; empty for other requests. */
    public static Optional<RoutedRequest> of(HttpServletRequest request) {
        return Optional.ofNullable((RoutedRequest) request.getAttribute(ATTRIBUTE));
    }

    /** The route as the path names it, if it names one. */
    public Optional<V2Route> requested() {
        return Optional.ofNullable(requested);
    }

    /** The route the request is served by; the parse error when the path names none. */
    public V2Route local() {
        if (invalid != null) {
            throw invalid;
        }
        return local;
    }

    public boolean valid() {
        return invalid == null;
    }
}
