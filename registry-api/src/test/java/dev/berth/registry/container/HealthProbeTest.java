package dev.berth.registry.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.berth.registry.testsupport.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The image's HEALTHCHECK probe: where it asks, and what counts as healthy, against a real HTTP server. */
class HealthProbeTest {
    private HttpServer server;
    private volatile int status = 200;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void asksTheSessionEndpointOnPort5000ByDefault() {
        assertThat(HealthProbe.target(Map.of())).isEqualTo(URI.create("http://127.0.0.1:5000/actuator/health/liveness"));
    }

    @Test
    void followsTheServerPortTlsAndAChosenPath() {
        assertThat(HealthProbe.target(Map.of("SERVER_PORT", "8443", "SERVER_SSL_BUNDLE", "berth",
                "BERTH_HEALTHCHECK_PATH", "/actuator/health/liveness")))
                .isEqualTo(URI.create("https://127.0.0.1:8443/actuator/health/liveness"));
        assertThat(HealthProbe.target(Map.of("SERVER_SSL_BUNDLE", "berth", "SERVER_SSL_ENABLED", "false")))
                .isEqualTo(URI.create("http://127.0.0.1:5000/actuator/health/liveness"));
    }

    @Test
    void aWholeUrlWins() {
        assertThat(HealthProbe.target(Map.of("BERTH_HEALTHCHECK_URL", "http://127.0.0.1:9000/ping", "SERVER_PORT", "1")))
                .isEqualTo(URI.create("http://127.0.0.1:9000/ping"));
    }

    @Test
    void healthyOnlyWhenTheRegistryAnswers2xx() {
        URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/session");

        assertThat(check(target)).isTrue();
        status = 503;
        assertThat(check(target)).isFalse();
        status = 401;
        assertThat(check(target)).isFalse();

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("GET " + target + ": 200", "GET " + target + ": 503", "GET " + target + ": 401");
    }

    @Test
    void unhealthyWhenNothingListens() throws IOException {
        int closedPort = FreePort.pick();

        assertThat(check(URI.create("http://127.0.0.1:" + closedPort + "/api/session"))).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Connection refused");
    }

    private boolean check(URI target) {
        return HealthProbe.check(target, Duration.ofSeconds(2), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }
}
