package dev.berth.registry.mirror;

import static dev.berth.registry.api.RegistryClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upstream that answers a blob GET with a redirect to another host (its CDN or bucket), as
 * Docker Hub and most clouds do: the mirror follows it without sending the upstream's
 * credentials there, and serves the blob.
 */
class UpstreamRedirectTest {
    private static final String CREDENTIALS = "Basic " + Base64.getEncoder().encodeToString("mirror:s3cret".getBytes());
    private static final byte[] BLOB = RegistryClient.randomBytes(2048);
    private static final String DIGEST = RegistryClient.sha256(BLOB);

    /** The Authorization header of each request, as each server saw it ("-" for none). */
    private static final List<String> seenByUpstream = new CopyOnWriteArrayList<>();
    private static final List<String> seenByCdn = new CopyOnWriteArrayList<>();

    private static HttpServer upstream;
    private static HttpServer cdn;
    private static TestStorage storage;
    private static RegistryInstance mirror;

    @BeforeAll
    static void start() throws IOException {
        cdn = server(exchange -> {
            seenByCdn.add(authorization(exchange));
            answer(exchange, 200, BLOB);
        });
        upstream = server(exchange -> {
            seenByUpstream.add(authorization(exchange));
            if (!CREDENTIALS.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"upstream\"");
                answer(exchange, 401, new byte[0]);
            } else if (exchange.getRequestURI().getPath().equals("/v2/library/app/blobs/" + DIGEST)) {
                exchange.getResponseHeaders().set("Location", "http://localhost:" + cdn.getAddress().getPort()
                        + "/cdn/" + DIGEST + "?signature=abc");
                answer(exchange, 307, new byte[0]);
            } else {
                answer(exchange, 404, new byte[0]);
            }
        });
        storage = TestStorage.filesystem();
        mirror = RegistryInstance.start(storage,
                "--registry.proxy.upstreams[0].prefix=hub",
                "--registry.proxy.upstreams[0].url=http://127.0.0.1:" + upstream.getAddress().getPort(),
                "--registry.proxy.upstreams[0].username=mirror",
                "--registry.proxy.upstreams[0].password=s3cret");
    }

    @AfterAll
    static void stop() {
        Closing.quietly(mirror, storage, () -> upstream.stop(0), () -> cdn.stop(0));
    }

    @Test
    void redirectToAnotherHostCarriesNoAuthorization() {
        HttpResponse<byte[]> response = new RegistryClient(mirror.base().getPort()).get("/v2/hub/library/app/blobs/" + DIGEST);

        assertStatus(response, 200);
        assertThat(response.body()).isEqualTo(BLOB);
        assertThat(seenByUpstream).as("the upstream got the credentials it asked for").contains(CREDENTIALS);
        assertThat(seenByCdn).as("the redirect target was asked").isNotEmpty().containsOnly("-");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static HttpServer server(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler::handle);
        server.start();
        return server;
    }

    private static String authorization(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Authorization");
        return value == null ? "-" : value;
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
