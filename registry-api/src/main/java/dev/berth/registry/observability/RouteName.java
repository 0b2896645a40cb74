package dev.berth.registry.observability;

import dev.berth.registry.route.RoutedRequest;
import dev.berth.registry.route.V2Route;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * The endpoint a request addressed, as a short stable name for metrics and the access log
 * ({@code blob_get}, {@code manifest_put}, {@code upload_patch}...). The distribution API has one
 * controller mapping for all of {@code /v2/**}, so Spring's own {@code uri} tag cannot tell its
 * endpoints apart. The set of names is fixed, whatever clients send.
 */
final class RouteName {
    private RouteName() {
    }

    static String of(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        Optional<RoutedRequest> routed = RoutedRequest.of(request);
        if (routed.isPresent()) {
            return routed.get().requested().map(route -> v2(route, method)).orElse("v2_unknown");
        }
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            return "v2_unknown"; // turned away before its route was read
        }
        if (path.equals("/auth/token")) {
            return "token";
        }
        if (path.startsWith("/api/admin/")) {
            return "admin";
        }
        if (path.startsWith("/api/")) {
            return "browse";
        }
        if (path.startsWith("/actuator/")) {
            return path.startsWith("/actuator/health") ? "health" : "metrics";
        }
        if (path.equals("/") || path.equals("/index.html") || path.startsWith("/ui/")) {
            return "ui";
        }
        return "other";
    }

    private static String v2(V2Route route, String method) {
        if (route instanceof V2Route.Base) {
            return "base";
        }
        if (route instanceof V2Route.Catalog) {
            return "catalog";
        }
        if (route instanceof V2Route.Tags) {
            return "tags_list";
        }
        if (route instanceof V2Route.Referrers) {
            return "referrers";
        }
        if (route instanceof V2Route.Manifest) {
            return verb("manifest", method, "GET", "HEAD", "PUT", "DELETE");
        }
        if (route instanceof V2Route.Blob) {
            return verb("blob", method, "GET", "HEAD", "DELETE");
        }
        if (route instanceof V2Route.Uploads) {
            return method.equals("POST") ? "upload_start" : "v2_unsupported";
        }
        return switch (method) {
            case "PATCH" -> "upload_patch";
            case "PUT" -> "upload_put";
            case "GET", "HEAD" -> "upload_status";
            case "DELETE" -> "upload_cancel";
            default -> "v2_unsupported";
        };
    }

    private static String verb(String kind, String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return kind + "_" + method.toLowerCase(Locale.ROOT);
            }
        }
        return "v2_unsupported";
    }
}
