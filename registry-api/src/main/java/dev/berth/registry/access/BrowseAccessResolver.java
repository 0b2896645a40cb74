package dev.berth.registry.access;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.RequiredAccess;
import dev.berth.auth.access.RequiredAccessResolver;
import dev.berth.registry.route.BrowseRoute;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * What each request needs, for the auth module's filter: browse API requests by their route, the
 * web UI's own files nothing (they hold no registry data; the page asks the API, which decides),
 * and everything else as the distribution API says ({@link V2AccessResolver}).
 *
 * <ul>
 *   <li>the repository list and storage use: the catalog, which shows each caller what they may pull</li>
 *   <li>a repository, its tags, an image: {@code pull} on it</li>
 *   <li>deleting a tag, an image or the whole repository: {@code delete} on it</li>
 *   <li>{@code /api/session}: nothing, so the page can ask who is signed in</li>
 * </ul>
 */
@Primary
@Component
public class BrowseAccessResolver implements RequiredAccessResolver {
    private final V2AccessResolver distribution;
    private final ManagementAccess management;

    public BrowseAccessResolver(V2AccessResolver distribution, ManagementAccess management) {
        this.distribution = distribution;
        this.management = management;
    }

    @Override
    public Optional<RequiredAccess> resolve(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/") || path.equals("/index.html") || path.startsWith("/ui/")) {
            return Optional.of(RequiredAccess.nothing());
        }
        if (path.startsWith(ManagementAccess.PREFIX)) {
            return Optional.of(management.required(path));
        }
        if (!path.startsWith("/api/")) {
            return distribution.resolve(request);
        }
        return Optional.of(BrowseRoute.find(request).map(route -> required(route, request.getMethod()))
                .orElse(RequiredAccess.credentials()));
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
