package dev.berth.registry.remote;

import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Requests to one other registry, signed in as it asks (basic, or the token flow of {@link RemoteToken})
 * and with its redirects followed. What an answer means is the caller's: the replication client and
 * the pull-through cache word their failures differently.
 */
public final class RemoteExchange {
    private static final int MAX_REDIRECTS = 5;
    /** Request bodies up to this size get the timeout; a large blob upload may take longer. */
    private static final long SMALL_BODY = RemoteRegistry.MAX_MANIFEST_BYTES;

    private final String remote;
    private final URI url;
    private final Duration timeout;
    private final HttpClient http;
    private final RemoteToken tokens;
    private final String basicAuthorization;
    /** Set once the remote asked for basic credentials, so later requests send them at once. */
    private volatile boolean wantsBasic;

    /** @param remote how messages name the registry ("remote site-b", "upstream hub") */
    public RemoteExchange(String remote, URI url, String username, String password, Duration timeout) {
        String base = url.toString();
        this.remote = remote;
        this.url = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
        this.basicAuthorization = username == null || username.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.tokens = new RemoteToken(remote, http, basicAuthorization, timeout, Clock.systemUTC(),
                "http".equals(this.url.getScheme()));
    }

    /** The registry's base URL, without a trailing slash. */
    public URI url() {
        return url;
    }

    /**
     * One request and its final answer, whatever the status: a {@code 401} is answered once with a
     * token or basic credentials; redirects of reads are followed without our credentials (they are
     * for the remote, not for a CDN or bucket it sends us to). Only a 2xx answer gets {@code handler}'s
     * body; any other carries one for {@link #discard} (or, in this package, its error code).
     *
     * @throws RemoteFailure when the token server fails or a redirect leads nowhere usable
     * @throws IOException   when the remote does not answer; the caller words that in its own terms
     */
    public <T> HttpResponse<T> exchange(String method, URI target, String accept, String contentType,
                                        Supplier<HttpRequest.BodyPublisher> body, String scope,
                                        HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
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
            response = send(method, redirectTarget(response.uri(), location.get()), accept, null, null, null, handler);
        }
        return response;
    }

    /** A response not passed on (a challenge, a redirect, a refusal): its body goes. */
    public static void discard(HttpResponse<?> response) {
        if (response.body() instanceof ErrorBody error) {
            error.close();
        }
    }

    /** The manifest digest the remote declares ({@code Docker-Content-Digest}), if it is a digest. */
    public static Optional<Digest> declaredDigest(HttpResponse<?> response) {
        return response.headers().firstValue("Docker-Content-Digest").flatMap(value -> {
            try {
                return Optional.of(Digest.parse(value.trim()));
            } catch (OciException e) {
                return Optional.empty();
            }
        });
    }

    /** The first OCI error code of a refusal, for a failure's message; the body is consumed. */
    static Optional<String> errorCode(HttpResponse<?> response) {
        return response.body() instanceof ErrorBody error ? error.code() : Optional.empty();
    }

    /** Where a redirect sends us; only somewhere http(s) can reach, anything else is the remote failing. */
    private URI redirectTarget(URI from, String location) {
        try {
            URI target = from.resolve(location);
            if ("http".equals(target.getScheme()) || "https".equals(target.getScheme())) {
                return target;
            }
        } catch (IllegalArgumentException malformed) {
            // reported below like any unusable location
        }
        throw new RemoteFailure(502, remote + " redirected to an unusable location");
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
                                     HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : body.get();
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .method(method, publisher);
        // The timeout runs until the answer's headers, so a large upload has none.
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
        return http.send(request.build(), info -> info.statusCode() / 100 == 2 ? handler.apply(info) : errorBody());
    }

    /** Error bodies are kept only as far as the error code in them; redirect bodies are dropped. */
    @SuppressWarnings("unchecked")
    private <T> HttpResponse.BodySubscriber<T> errorBody() {
        return (HttpResponse.BodySubscriber<T>) HttpResponse.BodySubscribers.mapping(
                new IdleTimeoutBody(timeout), ErrorBody::new);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
