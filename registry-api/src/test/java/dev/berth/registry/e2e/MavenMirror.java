package dev.berth.registry.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Maven repository on {@code http://127.0.0.1:<port>/maven2} for the image test's
 * {@code docker build}: it answers from this machine's local repository ({@code ~/.m2/repository},
 * filled by the build that runs the test) and passes what is not there on to Maven Central. So the
 * build container downloads little, and over plain HTTP on loopback, where busybox's wget (which
 * the Maven wrapper prefers) works.
 */
final class MavenMirror implements AutoCloseable {
    private static final URI CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");
    private static final String PREFIX = "/maven2/";
    private static final int PREFERRED_PORT = 47810;

    private final Path repository;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient central = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final AtomicInteger local = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();

    private MavenMirror(Path repository) throws IOException {
        this.repository = repository.toAbsolutePath().normalize();
        this.server = bind();
        server.createContext(PREFIX, this::answer);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * The URL is a build argument, and docker reuses a cached build step only when the arguments it
     * sees are the same; so the same port every run where it is free, any port where it is not.
     */
    private static HttpServer bind() throws IOException {
        for (int port = PREFERRED_PORT; port < PREFERRED_PORT + 5; port++) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            } catch (BindException taken) {
                // another run has it; try the next
            }
        }
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    }

    /**
     * Serves the local repository named by {@code berth.test.maven-repository} (registry-api's pom
     * passes the one Maven uses), else {@code ~/.m2/repository}.
     */
    static MavenMirror start() {
        String configured = System.getProperty("berth.test.maven-repository");
        Path repository = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        try {
            return new MavenMirror(repository);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository URL for the build: reachable from a container on the host's network. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/maven2";
    }

    /** How many answers came from the local repository and from Maven Central. */
    String describe() {
        return local.get() + " files from " + repository + ", " + forwarded.get() + " from Maven Central";
    }

    private void answer(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String relative = exchange.getRequestURI().getPath().substring(PREFIX.length());
            if (!method.equals("GET") && !method.equals("HEAD") || relative.contains("..") || relative.contains("//")) {
                exchange.sendResponseHeaders(method.equals("GET") || method.equals("HEAD") ? 404 : 405, -1);
                return;
            }
            boolean head = method.equals("HEAD");
            Path file = repository.resolve(relative).normalize();
            if (isArtifact(relative) && Files.isRegularFile(file) && file.startsWith(repository)) {
                local.incrementAndGet();
                send(exchange, head, Files.size(file), Files.newInputStream(file));
            } else if (relative.endsWith(".sha1") && isArtifact(strip(relative)) && Files.isRegularFile(repository.resolve(strip(relative)))) {
                // The local repository keeps no checksum files; the artifact itself gives its SHA-1.
                local.incrementAndGet();
                byte[] sha1 = sha1(repository.resolve(strip(relative))).getBytes(StandardCharsets.US_ASCII);
                send(exchange, head, sha1.length, new ByteArrayInputStream(sha1));
            } else {
                forward(exchange, head, relative);
            }
        } finally {
            exchange.close();
        }
    }

    /** Artifacts only: metadata in the local repository describes that repository, not Central. */
    private static boolean isArtifact(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return !name.startsWith("maven-metadata") && !name.startsWith("_") && !name.endsWith(".lastUpdated")
                && !name.endsWith(".properties") && !name.isEmpty();
    }

    private static String strip(String checksumPath) {
        return checksumPath.substring(0, checksumPath.length() - ".sha1".length());
    }

    private void forward(HttpExchange exchange, boolean head, String relative) throws IOException {
        forwarded.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(CENTRAL.resolve(relative)).timeout(Duration.ofMinutes(2))
                .method(head ? "HEAD" : "GET", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> response;
        try {
            response = central.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            send(exchange, head, length, body);
        }
    }

    private static void send(HttpExchange exchange, boolean head, long length, InputStream body) throws IOException {
        try (body) {
            if (head) {
                if (length >= 0) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                }
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            // 0 means chunked to HttpServer; a known length is sent as it is.
            exchange.sendResponseHeaders(200, length > 0 ? length : length == 0 ? -1 : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                body.transferTo(out);
            }
        }
    }

    private static String sha1(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-1"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
