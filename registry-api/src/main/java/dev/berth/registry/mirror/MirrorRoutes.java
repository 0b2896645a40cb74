package dev.berth.registry.mirror;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.api.QueryParameters;
import dev.berth.registry.api.V2Route;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which requests are for a mirror: repositories under an upstream's prefix, and containerd-style
 * requests naming the upstream host in {@code ns=}, which address the same cache as the prefix
 * ({@code /v2/library/nginx/...?ns=docker.io} is {@code hub/library/nginx}). Both the access check
 * and the API resolve requests here, so rules always apply to the repository actually served.
 */
@Component
public class MirrorRoutes {
    private final List<Upstream> upstreams;

    public MirrorRoutes(MirrorProperties properties) {
        this.upstreams = properties.upstreams().stream().map(Upstream::new).toList();
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
     * its repository moves under that upstream's prefix; otherwise (no {@code ns}, or a host no
     * upstream answers for, such as this registry's own) it stays as it is.
     */
    public V2Route local(V2Route route, HttpServletRequest request) {
        if (upstreams.isEmpty() || request.getQueryString() == null) {
            return route;
        }
        Optional<String> ns = QueryParameters.parse(request.getQueryString()).get("ns");
        if (ns.isEmpty()) {
            return route;
        }
        String host = ns.get().trim().toLowerCase(Locale.ROOT);
        for (Upstream upstream : upstreams) {
            if (upstream.hosts().contains(host)) {
                return renamed(route, upstream.prefix());
            }
        }
        return route;
    }

    /** Mirrored repositories are read-only: pushes and deletes there are refused. */
    public void refuseWrites(V2Route route, String method) {
        if (method.equals("GET") || method.equals("HEAD") || upstreams.isEmpty()) {
            return;
        }
        Optional<RepositoryName> name = nameOf(route);
        Optional<MirroredRepository> mirrored = name.flatMap(this::mirrored);
        if (mirrored.isPresent()) {
            throw new OciException(ErrorCode.UNSUPPORTED, mirrored.get().local() + " is a read-only mirror of "
                    + mirrored.get().upstream().url() + "; push to a repository outside '"
                    + mirrored.get().upstream().prefix() + "/'", java.util.Map.of("name", name.get().value()));
        }
    }

    private static Optional<RepositoryName> nameOf(V2Route route) {
        if (route instanceof V2Route.Manifest manifest) {
            return Optional.of(manifest.name());
        } else if (route instanceof V2Route.Blob blob) {
            return Optional.of(blob.name());
        } else if (route instanceof V2Route.Uploads uploads) {
            return Optional.of(uploads.name());
        } else if (route instanceof V2Route.Upload upload) {
            return Optional.of(upload.name());
        } else if (route instanceof V2Route.Tags tags) {
            return Optional.of(tags.name());
        } else if (route instanceof V2Route.Referrers referrers) {
            return Optional.of(referrers.name());
        }
        return Optional.empty();
    }

    private static V2Route renamed(V2Route route, String prefix) {
        Optional<RepositoryName> name = nameOf(route);
        if (name.isEmpty()) {
            return route;
        }
        RepositoryName local = RepositoryName.of(prefix + "/" + name.get().value());
        if (route instanceof V2Route.Manifest manifest) {
            return new V2Route.Manifest(local, manifest.reference());
        } else if (route instanceof V2Route.Blob blob) {
            return new V2Route.Blob(local, blob.digest());
        } else if (route instanceof V2Route.Uploads) {
            return new V2Route.Uploads(local);
        } else if (route instanceof V2Route.Upload upload) {
            return new V2Route.Upload(local, upload.id());
        } else if (route instanceof V2Route.Tags) {
            return new V2Route.Tags(local);
        } else {
            return new V2Route.Referrers(local, ((V2Route.Referrers) route).digest());
        }
    }
}
