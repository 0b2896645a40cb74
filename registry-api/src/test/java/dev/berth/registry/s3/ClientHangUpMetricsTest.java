package dev.berth.registry.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import dev.berth.storage.testsupport.Await;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.PrometheusScrape;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up in the middle of a download from S3 is counted as an aborted copy, not as
 * a storage error: alerts on storage errors must not fire because laptops close their lids.
 */
class ClientHangUpMetricsTest {

    @Test
    void aDownloadTheClientAbandonsIsAbortedNotAStorageError() throws Exception {
        try (TestStorage storage = TestStorage.s3(); RegistryInstance registry = RegistryInstance.start(storage)) {
            RegistryClient.Content blob = new RegistryClient(registry.base().getPort())
                    .pushBlob("metrics/big", RegistryClient.randomBytes(32 * 1024 * 1024));

            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), registry.base().getPort())) {
                socket.setReceiveBufferSize(64 * 1024);
                OutputStream request = socket.getOutputStream();
                request.write(("GET /v2/metrics/big/blobs/" + blob.digest() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                request.flush();
                InputStream response = socket.getInputStream();
                assertThat(response.readNBytes(64 * 1024)).hasSize(64 * 1024);
            } // hangs up with most of the 32 MiB unread

            PrometheusScrape scrape = awaitCopyOutcome(registry, "aborted");
            assertThat(scrape.sum("berth_storage_operations_seconds_count", "operation", "copy", "outcome", "error"))
                    .as(scrape.toString()).isZero();
        }
    }

    private static PrometheusScrape awaitCopyOutcome(RegistryInstance registry, String outcome) {
        PrometheusScrape scrape = Await.value("a copy with outcome " + outcome, Duration.ofSeconds(20), () -> {
            PrometheusScrape current = PrometheusScrape.parse(
                    new String(registry.get("/actuator/prometheus").body(), StandardCharsets.UTF_8));
            return copies(current, outcome) >= 1 ? Optional.of(current) : Optional.empty();
        });
        assertThat(copies(scrape, outcome)).as(scrape.toString()).isEqualTo(1);
        return scrape;
    }

    private static double copies(PrometheusScrape scrape, String outcome) {
        return scrape.sum("berth_storage_operations_seconds_count", "operation", "copy", "outcome", outcome);
    }
}
