package dev.berth.registry.audit;

import dev.berth.registry.route.BrowseRoute;
import dev.berth.registry.route.RoutedRequest;
import dev.berth.registry.route.V2Route;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The repository, reference and digest a request addressed, read from its path as the routes of
 * {@code /v2/} and of the browse API read it: what a refused request was about. Nulls where the
 * path names none, or is not a valid route (a refusal can come before any validation).
 */
record AuditTarget(String repository, String reference, String digest) {
    private static final AuditTarget NONE = new AuditTarget(null, null, null);

    static AuditTarget of(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/v2/")) {
            return RoutedRequest.of(request).flatMap(RoutedRequest::requested).map(AuditTarget::of).orElse(NONE);
        }
        if (path.startsWith("/api/repositories/")) {
            return BrowseRoute.find(request).map(AuditTarget::of).orElse(NONE);
        }
        return NONE;
    }

    private static AuditTarget of(V2Route route) {
        if (route instanceof V2Route.Manifest manifest) {
            return withReference(manifest.name().value(), manifest.reference().text());
        }
        if (route instanceof V2Route.Blob blob) {
            return new AuditTarget(blob.name().value(), blob.digest().text(), blob.digest().text());
        }
        if (route instanceof V2Route.Uploads uploads) {
            return new AuditTarget(uploads.name().value(), null, null);
        }
        if (route instanceof V2Route.Upload upload) {
            return new AuditTarget(upload.name().value(), null, null);
        }
        return NONE;
    }

    private static AuditTarget of(BrowseRoute route) {
        if (route instanceof BrowseRoute.Tag tag) {
            return new AuditTarget(tag.name().value(), tag.tag(), null);
        }
        if (route instanceof BrowseRoute.Manifest manifest) {
            return withReference(manifest.name().value(), manifest.reference());
        }
        return NONE;
    }

    private static AuditTarget withReference(String repository, String reference) {
        return new AuditTarget(repository, reference, reference.contains(":") ? reference : null);
    }
}
