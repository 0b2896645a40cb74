package dev.berth.registry.remote;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Another registry (Berth, CNCF Distribution, Harbor, Docker Hub...) over the distribution API, read
 * and written: manifests, blobs (streamed both ways, never held whole), tags, the catalog and
 * referrers. Authenticates as the remote asks: basic, or the Docker token flow ({@link RemoteToken}).
 */
public final class RemoteRegistry {
    /** Every manifest type the registry stores, so the remote sends its own (an index stays an index). */
    public static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    /** The manifest size limit the registry keeps to (its own manifest store's). */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final int MAX_LIST_BYTES = 8 * 1024 * 1024;
    private static final int PAGE = 1000;
    private static final long SMALL_BODY = MAX_MANIFEST_BYTES;
    private static final int MAX_REDIRECTS = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A manifest as the remote sent it. */
    public record Manifest(byte[] content, String contentType) {
    }

    /** An open blob download; the caller closes it. */
    public record Blob(InputStream body, OptionalLong length) implements AutoCloseable {
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
    /** Set once the remote asked for basic credentials, so later requests send them at once. */
    private volatile boolean wantsBasic;

    public RemoteRegistry(String name, URI url, String username, String password, Duration timeout) {
        String base = url.toString();
        this.name = name;
        this.url = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
        this.basicAuthorization = username == null || username.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.tokens = new RemoteToken("remote " + name, http, basicAuthorization, timeout, Clock.systemUTC(),
                "http".equals(this.url.getScheme()));
    }

    public URI url() {
        return url;
    }

    /** The digest the remote gives for a manifest reference, or empty when it has none by that reference. */
    public Optional<Digest> headManifest(String repository, String reference) {
        HttpResponse<Void> response = exchange("HEAD", path(repository, "/manifests/" + reference), MANIFEST_ACCEPT,
                null, null, pull(repository), HttpResponse.BodyHandlers.discarding(), 404);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return declaredDigest(response).or(() -> Digest.looksLikeDigest(reference) ? Optional.of(Digest.parse(reference)) : Optional.empty());
    }

    /** The manifest's bytes (at most {@value #MAX_MANIFEST_BYTES}), or empty when there is none by that reference. */
    public Optional<Manifest> getManifest(String repository, String reference) {
        HttpResponse<InputStream> response = exchange("GET", path(repository, "/manifests/" + reference),
                MANIFEST_ACCEPT, null, null, pull(repository), info -> new IdleTimeoutBody(timeout), 404);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        byte[] content = readBounded(response, MAX_MANIFEST_BYTES, "a manifest");
        return Optional.of(new Manifest(content, response.headers().firstValue("Content-Type").orElse(null)));
    }

    public boolean hasBlob(String repository, Digest digest) {
        return exchange("HEAD", path(repository, "/blobs/" + digest), null, null, null, pull(repository),
                HttpResponse.BodyHandlers.discarding(), 404).statusCode() != 404;
    }

    /** Opens the blob's bytes; the length is the remote's {@code Content-Length}, when it sends one. */
    public Blob openBlob(String repository, Digest digest) {
        HttpResponse<InputStream> response = exchange("GET", path(repository, "/blobs/" + digest), null, null, null,
                pull(repository), info -> new IdleTimeoutBody(timeout));
        return new Blob(response.body(), response.headers().firstValueAsLong("Content-Length"));
    }

    /**
     * Asks the remote to link a blob it has in {@code from} into {@code repository}; false when it
     * will not (it then opened an upload instead, which is cancelled here).
     */
    public boolean mountBlob(String repository, Digest digest, String from) {
        String query = "?mount=" + encode(digest.toString()) + "&from=" + encode(from);
        HttpResponse<Void> response = exchange("POST", path(repository, "/blobs/uploads/" + query), null, null,
                HttpRequest.BodyPublishers::noBody, push(repository) + " repository:" + from + ":pull",
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 201) {
            return true;
        }
        response.headers().firstValue("Location").ifPresent(location -> {
            try {
                exchange("DELETE", url.resolve(location), null, null, null, push(repository),
                        HttpResponse.BodyHandlers.discarding(), 404);
            } catch (RemoteFailure ignored) {
                // an abandoned session; the remote expires it
            }
        });
        return false;
    }

    /**
     * Uploads a blob of {@code size} bytes in one {@code PUT}, streamed from {@code body} (opened
     * again if authentication makes the request repeat); the remote checks it against {@code digest}.
     */
    public void pushBlob(String repository, Digest digest, long size, Supplier<InputStream> body) {
        HttpResponse<Void> started = exchange("POST", path(repository, "/blobs/uploads/"), null, null,
                HttpRequest.BodyPublishers::noBody, push(repository), HttpResponse.BodyHandlers.discarding());
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new RemoteFailure(502, "remote " + name + " started an upload without a Location"));
        URI session = url.resolve(location);
        URI target = URI.create(session + (session.getRawQuery() == null ? "?" : "&") + "digest=" + encode(digest.toString()));
        exchange("PUT", target, null, "application/octet-stream",
                () -> HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), size),
                push(repository), HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Stores a manifest; true when the remote answered with {@code OCI-Subject}, i.e. it indexed the
     * manifest's subject for its referrers API itself (OCI distribution spec 1.1).
     */
    public boolean putManifest(String repository, String reference, String contentType, byte[] content) {
        return exchange("PUT", path(repository, "/manifests/" + reference), null, contentType,
                () -> HttpRequest.BodyPublishers.ofByteArray(content), push(repository),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("OCI-Subject").isPresent();
    }

    /** Deletes a manifest or tag; one that is not there is no error. */
    public void deleteManifest(String repository, String reference) {
        exchange("DELETE", path(repository, "/manifests/" + reference), null, null, null,
                "repository:" + repository + ":delete,pull,push", HttpResponse.BodyHandlers.discarding(), 404);
    }

    /** The repository's tags, a page at a time; empty when the repository is unknown. */
    public List<String> tags(String repository) {
        return listAll(path(repository, "/tags/list"), "tags", pull(repository), 404);
    }

    /** The remote's catalog ({@code /v2/_catalog}); registries that have none (Docker Hub) refuse it. */
    public List<String> repositories() {
        return listAll(URI.create(url + "/v2/_catalog"), "repositories", "registry:catalog:*", -1);
    }

    /** Digests of the manifests whose subject is {@code subject}; empty when the remote has no referrers API. */
    public List<Digest> referrers(String repository, Digest subject) {
        HttpResponse<InputStream> response = exchange("GET", path(repository, "/referrers/" + subject),
                MediaTypes.OCI_INDEX, null, null, pull(repository), info -> new IdleTimeoutBody(timeout), 404);
        if (response.statusCode() == 404) {
            return List.of();
        }
        List<Digest> digests = new ArrayList<>();
        try {
            for (JsonNode descriptor : JSON.readTree(readBounded(response, MAX_LIST_BYTES, "a referrers list")).path("manifests")) {
                digests.add(Digest.parse(descriptor.path("digest").asString()));
            }
        } catch (JacksonException | OciException e) {
            throw new RemoteFailure(502, "remote " + name + " sent an unreadable referrers list");
        }
        return digests;
    }

    private List<String> listAll(URI first, String field, String scope, int missingStatus) {
        List<String> all = new ArrayList<>();
        String last = null;
        while (true) {
            URI page = URI.create(first + "?n=" + PAGE + (last == null ? "" : "&last=" + encode(last)));
            HttpResponse<InputStream> response = exchange("GET", page, "application/json", null, null, scope,
                    info -> new IdleTimeoutBody(timeout), missingStatus);
            if (response.statusCode() == missingStatus) {
                return all;
            }
            List<String> names = new ArrayList<>();
            try {
                for (JsonNode value : JSON.readTree(readBounded(response, MAX_LIST_BYTES, "a list")).path(field)) {
                    names.add(value.asString());
                }
            } catch (JacksonException e) {
                throw new RemoteFailure(502, "remote " + name + " sent an unreadable list of " + field);
            }
            all.addAll(names);
            // Pages continue while the remote says so (Link header) and gives something new.
            if (names.isEmpty() || response.headers().firstValue("Link").isEmpty() || names.get(names.size() - 1).equals(last)) {
                return all;
            }
            last = names.get(names.size() - 1);
        }
    }

    private <T> HttpResponse<T> exchange(String method, URI target, String accept, String contentType,
                                         Supplier<HttpRequest.BodyPublisher> body, String scope,
                                         HttpResponse.BodyHandler<T> handler) {
        return exchange(method, target, accept, contentType, body, scope, handler, -1);
    }

    /**
     * One request, answered with a 2xx (or {@code tolerated}) or turned into a {@link RemoteFailure}:
     * a {@code 401} is answered once with a token or basic credentials; redirects of reads are followed
     * without our credentials (they are for the remote, not for a CDN or bucket it sends us to).
     */
    private <T> HttpResponse<T> exchange(String method, URI target, String accept, String contentType,
                                         Supplier<HttpRequest.BodyPublisher> body, String scope,
                                         HttpResponse.BodyHandler<T> handler, int tolerated) {
        HttpResponse<T> response = send(method, target, accept, contentType, body, authorization(scope), handler);
        if (response.statusCode() == 401) {
            discard(response);
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            if (RemoteToken.isBearerChallenge(challenge)) {
                response = send(method, target, accept, contentType, body, "Bearer " + tokens.fetch(challenge, scope), handler);
            } else if (basicAuthorization != null && !wantsBasic) {
                wantsBasic = true;
                response = send(method, target, accept, contentType, body, basicAuthorization, handler);
            }
        }
        for (int hop = 0; isRedirect(response.statusCode()) && hop < MAX_REDIRECTS
                && ("GET".equals(method) || "HEAD".equals(method)); hop++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                break;
            }
            discard(response);
            target = response.uri().resolve(location.get());
            if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
                throw new RemoteFailure(502, "remote " + name + " redirected to an unusable location");
            }
            response = send(method, target, accept, null, null, null, handler);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        if (status == tolerated) {
            discard(response);
            return response;
        }
        throw new RemoteFailure(status, "remote " + name + " answered " + status + " to " + method + " "
                + target.getRawPath() + errorCode(response));
    }

    private String authorization(String scope) {
        Optional<String> token = tokens.cached(scope);
        if (token.isPresent()) {
            return "Bearer " + token.get();
        }
        return wantsBasic ? basicAuthorization : null;
    }

    private <T> HttpResponse<T> send(String method, URI target, String accept, String contentType,
                                     Supplier<HttpRequest.BodyPublisher> body, String authorization,
                                     HttpResponse.BodyHandler<T> handler) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : body.get();
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .method(method, publisher);
        // The timeout runs until the answer's headers: a large blob upload may take longer, so it has none.
        if (publisher.contentLength() <= SMALL_BODY) {
            request.timeout(timeout);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), info -> info.statusCode() / 100 == 2 ? handler.apply(info) : errorBody());
        } catch (IOException e) {
            throw new RemoteFailure("remote " + name + " is unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFailure("interrupted while talking to remote " + name, e);
        }
    }

    /** Error bodies are kept only as far as the error code in them; redirect bodies are dropped. */
    @SuppressWarnings("unchecked")
    private <T> HttpResponse.BodySubscriber<T> errorBody() {
        return (HttpResponse.BodySubscriber<T>) HttpResponse.BodySubscribers.mapping(
                new IdleTimeoutBody(timeout), ErrorBody::new);
    }

    /** The first OCI error code of a refusal, for the failure's message; the body is consumed. */
    private static String errorCode(HttpResponse<?> response) {
        if (response.body() instanceof ErrorBody error) {
            return error.code().map(code -> " (" + code + ")").orElse("");
        }
        return "";
    }

    /** A response not passed on (a challenge, a redirect, a tolerated 404): its body goes. */
    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof ErrorBody error) {
            error.close();
        }
    }

    private byte[] readBounded(HttpResponse<InputStream> response, int limit, String what) {
        try (InputStream body = response.body()) {
            byte[] content = body.readNBytes(limit + 1);
            if (content.length > limit) {
                throw new RemoteFailure(502, "remote " + name + " sent " + what + " larger than " + limit + " bytes");
            }
            return content;
        } catch (IOException e) {
            throw new RemoteFailure("remote " + name + " broke off " + what + ": " + e.getMessage(), e);
        }
    }

    private URI path(String repository, String rest) {
        return URI.create(url + "/v2/" + repository + rest);
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    private static String push(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
}
