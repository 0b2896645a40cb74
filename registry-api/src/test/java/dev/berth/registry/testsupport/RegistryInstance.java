package dev.berth.registry.testsupport;

import dev.berth.registry.BerthApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One Berth started in this JVM on a free port, with the given command line, and plain HTTP
 * requests to it. Several can run at once, e.g. two replicas over one bucket.
 */
public final class RegistryInstance implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ConfigurableApplicationContext context;
    private final URI base;

    private RegistryInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts Berth on {@code storage}, on a free port, with {@code extra} arguments ({@code --name=value}). */
    public static RegistryInstance start(TestStorage storage, String... extra) {
        List<String> arguments = new ArrayList<>(storage.arguments(extra));
        arguments.add("--server.port=0");
        arguments.add("--server.address=127.0.0.1");
        return new RegistryInstance(new SpringApplicationBuilder(BerthApplication.class)
                .run(arguments.toArray(String[]::new)));
    }

    public URI base() {
        return base;
    }

    /** One of the running registry's components, for a test that must drive a scheduled job now. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public HttpResponse<byte[]> head(String path) {
        return send("HEAD", path, HttpRequest.BodyPublishers.noBody());
    }

    public HttpResponse<byte[]> delete(String path) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody());
    }

    public HttpResponse<byte[]> post(String path, byte[] body, String... headers) {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    public HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
        return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    public HttpResponse<byte[]> patch(String path, byte[] body, String... headers) {
        return send("PATCH", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    /** {@code path} is a path with query, as in a Location header, or an absolute URL; headers are name/value pairs. */
    public HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The Location header of a response as path and query. */
    public static String location(HttpResponse<?> response) {
        URI uri = URI.create(response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location header in " + describe(response))));
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /** A Location with one more query parameter. */
    public static String withQuery(String location, String name, String value) {
        return location + (location.contains("?") ? "&" : "?") + name + "=" + value;
    }

    public static String describe(HttpResponse<?> response) {
        Object body = response.body();
        String text = body instanceof byte[] bytes
                ? new String(bytes, 0, Math.min(bytes.length, 500), StandardCharsets.UTF_8) : String.valueOf(body);
        return response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " "
                + response.headers().map() + " " + text;
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the registry. */
    @Override
    public void close() {
        context.close();
    }
}
