package dev.berth.registry.events;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.FreePort;
import dev.berth.registry.testsupport.PrometheusScrape;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks against receivers the test runs: events arrive in Distribution's envelope, a failing
 * receiver gets them again after backoff, the signature verifies, pulls go only where asked for,
 * a full queue drops its oldest event, and an endpoint that never answers costs its events after
 * max-attempts; the metrics count all of it.
 */
class WebhookNotificationsTest {
    private static final String SECRET = "webhook-s3cret";
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
    void eventsArriveAreRetriedSignedFilteredAndBounded() throws Exception {
        CountDownLatch slowEntered = new CountDownLatch(1);
        CountDownLatch slowRelease = new CountDownLatch(1);
        receiver.serve("/a", attempt -> attempt <= 2 ? 503 : 200);
        receiver.serve("/b", attempt -> 200);
        receiver.serve("/slow", attempt -> {
            if (attempt == 1) {
                slowEntered.countDown();
                await(slowRelease);
            }
            return 200;
        });
        registry = RegistryInstance.start(storage,
                "--registry.notifications.endpoints[0].name=a",
                "--registry.notifications.endpoints[0].url=" + receiver.url("/a"),
                "--registry.notifications.endpoints[0].actions=push,pull,delete",
                "--registry.notifications.endpoints[0].secret=" + SECRET,
                "--registry.notifications.endpoints[0].backoff=50ms",
                "--registry.notifications.endpoints[0].headers.X-Team=platform",
                "--registry.notifications.endpoints[1].name=b",
                "--registry.notifications.endpoints[1].url=" + receiver.url("/b"),
                "--registry.notifications.endpoints[2].name=slow",
                "--registry.notifications.endpoints[2].url=" + receiver.url("/slow"),
                "--registry.notifications.endpoints[2].actions=push",
                "--registry.notifications.endpoints[2].queue-size=1",
                "--registry.notifications.endpoints[2].timeout=30s",
                "--registry.notifications.endpoints[3].name=gone",
                "--registry.notifications.endpoints[3].url=http://127.0.0.1:" + FreePort.pick() + "/events",
                "--registry.notifications.endpoints[3].actions=delete",
                "--registry.notifications.endpoints[3].max-attempts=2",
                "--registry.notifications.endpoints[3].backoff=10ms");
        RegistryClient client = new RegistryClient(registry.base().getPort());
        String repo = "events/app";

        RegistryClient.Image first = client.pushImage(repo, "1");
        assertThat(slowEntered.await(20, TimeUnit.SECONDS)).as("the slow receiver holds the first push").isTrue();
        HttpResponse<byte[]> pulled = client.get("/v2/" + repo + "/manifests/1", "Accept", RegistryClient.OCI_MANIFEST,
                "X-Request-Id", "pull-1");
        assertThat(pulled.statusCode()).as(describe(pulled)).isEqualTo(200);
        assertThat(client.delete("/v2/" + repo + "/manifests/1").statusCode()).isEqualTo(202);
        client.pushImage(repo, "2");  // queued behind the held delivery, then dropped for the next
        RegistryClient.Image third = client.pushImage(repo, "3");
        slowRelease.countDown();

        List<WebhookReceiver.Received> atA = receiver.awaitDeliveries("/a", 5);
        assertThat(receiver.at("/a")).as("two failed attempts before the first delivery").hasSize(7);
        JsonNode push = event(atA.get(0));
        assertThat(push.get("action").asString()).isEqualTo("push");
        JsonNode target = push.get("target");
        assertThat(target.get("mediaType").asString()).isEqualTo(RegistryClient.OCI_MANIFEST);
        assertThat(target.get("digest").asString()).isEqualTo(first.digest());
        assertThat(target.get("size").asLong()).isEqualTo(first.manifest().size());
        assertThat(target.get("length").asLong()).isEqualTo(first.manifest().size());
        assertThat(target.get("repository").asString()).isEqualTo(repo);
        assertThat(target.get("tag").asString()).isEqualTo("1");
        assertThat(target.get("url").asString()).isEqualTo(registry.base() + "/v2/" + repo + "/manifests/" + first.digest());
        assertThat(push.get("request").get("method").asString()).isEqualTo("PUT");
        assertThat(push.get("request").get("addr").asString()).isEqualTo("127.0.0.1");
        assertThat(push.get("request").get("id").asString()).isNotBlank();
        assertThat(push.get("source").get("instanceID").asString()).isNotBlank();
        assertThat(Instant.parse(push.get("timestamp").asString())).isBefore(Instant.now());
        assertThat(atA.get(0).header("Content-Type")).isEqualTo("application/vnd.docker.distribution.events.v1+json");
        assertThat(atA.get(0).header("X-Team")).isEqualTo("platform");

        JsonNode pull = event(atA.get(1));
        assertThat(pull.get("action").asString()).isEqualTo("pull");
        assertThat(pull.get("target").get("digest").asString()).isEqualTo(first.digest());
        assertThat(pull.get("request").get("id").asString()).isEqualTo("pull-1");
        JsonNode delete = event(atA.get(2));
        assertThat(delete.get("action").asString()).isEqualTo("delete");
        assertThat(delete.get("target").get("tag").asString()).isEqualTo("1");
        for (WebhookReceiver.Received delivery : atA) {
            assertThat(delivery.header("X-Berth-Signature-256")).as("signature over the exact body")
                    .isEqualTo("sha256=" + hmac(SECRET, delivery.body()));
        }

        List<WebhookReceiver.Received> atB = receiver.awaitDeliveries("/b", 4);
        assertThat(atB.stream().map(delivery -> event(delivery).get("action").asString()))
                .as("pull events only where an endpoint asks for them").containsExactly("push", "delete", "push", "push");
        assertThat(atB.get(0).header("X-Berth-Signature-256")).as("no secret, no signature").isNull();

        List<WebhookReceiver.Received> atSlow = receiver.awaitDeliveries("/slow", 2);
        assertThat(atSlow.stream().map(delivery -> event(delivery).get("target").get("tag").asString()))
                .as("the full queue dropped its oldest event, tag 2").containsExactly("1", "3");
        assertThat(event(atSlow.get(1)).get("target").get("digest").asString()).isEqualTo(third.digest());

        PrometheusScrape scrape = awaitSettled();
        assertThat(scrape.sum("berth_notifications_sent_total", "endpoint", "a")).as(scrape.toString()).isEqualTo(5);
        assertThat(scrape.sum("berth_notifications_failed_total", "endpoint", "a")).isEqualTo(2);
        assertThat(scrape.sum("berth_notifications_sent_total", "endpoint", "b")).isEqualTo(4);
        assertThat(scrape.sum("berth_notifications_dropped_total", "endpoint", "slow", "reason", "queue_full")).isEqualTo(1);
        assertThat(scrape.sum("berth_notifications_failed_total", "endpoint", "gone")).isEqualTo(2);
        assertThat(scrape.sum("berth_notifications_dropped_total", "endpoint", "gone", "reason", "attempts_exhausted"))
                .isEqualTo(1);
        assertThat(scrape.sum("berth_notifications_pending")).isZero();
    }

    /** Scrapes until every endpoint's queue is empty (the last deliveries are counted after the receiver answered). */
    private PrometheusScrape awaitSettled() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            PrometheusScrape scrape = PrometheusScrape.parse(new String(registry.get("/actuator/prometheus").body(),
                    StandardCharsets.UTF_8));
            boolean settled = scrape.sum("berth_notifications_pending") == 0
                    && scrape.sum("berth_notifications_dropped_total", "endpoint", "gone") == 1
                    && scrape.sum("berth_notifications_sent_total", "endpoint", "slow") == 2;
            if (settled || Instant.now().isAfter(deadline)) {
                return scrape;
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode event(WebhookReceiver.Received delivery) {
        JsonNode events = JSON.readTree(delivery.body()).get("events");
        assertThat(events.size()).as("one event per envelope").isEqualTo(1);
        return events.get(0);
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(body);
        return HexFormat.of().formatHex(expected);
    }


    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
