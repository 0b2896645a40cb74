package dev.berth.registry.events;

import dev.berth.storage.testsupport.Await;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A webhook receiver on 127.0.0.1 (the JDK's own HTTP server) that records every request and
 * answers as each path's handler says, so a test can fail attempts or hold a delivery.
 */
public final class WebhookReceiver implements AutoCloseable {
    public record Received(String path, Map<String, List<String>> headers, byte[] body, int answered) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.start();
    }

    /** Serves {@code path}; {@code status} picks the answer for the n-th request there (1-based). */
    public void serve(String path, Function<Integer, Integer> status) {
        server.createContext(path, exchange -> answer(exchange, path, status));
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Requests to {@code path} so far, answered or failed. */
    List<Received> at(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Requests to {@code path} that were answered with a 2xx: the deliveries. */
    List<Received> deliveredAt(String path) {
        return at(path).stream().filter(request -> request.answered() / 100 == 2).toList();
    }

    /** Waits until {@code count} deliveries reached {@code path}; fails after 20 s. */
    public List<Received> awaitDeliveries(String path, int count) {
        Await.until(count + " deliveries at " + path, Duration.ofSeconds(20), () -> deliveredAt(path).size() >= count);
        return deliveredAt(path);
    }

    private void answer(HttpExchange exchange, String path, Function<Integer, Integer> status) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int attempt;
        synchronized (this) {
            attempt = (int) received.stream().filter(request -> request.path().equals(path)).count() + 1;
        }
        int code = status.apply(attempt);
        received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, code));
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
