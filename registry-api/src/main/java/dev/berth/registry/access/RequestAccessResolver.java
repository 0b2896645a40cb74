package dev.berth.registry.access;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.RequiredAccess;
import dev.berth.auth.access.RequiredAccessResolver;
import dev.berth.registry.route.BrowseRoute;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What each request to the application needs, for the auth module's filter, which knows none of
 * its paths: the admin API an admin; the web UI's own files nothing (they hold no registry data;
 * the page asks the API, which decides); the actuator endpoints what {@link ManagementAccess} says;
 * the distribution API what {@link V2AccessResolver} says; browse API requests by their route:
 *
 * <ul>
 *   <li>the repository list and storage use: the catalog, which shows each caller what they may pull</li>
 *   <li>a repository, its tags, an image: {@code pull} on it</li>
 *   <li>deleting a tag, an image or the whole repository: {@code delete} on it</li>
 *   <li>{@code /api/session}: nothing, so the page can ask who is signed in</li>
 * </ul>
 */
@Component
public class RequestAccessResolver implements RequiredAccessResolver {
    private static final String ADMIN_PATH = "/api/admin/";
    private static final String API_PATH = "/api/";

    private final V2AccessResolver distribution;
    private final ManagementAccess management;

    public RequestAccessResolver(V2AccessResolver distribution, ManagementAccess management) {
        this.distribution = distribution;
        this.management = management;
    }

    @Override
    public Optional<RequiredAccess> resolve(HttpServletRequest request) {
        String path = path(request);
        if (path.startsWith(ADMIN_PATH)) {
            return Optional.of(new RequiredAccess.Admin());
        }
        if (path.equals("/") || path.equals("/index.html") || path.startsWith("/ui/")) {
            return Optional.of(RequiredAccess.nothing());
        }
        if (path.startsWith(ManagementAccess.PREFIX)) {
            return Optional.of(management.required(path));
        }
        if (!path.startsWith(API_PATH)) {
            return distribution.resolve(request);
        }
        return Optional.of(BrowseRoute.find(request).map(route -> required(route, request.getMethod()))
                .orElse(RequiredAccess.credentials()));
    }

    /**
     * The JSON API under /api/ (admin and browse) and the actuator endpoints (a Prometheus scraper)
     * are for people and scripts: password logins and CI tokens over basic, in every mode; the
     * token flow is the distribution API's.
     */
    @Override
    public boolean signsInWithPassword(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith(API_PATH) || path.startsWith(ManagementAccess.PREFIX);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static RequiredAccess required(BrowseRoute route, String method) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        boolean delete = method.equals("DELETE");
        if (route instanceof BrowseRoute.Session) {
            return RequiredAccess.nothing();
        }
        if ((route instanceof BrowseRoute.Repositories || route instanceof BrowseRoute.Usage) && read) {
            return RequiredAccess.catalog();
        }
        if (route instanceof BrowseRoute.Repository repository && (read || delete)) {
            return RequiredAccess.repository(repository.name(), delete ? Action.DELETE : Action.PULL);
        }
        if (route instanceof BrowseRoute.Tags tags && read) {
            return RequiredAccess.repository(tags.name(), Action.PULL);
        }
        if (route instanceof BrowseRoute.Manifest manifest) {
            return delete ? RequiredAccess.repository(manifest.name(), Action.DELETE)
                    : RequiredAccess.repository(manifest.name(), Action.PULL);
        }
        if (route instanceof BrowseRoute.Tag tag && delete) {
            return RequiredAccess.repository(tag.name(), Action.DELETE);
        }
        return RequiredAccess.credentials();
    }
}
