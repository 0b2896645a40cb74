package dev.berth.registry.route;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.UriUtils;

/**
 * Which browse endpoint a path under {@code /api/} addresses. Repository names contain slashes, so
 * a repository's sub-resources follow a {@code /-/} segment, which no name can contain (each name
 * component starts with a letter or digit): {@code repositories/team/app/-/tags}. {@link RouteFilter}
 * parses each request's route once; the access check, the controller and the audit trail read it.
 */
public sealed interface BrowseRoute {
    String ATTRIBUTE = BrowseRoute.class.getName();

    record Repositories() implements BrowseRoute {
    }

    record Repository(RepositoryName name) implements BrowseRoute {
    }

    record Tags(RepositoryName name) implements BrowseRoute {
    }

    record Tag(RepositoryName name, String tag) implements BrowseRoute {
    }

    record Manifest(RepositoryName name, String reference) implements BrowseRoute {
    }

    record Usage() implements BrowseRoute {
    }

    record Session() implements BrowseRoute {
    }

    Pattern REPOSITORY = Pattern.compile("repositories/([^-][^?]*?)/?");
    Pattern TAGS = Pattern.compile("repositories/(.+?)/-/tags/?");
    Pattern TAG = Pattern.compile("repositories/(.+?)/-/tags/([^/]+)");
    Pattern MANIFEST = Pattern.compile("repositories/(.+?)/-/manifests/([^/]+)");

    /** Whether the request is for the browse API (or the admin API, which shares its prefix). */
    static boolean addresses(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** Parses the request's route and keeps it, or the error, on the request. */
    static void parseInto(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Object parsed;
        try {
            parsed = parse(path.length() <= "/api/".length() ? "" : path.substring("/api/".length()));
        } catch (OciException e) {
            parsed = e;
        }
        request.setAttribute(ATTRIBUTE, parsed);
    }

    /** The request's route; the parse error when its path names none. */
    static BrowseRoute of(HttpServletRequest request) {
        Object parsed = request.getAttribute(ATTRIBUTE);
        if (parsed instanceof OciException invalid) {
            throw invalid;
        }
        return (BrowseRoute) parsed;
    }

    /** The request's route, when its path names one. */
    static Optional<BrowseRoute> find(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof BrowseRoute route ? Optional.of(route) : Optional.empty();
    }

    /** Parses the part of the path after {@code /api/}. */
    private static BrowseRoute parse(String path) {
        if (path.equals("repositories") || path.equals("repositories/")) {
            return new Repositories();
        }
        if (path.equals("usage")) {
            return new Usage();
        }
        if (path.equals("session")) {
            return new Session();
        }
        Matcher matcher;
        if ((matcher = TAGS.matcher(path)).matches()) {
            return new Tags(name(matcher));
        }
        if ((matcher = TAG.matcher(path)).matches()) {
            return new Tag(name(matcher), decoded(matcher.group(2)));
        }
        if ((matcher = MANIFEST.matcher(path)).matches()) {
            return new Manifest(name(matcher), decoded(matcher.group(2)));
        }
        if (!path.contains("/-/") && (matcher = REPOSITORY.matcher(path)).matches()) {
            return new Repository(name(matcher));
        }
        throw new UnknownEndpointException();
    }

    private static RepositoryName name(Matcher matcher) {
        return RepositoryName.of(decoded(matcher.group(1)));
    }

    /** Clients may percent-encode what is safe as it is (a digest's colon); the grammars admit no other escapes. */
    private static String decoded(String segment) {
        return segment.indexOf('%') < 0 ? segment : UriUtils.decode(segment, StandardCharsets.UTF_8);
    }

    /** A path under /api/ that names no endpoint. */
    final class UnknownEndpointException extends OciException {
        UnknownEndpointException() {
            super(ErrorCode.UNSUPPORTED, "no such endpoint in the browse API");
        }
    }
}
