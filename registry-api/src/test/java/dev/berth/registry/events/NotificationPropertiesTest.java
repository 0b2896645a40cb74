package dev.berth.registry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an endpoint's settings show when printed (startup failures, logs) and which ones are refused. */
class NotificationPropertiesTest {

    @Test
    void printingAnEndpointShowsNeitherItsSecretNorItsHeaderValues() {
        NotificationProperties.Endpoint endpoint = endpoint(URI.create("https://ci.example/hook"), List.of("push"));

        assertThat(endpoint.toString()).contains("ci", "https://ci.example/hook", "Authorization")
                .doesNotContain("hmac-key-123", "Bearer abc");
    }

    @Test
    void refusesAnUrlThatIsNotHttpAndAnUnknownAction() {
        assertThatThrownBy(() -> endpoint(URI.create("file:///etc/passwd"), List.of("push")))
                .hasMessageContaining("must be an http(s) URL");
        assertThatThrownBy(() -> endpoint(URI.create("https://ci.example/hook"), List.of("mount")))
                .hasMessageContaining("'mount'");
    }

    @Test
    void refusesAHeaderTheHttpClientCannotSendWithoutQuotingItsValue() {
        assertThatThrownBy(() -> endpoint(URI.create("https://ci.example/hook"), List.of("push"),
                Map.of("Authorization", "Bearer abc\n")))
                .hasMessageContaining("'Authorization' cannot be sent").hasMessageNotContaining("Bearer abc");
        assertThatThrownBy(() -> endpoint(URI.create("https://ci.example/hook"), List.of("push"),
                Map.of("Host", "elsewhere.example")))
                .hasMessageContaining("'Host' cannot be sent");
    }

    private static NotificationProperties.Endpoint endpoint(URI url, List<String> actions) {
        return endpoint(url, actions, Map.of("Authorization", "Bearer abc"));
    }

    private static NotificationProperties.Endpoint endpoint(URI url, List<String> actions, Map<String, String> headers) {
        return new NotificationProperties.Endpoint("ci", url, headers,
                Duration.ofSeconds(5), actions, "hmac-key-123", 10, Duration.ofSeconds(1), Duration.ofMinutes(1), 3);
    }
}
