package dev.berth.registry.route;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.UploadId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which endpoint of the distribution API a path under {@code /v2/} addresses, with its values
 * parsed. Repository names may have any depth, which path templates cannot express, so routes are
 * matched here, anchored at the end: {@code a/blobs/b/manifests/c} is repository {@code a/blobs/b}.
 * {@link RouteFilter} parses each request's route once; everything else reads it from there.
 */
public sealed interface V2Route permits V2Route.Base, V2Route.Catalog, RepositoryRoute {

    record Base() implements V2Route {
    }

    record Catalog() implements V2Route {
    }

    record Tags(RepositoryName name) implements RepositoryRoute {
        @Override
        public Tags withName(RepositoryName name) {
            return new Tags(name);
        }
    }

    record Manifest(RepositoryName name, PathValue<Reference> reference) implements RepositoryRoute {
        @Override
        public Manifest withName(RepositoryName name) {
            return new Manifest(name, reference);
        }
    }

    record Blob(RepositoryName name, PathValue<Digest> digest) implements RepositoryRoute {
        @Override
        public Blob withName(RepositoryName name) {
            return new Blob(name, digest);
        }
    }

    record Uploads(RepositoryName name) implements RepositoryRoute {
        @Override
        public Uploads withName(RepositoryName name) {
            return new Uploads(name);
        }
    }

    record Upload(RepositoryName name, PathValue<UploadId> id) implements RepositoryRoute {
        @Override
        public Upload withName(RepositoryName name) {
            return new Upload(name, id);
        }
    }

    record Referrers(RepositoryName name, PathValue<Digest> digest) implements RepositoryRoute {
        @Override
        public Referrers withName(RepositoryName name) {
            return new Referrers(name, digest);
        }
    }

    Pattern TAGS = Pattern.compile("(.+)/tags/list");
    Pattern MANIFEST = Pattern.compile("(.+)/manifests/([^/]+)");
    Pattern UPLOADS = Pattern.compile("(.+)/blobs/uploads/?");
    Pattern UPLOAD = Pattern.compile("(.+)/blobs/uploads/([^/]+)");
    Pattern BLOB = Pattern.compile("(.+)/blobs/([^/]+)");
    Pattern REFERRERS = Pattern.compile("(.+)/referrers/([^/]+)");

    /** Whether the request is for the distribution API at all. */
    static boolean addresses(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/v2") || path.startsWith("/v2/");
    }

    /** The raw path after {@code /v2/}; names and digests never need URL decoding. */
    static String pathAfterV2(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.length() <= "/v2/".length() ? "" : path.substring("/v2/".length());
    }

    /**
     * Parses the part of the path after {@code /v2/}. A manifest read names its manifest by a
     * {@link ReadableReference}, a write by any valid {@link Reference}.
     */
    static V2Route parse(String path, String method) {
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
            boolean read = method.equals("GET") || method.equals("HEAD");
            return new Manifest(name(matcher), PathValue.parse(matcher.group(2),
                    read ? ReadableReference::parse : Reference::parse));
        }
        if ((matcher = UPLOADS.matcher(path)).matches()) {
            return new Uploads(name(matcher));
        }
        if ((matcher = UPLOAD.matcher(path)).matches()) {
            return new Upload(name(matcher), PathValue.parse(matcher.group(2), UploadId::new));
        }
        if ((matcher = BLOB.matcher(path)).matches()) {
            return new Blob(name(matcher), PathValue.parse(matcher.group(2), Digest::parse));
        }
        if ((matcher = REFERRERS.matcher(path)).matches()) {
            return new Referrers(name(matcher), PathValue.parse(matcher.group(2), Digest::parse));
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
