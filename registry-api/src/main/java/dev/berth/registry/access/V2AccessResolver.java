package dev.berth.registry.access;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.RequiredAccess;
import dev.berth.registry.route.RoutedRequest;
import dev.berth.registry.route.V2Route;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What each distribution API request needs (for {@link RequestAccessResolver}), from its route and method: reads need {@code pull};
 * uploads and manifest pushes {@code pull} and {@code push} (as Distribution asks, and as docker
 * requests its tokens); deletes {@code delete}. The version check and paths that name no endpoint
 * need only valid credentials, so a stranger learns nothing from them. A containerd mirror request
 * ({@code ns=}) is checked against the mirrored repository it is served from.
 */
@Component
public class V2AccessResolver {

    /** Empty for requests outside the distribution API. */
    public Optional<RequiredAccess> resolve(HttpServletRequest request) {
        return RoutedRequest.of(request).map(routed -> routed.valid()
                ? required(routed.local(), request.getMethod()) : RequiredAccess.credentials());
    }

    static RequiredAccess required(V2Route route, String method) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (route instanceof V2Route.Catalog) {
            return read ? RequiredAccess.catalog() : RequiredAccess.credentials();
        }
        if (route instanceof V2Route.Tags tags) {
            return RequiredAccess.repository(tags.name(), Action.PULL);
        }
        if (route instanceof V2Route.Referrers referrers) {
            return RequiredAccess.repository(referrers.name(), Action.PULL);
        }
        if (route instanceof V2Route.Manifest manifest) {
            return switch (method) {
                case "PUT" -> RequiredAccess.repository(manifest.name(), Action.PULL, Action.PUSH);
                case "DELETE" -> RequiredAccess.repository(manifest.name(), Action.DELETE);
                default -> RequiredAccess.repository(manifest.name(), Action.PULL);
            };
        }
        if (route instanceof V2Route.Blob blob) {
            return method.equals("DELETE") ? RequiredAccess.repository(blob.name(), Action.DELETE)
                    : RequiredAccess.repository(blob.name(), Action.PULL);
        }
        if (route instanceof V2Route.Uploads uploads) {
            // A mount's source is checked by the upload endpoint, which falls back to a plain upload.
            return RequiredAccess.repository(uploads.name(), Action.PULL, Action.PUSH);
        }
        if (route instanceof V2Route.Upload upload) {
            return RequiredAccess.repository(upload.name(), Action.PULL, Action.PUSH);
        }
        return RequiredAccess.credentials();
    }
}
