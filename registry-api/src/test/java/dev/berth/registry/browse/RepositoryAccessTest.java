package dev.berth.registry.browse;

import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.browse.ApiErrors.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.api.RegistryApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The browse API asks {@link RepositoryAccess} and nothing else who may see and delete what: with
 * rules that hide {@code *}/secret/* and make {@code *}/readonly/* read-only, the hidden repositories
 * are absent everywhere and deletes in the read-only ones are denied.
 */
@Import(RepositoryAccessTest.Rules.class)
@TestPropertySource(properties = {
        "registry.quotas[0].repositories=*/secret/**",
        "registry.quotas[0].limit=1GB",
        "registry.quotas[1].repositories=*/open/**",
        "registry.quotas[1].limit=1GB"})
class RepositoryAccessTest extends RegistryApiTest {

    @TestConfiguration
    static class Rules {
        @Bean
        @Primary
        RepositoryAccess rules() {
            return new RepositoryAccess() {
                @Override
                public boolean canView(RepositoryName name) {
                    return !name.value().contains("/secret/");
                }

                @Override
                public boolean canDelete(RepositoryName name) {
                    return !name.value().contains("/readonly/");
                }
            };
        }
    }

    @Test
    void hiddenRepositoriesAreNotListedCountedOrShown() {
        String prefix = "access-" + UUID.randomUUID().toString().substring(0, 8);
        registry.pushImage(prefix + "/open/app", "v1");
        registry.pushImage(prefix + "/secret/app", "v1");

        JsonNode page = readJson(registry.get("/api/repositories?q=" + prefix));
        List<String> names = new ArrayList<>();
        page.get("repositories").forEach(repo -> names.add(repo.get("name").asString()));
        assertThat(names).containsExactly(prefix + "/open/app");
        assertThat(page.get("total").asInt()).isEqualTo(1);

        assertApiError(registry.get("/api/repositories/" + prefix + "/secret/app"), 404, "NAME_UNKNOWN");
        assertApiError(registry.get("/api/repositories/" + prefix + "/secret/app/-/tags"), 404, "NAME_UNKNOWN");
        assertApiError(registry.get("/api/repositories/" + prefix + "/secret/app/-/manifests/v1"), 404, "NAME_UNKNOWN");
        assertApiError(registry.delete("/api/repositories/" + prefix + "/secret/app/-/tags/v1"), 404, "NAME_UNKNOWN");
        JsonNode usage = readJson(registry.get("/api/usage"));
        usage.get("repositories").forEach(repo -> assertThat(repo.get("name").asString()).doesNotContain("/secret/"));
        List<String> quotas = new ArrayList<>();
        usage.get("quotas").forEach(quota -> quotas.add(quota.get("repositories").asString()));
        assertThat(quotas).as("a quota over hidden repositories would show what they hold").containsExactly("*/open/**");
    }

    @Test
    void deletesAreDeniedWhereTheCallerMayNotDelete() {
        String repo = "access-" + UUID.randomUUID().toString().substring(0, 8) + "/readonly/app";
        registry.pushImage(repo, "v1");

        assertThat(readJson(registry.get("/api/repositories/" + repo + "/-/tags")).get("canDelete").asBoolean()).isFalse();
        assertApiError(registry.delete("/api/repositories/" + repo + "/-/tags/v1"), 403, "DENIED");
        assertThat(registry.tags(repo)).containsExactly("v1");

        String open = "access-" + UUID.randomUUID().toString().substring(0, 8) + "/open/app";
        registry.pushImage(open, "v1");
        assertStatus(registry.delete("/api/repositories/" + open + "/-/tags/v1"), 204);
    }
}
