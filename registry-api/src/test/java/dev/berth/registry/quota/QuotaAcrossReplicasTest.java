package dev.berth.registry.quota;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.PrometheusScrape;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.RunsOnEveryStore;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas over one store enforce one quota: usage lives in the store, so what one accepted
 * counts against the other, and both report the same gauges.
 */
@RunsOnEveryStore
class QuotaAcrossReplicasTest {
    private static final String[] QUOTA = {"--registry.quotas[0].repositories=team/**", "--registry.quotas[0].limit=1KB"};

    private final TestStorage storage = TestStorage.create();

    @AfterEach
    void removeStore() {
        storage.close();
    }

    @Test
    void whatOneReplicaAcceptedCountsAgainstTheOther() {
        try (RegistryInstance first = RegistryInstance.start(storage, QUOTA);
             RegistryInstance second = RegistryInstance.start(storage, QUOTA)) {
            RegistryClient one = new RegistryClient(first.base().getPort());
            RegistryClient two = new RegistryClient(second.base().getPort());
            byte[] shared = RegistryClient.randomBytes(700);
            one.pushBlob("team/app", shared);

            byte[] more = RegistryClient.randomBytes(700);
            HttpResponse<byte[]> refused = second.post("/v2/team/web/blobs/uploads/?digest=" + RegistryClient.sha256(more),
                    more, "Content-Type", "application/octet-stream");

            assertOciError(refused, 403, "DENIED");
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("quota exceeded: 700 B/1.0 KiB");
            // The layer the first replica stored counts once for the scope, whichever replica is asked.
            two.pushBlob("team/web", shared);
            two.pushBlob("team/web", RegistryClient.randomBytes(324));
            HttpResponse<byte[]> full = first.post("/v2/team/app/blobs/uploads/?digest=" + RegistryClient.sha256(new byte[] {1}),
                    new byte[] {1}, "Content-Type", "application/octet-stream");
            assertOciError(full, 403, "DENIED");

            for (RegistryInstance replica : new RegistryInstance[] {first, second}) {
                PrometheusScrape scrape = PrometheusScrape.parse(new String(
                        replica.get("/actuator/prometheus").body(), StandardCharsets.UTF_8));
                assertThat(scrape.sum("berth_quota_used_bytes", "quota", "team/**")).isEqualTo(1024);
                assertThat(scrape.sum("berth_quota_limit_bytes", "quota", "team/**")).isEqualTo(1024);
            }
        }
    }
}
