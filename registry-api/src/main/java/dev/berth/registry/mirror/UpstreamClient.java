package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import dev.berth.registry.remote.IdleTimeoutBody;
import dev.berth.registry.remote.RemoteFailure;
import dev.berth.registry.remote.RemoteToken;
import dev.berth.storage.manifest.ManifestStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads manifests and blobs from one upstream registry over the distribution API, authenticating as
 * it asks (basic, or the token flow of {@link RemoteToken}). Blob bodies are streams: nothing is
 * buffered whole; a body that stalls for the timeout fails ({@link IdleTimeoutBody}). Redirects (Docker Hub sends blobs to a CDN) are followed without our credentials.
 */
final class UpstreamClient {
    /** Every manifest type the registry stores, so the upstream sends its own (an index stays an index). */
    static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    private static final int MAX_REDIRECTS = 5;

    /** A manifest as the upstream sent it. */
    record Manifest(byte[] content, String contentType, Optional<Digest> declaredDigest) {
    }

    /** An open blob download; the caller closes it. */
    record Blob(InputStream body, OptionalLong length) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private final String name;
    private final URI url;
    private final Duration timeout;
    private final HttpClient http;
    private final RemoteToken tokens;
    private final String basicAuthorization;
    /** Set once the upstream asked for basic credentials, so later requests send them at once. */
    private volatile boolean wantsBasic;

    UpstreamClient(String name, URI url, String username, String password, Duration timeout) {
        this.name = name;
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
        this.basicAuthorization = username == null || username.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.tokens = new RemoteToken("upstream " + name, http, basicAuthorization, timeout, Clock.systemUTC(),
                "http".equals(url.getScheme()));
    }

    /** The digest the upstream gives for a manifest reference (its {@code Docker-Content-Digest}), if it gives one. */
    Optional<Digest> headManifest(MirroredRepository repository, String reference) {
        HttpResponse<Void> response = exchange("HEAD", repository, "/manifests/" + reference, MANIFEST_ACCEPT,
                HttpResponse.BodyHandlers.discarding());
        return declaredDigest(response);
    }

    /** The manifest's bytes, at most {@link ManifestStore#MAX_MANIFEST_BYTES}. */
    Manifest getManifest(MirroredRepository repository, String reference) {
        HttpResponse<InputStream> response = exchange("GET", repository, "/manifests/" + reference, MANIFEST_ACCEPT,
                info -> new IdleTimeoutBody(timeout));
        try (InputStream body = response.body()) {
            byte[] content = body.readNBytes(ManifestStore.MAX_MANIFEST_BYTES + 1);
            if (content.length > ManifestStore.MAX_MANIFEST_BYTES) {
                throw new UpstreamFailure(UpstreamFailure.Kind.BAD_CONTENT,
                        "upstream " + name + " sent a manifest larger than 4 MiB");
            }
            return new Manifest(content, response.headers().firstValue("Content-Type").orElse(null),
                    declaredDigest(response));
        } catch (IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                    "upstream " + name + " broke off a manifest download: " + e.getMessage(), e);
        }
    }

    /** The blob's size at the upstream ({@code HEAD}), when it says. */
    OptionalLong headBlob(MirroredRepository repository, Digest digest) {
        HttpResponse<Void> response = exchange("HEAD", repository, "/blobs/" + digest, null,
                HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValueAsLong("Content-Length");
    }

    /** Opens the blob's bytes; the length is the upstream's {@code Content-Length}, when it sends one. */
    Blob openBlob(MirroredRepository repository, Digest digest) {
        HttpResponse<InputStream> response = exchange("GET", repository, "/blobs/" + digest, null,
                info -> new IdleTimeoutBody(timeout));
        return new Blob(response.body(), response.headers().firstValueAsLong("Content-Length"));
    }

    /**
     * One request, answered with a 2xx or turned into an {@link UpstreamFailure}: a {@code 401}
     * is answered once with a token or basic credentials, redirects are followed.
     */
    private <T> HttpResponse<T> exchange(String method, MirroredRepository repository, String path, String accept,
                                         HttpResponse.BodyHandler<T> handler) {
        URI target = URI.create(url + "/v2/" + repository.remote() + path);
        String scope = repository.pullScope();
        HttpResponse<T> response = send(method, target, accept, authorization(scope), handler);
        if (response.statusCode() == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            if (RemoteToken.isBearerChallenge(challenge)) {
                String token = token(challenge, scope);
                response = send(method, target, accept, "Bearer " + token, handler);
            } else if (basicAuthorization != null && !wantsBasic) {
                wantsBasic = true;
                response = send(method, target, accept, basicAuthorization, handler);
            }
        }
        for (int hop = 0; isRedirect(response.statusCode()) && hop < MAX_REDIRECTS; hop++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                break;
            }
            target = redirectTarget(response.uri(), location.get());
            // Our credentials are for the upstream, not for wherever it sends us (a CDN, a bucket).
            response = send(method, target, accept, null, handler);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        String what = "upstream " + name + " answered " + status + " to " + method + " " + repository.remote() + path;
        throw new UpstreamFailure(switch (status) {
            case 404 -> UpstreamFailure.Kind.NOT_FOUND;
            case 401, 403 -> UpstreamFailure.Kind.REFUSED;
            case 429 -> UpstreamFailure.Kind.RATE_LIMITED;
            default -> UpstreamFailure.Kind.UNREACHABLE;
        }, what);
    }

    /** A token from the upstream's realm; the realm's failures in the terms a mirror acts on. */
    private String token(String challenge, String scope) {
        try {
            return tokens.fetch(challenge, scope);
        } catch (RemoteFailure e) {
            throw new UpstreamFailure(switch (e.status()) {
                case 401, 403 -> UpstreamFailure.Kind.REFUSED;
                case 429 -> UpstreamFailure.Kind.RATE_LIMITED;
                default -> UpstreamFailure.Kind.UNREACHABLE;
            }, e.getMessage(), e);
        }
    }

    /** Where a redirect sends us; only somewhere http(s) can reach, anything else is the upstream failing. */
    private URI redirectTarget(URI from, String location) {
        try {
            URI target = from.resolve(location);
            if ("http".equals(target.getScheme()) || "https".equals(target.getScheme())) {
                return target;
            }
        } catch (IllegalArgumentException malformed) {
            // reported below like any unusable location
        }
        throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                "upstream " + name + " redirected to an unusable location");
    }

    private String authorization(String scope) {
        Optional<String> token = tokens.cached(scope);
        if (token.isPresent()) {
            return "Bearer " + token.get();
        }
        return wantsBasic ? basicAuthorization : null;
    }

    private <T> HttpResponse<T> send(String method, URI target, String accept, String authorization,
                                     HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), onlySuccessBodies(handler));
        } catch (IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                    "upstream " + name + " is unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "interrupted while asking upstream " + name, e);
        }
    }

    /** Error and redirect bodies are dropped unread into memory; only a 2xx body reaches the caller. */
    private static <T> HttpResponse.BodyHandler<T> onlySuccessBodies(HttpResponse.BodyHandler<T> handler) {
        return info -> info.statusCode() / 100 == 2 ? handler.apply(info) : HttpResponse.BodySubscribers.replacing(null);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Optional<Digest> declaredDigest(HttpResponse<?> response) {
        return response.headers().firstValue("Docker-Content-Digest").flatMap(value -> {
            try {
                return Optional.of(Digest.parse(value.trim()));
            } catch (OciException e) {
                return Optional.empty();
            }
        });
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
