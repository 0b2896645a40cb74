package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.registry.remote.IdleTimeoutBody;
import dev.berth.registry.remote.RemoteExchange;
import dev.berth.registry.remote.RemoteFailure;
import dev.berth.registry.remote.RemoteRegistry;
import dev.berth.storage.manifest.ManifestStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads manifests and blobs from one upstream registry through {@link RemoteExchange} (which signs in,
 * and follows redirects without our credentials: Docker Hub sends blobs to a CDN), with failures in
 * the terms a mirror acts on ({@link UpstreamFailure}). Blob
 * bodies are streams: nothing is buffered whole; a body that stalls for the timeout fails ({@link IdleTimeoutBody}).
 */
final class UpstreamClient {
    /** A manifest as the upstream sent it. */
    record Manifest(byte[] content, String contentType, Optional<Digest> declaredDigest) {
    }

    private final String name;
    private final Duration timeout;
    private final RemoteExchange upstream;

    UpstreamClient(String name, URI url, String username, String password, Duration timeout) {
        this.name = name;
        this.timeout = timeout;
        this.upstream = new RemoteExchange("upstream " + name, url, username, password, timeout);
    }

    /** The digest the upstream gives for a manifest reference (its {@code Docker-Content-Digest}), if it gives one. */
    Optional<Digest> headManifest(MirroredRepository repository, String reference) {
        HttpResponse<Void> response = exchange("HEAD", repository, "/manifests/" + reference,
                RemoteRegistry.MANIFEST_ACCEPT, HttpResponse.BodyHandlers.discarding());
        return RemoteExchange.declaredDigest(response);
    }

    /** The manifest's bytes, at most {@link ManifestStore#MAX_MANIFEST_BYTES}. */
    Manifest getManifest(MirroredRepository repository, String reference) {
        HttpResponse<InputStream> response = exchange("GET", repository, "/manifests/" + reference,
                RemoteRegistry.MANIFEST_ACCEPT, info -> new IdleTimeoutBody(timeout));
        try (InputStream body = response.body()) {
            byte[] content = body.readNBytes(ManifestStore.MAX_MANIFEST_BYTES + 1);
            if (content.length > ManifestStore.MAX_MANIFEST_BYTES) {
                throw new UpstreamFailure(UpstreamFailure.Kind.BAD_CONTENT,
                        "upstream " + name + " sent a manifest larger than 4 MiB");
            }
            return new Manifest(content, response.headers().firstValue("Content-Type").orElse(null),
                    RemoteExchange.declaredDigest(response));
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
    RemoteRegistry.Blob openBlob(MirroredRepository repository, Digest digest) {
        HttpResponse<InputStream> response = exchange("GET", repository, "/blobs/" + digest, null,
                info -> new IdleTimeoutBody(timeout));
        return new RemoteRegistry.Blob(response.body(), response.headers().firstValueAsLong("Content-Length"));
    }

    /** One request, answered with a 2xx or turned into an {@link UpstreamFailure}. */
    private <T> HttpResponse<T> exchange(String method, MirroredRepository repository, String path, String accept,
                                         HttpResponse.BodyHandler<T> handler) {
        URI target = URI.create(upstream.url() + "/v2/" + repository.remote() + path);
        HttpResponse<T> response;
        try {
            response = upstream.exchange(method, target, accept, null, null, repository.pullScope(), handler);
        } catch (RemoteFailure e) {
            // the token server's refusal, or a redirect to nowhere
            throw new UpstreamFailure(switch (e.status()) {
                case 401, 403 -> UpstreamFailure.Kind.REFUSED;
                case 429 -> UpstreamFailure.Kind.RATE_LIMITED;
                default -> UpstreamFailure.Kind.UNREACHABLE;
            }, e.getMessage(), e);
        } catch (IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                    "upstream " + name + " is unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "interrupted while asking upstream " + name, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        RemoteExchange.discard(response);
        String what = "upstream " + name + " answered " + status + " to " + method + " " + repository.remote() + path;
        throw new UpstreamFailure(switch (status) {
            case 404 -> UpstreamFailure.Kind.NOT_FOUND;
            case 401, 403 -> UpstreamFailure.Kind.REFUSED;
            case 429 -> UpstreamFailure.Kind.RATE_LIMITED;
            default -> UpstreamFailure.Kind.UNREACHABLE;
        }, what);
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
