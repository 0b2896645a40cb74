package dev.berth.registry.route;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.UriUtils;

/**
 * Which browse endpoint a path under {@code /api/} addresses. Repository names contain slashes, so
 * a repository's sub-resources follow a {@code /-/} segment, which no name can contain (each name
 * component starts with a letter or digit): {@code repositories/team/app/-/tags}.
 */
public sealed interface BrowseRoute {

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

    /** Parses the part of the path after {@code /api/}. */
    static BrowseRoute parse(String path) {
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
