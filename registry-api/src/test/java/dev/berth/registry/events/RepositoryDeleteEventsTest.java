package dev.berth.registry.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Deleting a whole repository through the browse API tells webhooks of each manifest it removed. */
class RepositoryDeleteEventsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final TestStorage storage = TestStorage.filesystem();
    private RegistryInstance registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        receiver.close();
        storage.close();
    }

    @Test
    void aRepositoryDeleteSendsADeleteEventPerManifest() {
        receiver.serve("/hook", attempt -> 200);
        registry = RegistryInstance.start(storage,
                "--registry.notifications.endpoints[0].name=hook",
                "--registry.notifications.endpoints[0].url=" + receiver.url("/hook"),
                "--registry.notifications.endpoints[0].actions=delete");
        RegistryClient client = new RegistryClient(registry.base().getPort());
        RegistryClient.Image one = client.pushImage("events/gone", "1");
        RegistryClient.Image two = client.pushImage("events/gone", "2");

        assertThat(client.delete("/api/repositories/events/gone").statusCode()).isEqualTo(204);

        List<JsonNode> deletes = receiver.awaitDeliveries("/hook", 2).stream()
                .map(delivery -> JSON.readTree(delivery.body()).get("events").get(0)).toList();
        assertThat(deletes).extracting(event -> event.get("action").asString()).containsOnly("delete");
        assertThat(deletes).extracting(event -> event.get("target").get("repository").asString()).containsOnly("events/gone");
        assertThat(deletes).extracting(event -> event.get("target").get("digest").asString())
                .containsExactlyInAnyOrder(one.digest(), two.digest());
    }
}
