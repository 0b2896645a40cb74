package dev.berth.registry.remote;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 * referrers. Requests go through {@link RemoteExchange}, which signs in as the remote asks.
 */
public final class RemoteRegistry {
    /** Every manifest type the registry stores, so the remote sends its own (an index stays an index). */
    public static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    /** The manifest size limit the registry keeps to (its own manifest store's). */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final int MAX_LIST_BYTES = 8 * 1024 * 1024;
    private static final int PAGE = 1000;
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
    private final Duration timeout;
    private final RemoteExchange remote;

    public RemoteRegistry(String name, URI url, String username, String password, Duration timeout) {
        this.name = name;
        this.timeout = timeout;
        this.remote = new RemoteExchange("remote " + name, url, username, password, timeout);
    }

    public URI url() {
        return remote.url();
    }

    /** The digest the remote gives for a manifest reference, or empty when it has none by that reference. */
    public Optional<Digest> headManifest(String repository, String reference) {
        HttpResponse<Void> response = exchange("HEAD", path(repository, "/manifests/" + reference), MANIFEST_ACCEPT,
                null, null, pull(repository), HttpResponse.BodyHandlers.discarding(), 404);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return RemoteExchange.declaredDigest(response).or(() -> Digest.looksLikeDigest(reference) ? Optional.of(Digest.parse(reference)) : Optional.empty());
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
                exchange("DELETE", remote.url().resolve(location), null, null, null, push(repository),
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
        URI session = remote.url().resolve(location);
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
        return listAll(URI.create(remote.url() + "/v2/_catalog"), "repositories", "registry:catalog:*", -1);
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
     * One request through {@link RemoteExchange#exchange}, answered with a 2xx (or {@code tolerated})
     * or turned into a {@link RemoteFailure}.
     */
    private <T> HttpResponse<T> exchange(String method, URI target, String accept, String contentType,
                                         Supplier<HttpRequest.BodyPublisher> body, String scope,
                                         HttpResponse.BodyHandler<T> handler, int tolerated) {
        HttpResponse<T> response;
        try {
            response = remote.exchange(method, target, accept, contentType, body, scope, handler);
        } catch (IOException e) {
            throw new RemoteFailure("remote " + name + " is unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFailure("interrupted while talking to remote " + name, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        if (status == tolerated) {
            RemoteExchange.discard(response);
            return response;
        }
        throw new RemoteFailure(status, "remote " + name + " answered " + status + " to " + method + " "
                + response.uri().getRawPath() + RemoteExchange.errorCode(response).map(code -> " (" + code + ")").orElse(""));
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
        return URI.create(remote.url() + "/v2/" + repository + rest);
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
