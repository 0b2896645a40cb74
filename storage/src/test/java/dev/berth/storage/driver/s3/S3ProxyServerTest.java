package dev.berth.storage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The fixture itself: a real S3 server that keeps its objects across a stop and a start. */
class S3ProxyServerTest {

    @Test
    void objectsSurviveAStopAndStartOnTheSamePort() {
        try (S3ProxyServer server = S3ProxyServer.launch()) {
            S3Client s3 = server.client();
            s3.putObject(put -> put.bucket(server.bucket()).key("a/b"), RequestBody.fromString("hello"));

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> s3.headObject(head -> head.bucket(server.bucket()).key("a/b")))
                    .as("no server while stopped")
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);

            int port = server.endpoint().getPort();
            server.start();
            assertThat(server.endpoint().getPort()).isEqualTo(port);
            assertThat(s3.getObjectAsBytes(get -> get.bucket(server.bucket()).key("a/b")).asString(StandardCharsets.UTF_8))
                    .isEqualTo("hello");
        }
    }
}
