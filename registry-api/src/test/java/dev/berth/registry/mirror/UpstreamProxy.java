package dev.berth.registry.mirror;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy in front of a real upstream registry, on 127.0.0.1: it counts the requests
 * it passes on and can produce the faults a real registry will not on demand: answering every
 * request with one status (an outage, rate limiting), sending blob bodies slowly (so concurrent
 * first pulls overlap) or stalling them, and lying, with the right length but a flipped byte, about one digest.
 */
final class UpstreamProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding",
            "host", "upgrade", "keep-alive", "date");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpServer server;
    private final URI target;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile int answerAllWith;
    private volatile long slowBodyMillisPer64k;
    private volatile long requestDelayMillis;
    private volatile String lieAbout;
    private volatile boolean stallBodies;

    UpstreamProxy(URI target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many {@code method path} requests (path without query) came in. */
    int count(String method, String path) {
        AtomicInteger count = counts.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    /** Answers everything with this status (0: pass on again). */
    void answerAllWith(int status) {
        this.answerAllWith = status;
    }

    /** Waits this long before passing a request on (0: not at all), so that requests overlap. */
    void delayRequests(long millis) {
        this.requestDelayMillis = millis;
    }

    void slowBodies(long millisPer64k) {
        this.slowBodyMillisPer64k = millisPer64k;
    }

    /** Sends the first 64 KiB of each body, then nothing more until told otherwise (at most 10 s). */
    void stallBodies(boolean stall) {
        this.stallBodies = stall;
    }

    /** Sends a body with a flipped last byte for every request whose path ends with this digest (null: none). */
    void lieAbout(String digest) {
        this.lieAbout = digest;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            counts.computeIfAbsent(exchange.getRequestMethod() + " " + path, key -> new AtomicInteger()).incrementAndGet();
            if (answerAllWith != 0) {
                exchange.sendResponseHeaders(answerAllWith, -1);
                return;
            }
            if (requestDelayMillis > 0) {
                sleep(requestDelayMillis);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (head && length > 0) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            exchange.sendResponseHeaders(response.statusCode(), head || length == 0 ? -1 : length);
            try (InputStream body = response.body(); OutputStream out = exchange.getResponseBody()) {
                if (head) {
                    return;
                }
                copy(body, out, length, lieAbout != null && path.endsWith(lieAbout));
            }
        }
    }

    private void copy(InputStream body, OutputStream out, long length, boolean lie) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long sent = 0;
        int read;
        while ((read = body.readNBytes(buffer, 0, buffer.length)) > 0) {
            if (lie && sent + read == length) {
                buffer[read - 1] ^= 0x01;
            }
            out.write(buffer, 0, read);
            out.flush();
            sent += read;
            for (int waited = 0; stallBodies && waited < 100; waited++) {
                sleep(100);
            }
            if (slowBodyMillisPer64k > 0) {
                sleep(slowBodyMillisPer64k);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
