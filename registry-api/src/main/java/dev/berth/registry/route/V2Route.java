package dev.berth.registry.route;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which endpoint of the distribution API a path under {@code /v2/} addresses. Repository names may
 * have any depth, which path templates cannot express, so routes are matched here, anchored at the
 * end: {@code a/blobs/b/manifests/c} is repository {@code a/blobs/b}.
 */
public sealed interface V2Route {

    record Base() implements V2Route {
    }

    record Catalog() implements V2Route {
    }

    record Tags(RepositoryName name) implements V2Route {
    }

    record Manifest(RepositoryName name, String reference) implements V2Route {
    }

    record Blob(RepositoryName name, String digest) implements V2Route {
    }

    record Uploads(RepositoryName name) implements V2Route {
    }

    record Upload(RepositoryName name, String id) implements V2Route {
    }

    record Referrers(RepositoryName name, String digest) implements V2Route {
    }

    Pattern TAGS = Pattern.compile("(.+)/tags/list");
    Pattern MANIFEST = Pattern.compile("(.+)/manifests/([^/]+)");
    Pattern UPLOADS = Pattern.compile("(.+)/blobs/uploads/?");
    Pattern UPLOAD = Pattern.compile("(.+)/blobs/uploads/([^/]+)");
    Pattern BLOB = Pattern.compile("(.+)/blobs/([^/]+)");
    Pattern REFERRERS = Pattern.compile("(.+)/referrers/([^/]+)");

    /** The raw path after {@code /v2/}; names and digests never need URL decoding. */
    static String pathAfterV2(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.length() <= "/v2/".length() ? "" : path.substring("/v2/".length());
    }

    /** Parses the part of the path after {@code /v2/}. */
    static V2Route parse(String path) {
        if (path.isEmpty()) {
            return new Base();
        }
        if (path.equals("_catalog")) {
            return new Catalog();
        }
        Matcher matcher;
        if ((matcher = TAGS.matcher(path)).matches()) {
            return new Tags(name(matcher));
        }
        if ((matcher = MANIFEST.matcher(path)).matches()) {
            return new Manifest(name(matcher), matcher.group(2));
        }
        if ((matcher = UPLOADS.matcher(path)).matches()) {
            return new Uploads(name(matcher));
        }
        if ((matcher = UPLOAD.matcher(path)).matches()) {
            return new Upload(name(matcher), matcher.group(2));
        }
        if ((matcher = BLOB.matcher(path)).matches()) {
            return new Blob(name(matcher), matcher.group(2));
        }
        if ((matcher = REFERRERS.matcher(path)).matches()) {
            return new Referrers(name(matcher), matcher.group(2));
        }
        throw new UnknownEndpointException();
    }

    private static RepositoryName name(Matcher matcher) {
        return RepositoryName.of(matcher.group(1));
    }

    /** A path under /v2/ that names no endpoint of the API. */
    final class UnknownEndpointException extends OciException {
        UnknownEndpointException() {
            super(ErrorCode.UNSUPPORTED, "no such endpoint in the distribution API");
        }
    }
}
