package dev.berth.registry.s3;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.PrometheusScrape;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import dev.berth.storage.driver.s3.S3ProxyServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Readiness goes down (503) while S3 is unreachable and up again when it returns, without a
 * restart; liveness stays up throughout (restarting would not bring S3 back), and the failed
 * storage operations show in the metrics.
 */
class ReadinessFollowsS3IT {
    private S3ProxyServer s3;
    private TestStorage.S3 storage;
    private RegistryInstance registry;

    @BeforeEach
    void start() {
        s3 = S3ProxyServer.launch();
        storage = TestStorage.s3(s3);
        registry = RegistryInstance.start(storage, "--registry.observability.storage-probe-timeout=1s");
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void readinessIsDownWhileS3IsAwayAndUpWhenItIsBack() {
        assertProbe("/actuator/health/readiness", 200, "UP");

        s3.stop();
        HttpResponse<byte[]> pull = registry.get("/v2/team/app/tags/list");
        assertThat(pull.statusCode()).as(describe(pull)).isEqualTo(503);
        assertProbe("/actuator/health/readiness", 503, "DOWN");
        assertProbe("/actuator/health/liveness", 200, "UP");
        PrometheusScrape scrape = PrometheusScrape.parse(new String(
                registry.get("/actuator/prometheus").body(), StandardCharsets.UTF_8));
        assertThat(scrape.sum("berth_storage_operations_seconds_count", "driver", "s3", "outcome", "error"))
                .as(scrape.toString()).isPositive();
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "tags_list", "status", "503")).isEqualTo(1);

        s3.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        HttpResponse<byte[]> readiness = registry.get("/actuator/health/readiness");
        while (readiness.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            sleep();
            readiness = registry.get("/actuator/health/readiness");
        }
        assertThat(readiness.statusCode()).as(describe(readiness)).isEqualTo(200);
    }

    private void assertProbe(String path, int status, String state) {
        HttpResponse<byte[]> response = registry.get(path);
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"status\":\"" + state + "\"");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
