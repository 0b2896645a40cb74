package dev.berth.registry.mirror;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.access.ReadOnlyRepositories;
import dev.berth.registry.route.QueryParameters;
import dev.berth.registry.route.RepositoryRoute;
import dev.berth.registry.route.RouteRewrite;
import dev.berth.registry.route.V2Route;
import dev.berth.storage.RegistryStorage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which requests are for a mirror: repositories under an upstream's prefix, and containerd-style
 * requests naming the upstream host in {@code ns=}, which address the same cache as the prefix
 * ({@code /v2/library/nginx/...?ns=docker.io} is {@code hub/library/nginx}), and, with a default
 * upstream, reads of names this registry does not hold (docker's {@code registry-mirrors} sends
 * {@code library/nginx} as it is). Both the access check
 * and the API resolve requests here, so rules always apply to the repository actually served.
 */
@Component
public class MirrorRoutes implements RouteRewrite, ReadOnlyRepositories {
    private static final String EXISTS_HERE_ATTRIBUTE = MirrorRoutes.class.getName() + ".existsHere";

    private final List<Upstream> upstreams;
    private final Optional<Upstream> defaultUpstream;
    private final RegistryStorage storage;

    public MirrorRoutes(MirrorProperties properties, RegistryStorage storage) {
        this.storage = storage;
        this.upstreams = properties.upstreams().stream().map(Upstream::new).toList();
        String defaultPrefix = properties.defaultUpstream();
        this.defaultUpstream = defaultPrefix == null || defaultPrefix.isBlank() ? Optional.empty()
                : Optional.of(upstreams.stream().filter(upstream -> upstream.prefix().equals(defaultPrefix.trim()))
                        .findFirst().orElseThrow(() -> new IllegalStateException("registry.proxy.default-upstream '"
                                + defaultPrefix + "' is the prefix of no configured upstream")));
        Set<String> prefixes = new HashSet<>();
        Set<String> hosts = new HashSet<>();
        for (Upstream upstream : upstreams) {
            if (!prefixes.add(upstream.prefix())) {
                throw new IllegalStateException("registry.proxy.upstreams: prefix '" + upstream.prefix() + "' is used twice");
            }
            for (String host : upstream.hosts()) {
                if (!hosts.add(host)) {
                    throw new IllegalStateException("registry.proxy.upstreams: host '" + host + "' is listed twice");
                }
            }
        }
        for (Upstream upstream : upstreams) {
            for (Upstream other : upstreams) {
                if (upstream != other && upstream.prefix().startsWith(other.prefix() + "/")) {
                    throw new IllegalStateException("registry.proxy.upstreams: prefix '" + upstream.prefix()
                            + "' lies under prefix '" + other.prefix() + "'");
                }
            }
        }
    }

    public List<Upstream> upstreams() {
        return upstreams;
    }

    /** The mirror a repository name lies under, if any. */
    public Optional<MirroredRepository> mirrored(RepositoryName name) {
        for (Upstream upstream : upstreams) {
            String prefix = upstream.prefix() + "/";
            if (name.value().startsWith(prefix)) {
                return Optional.of(new MirroredRepository(upstream, name, name.value().substring(prefix.length())));
            }
        }
        return Optional.empty();
    }

    /**
     * The route a request addresses in this registry: with {@code ns=<host>} of a mirrored upstream,
     * its repository moves under that upstream's prefix; so does, without {@code ns}, a read of a
     * name outside every prefix that this registry does not hold, when there is a default upstream.
     * Otherwise (a host no upstream answers for, such as this registry's own) it stays as it is.
     */
    @Override
    public V2Route local(V2Route route, HttpServletRequest request) {
        if (upstreams.isEmpty()) {
            return route;
        }
        Optional<String> ns = request.getQueryString() == null ? Optional.empty()
                : QueryParameters.parse(request.getQueryString()).get("ns");
        if (ns.isPresent()) {
            String host = ns.get().trim().toLowerCase(Locale.ROOT);
            for (Upstream upstream : upstreams) {
                if (upstream.hosts().contains(host)) {
                    return renamed(route, upstream.prefix());
                }
            }
        }
        // Only without ns: a request naming a host no upstream answers for is not Docker Hub's.
        if (ns.isEmpty() && defaultUpstream.isPresent() && isRead(request.getMethod()) && isContentRead(route)) {
            RepositoryName name = ((RepositoryRoute) route).name();
            if (mirrored(name).isEmpty() && !existsHere(name, request)) {
                return renamed(route, defaultUpstream.get().prefix());
            }
        }
        return route;
    }

    /**
     * Whether the repository exists here, looked up once per request: the access check and the
     * handler must agree on where a request goes, even if the name is pushed in between.
     */
    private boolean existsHere(RepositoryName name, HttpServletRequest request) {
        if (request.getAttribute(EXISTS_HERE_ATTRIBUTE) instanceof Boolean known) {
            return known;
        }
        boolean exists = storage.catalog().exists(name);
        request.setAttribute(EXISTS_HERE_ATTRIBUTE, exists);
        return exists;
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static boolean isContentRead(V2Route route) {
        return route instanceof V2Route.Manifest || route instanceof V2Route.Blob || route instanceof V2Route.Tags;
    }

    /** Mirrored repositories are read-only: pushes and deletes there are refused. */
    @Override
    public void refuseWrite(RepositoryName name) {
        Optional<MirroredRepository> mirrored = mirrored(name);
        if (mirrored.isPresent()) {
            throw new OciException(ErrorCode.UNSUPPORTED, mirrored.get().local() + " is a read-only mirror of "
                    + mirrored.get().upstream().url() + "; push to a repository outside '"
                    + mirrored.get().upstream().prefix() + "/'", Map.of("name", name.value()));
        }
    }

    private static V2Route renamed(V2Route route, String prefix) {
        if (!(route instanceof RepositoryRoute inRepository)) {
            return route;
        }
        return inRepository.withName(RepositoryName.of(prefix + "/" + inRepository.name().value()));
    }
}
