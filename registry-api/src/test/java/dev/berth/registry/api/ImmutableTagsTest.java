package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Tags matching {@code registry.immutable-tags} never move and are never deleted once they exist. */
@TestPropertySource(properties = {
        "registry.immutable-tags[0].repositories=locked/**",
        "registry.immutable-tags[0].tags=v*"})
class ImmutableTagsTest extends RegistryApiTest {

    @Test
    void pushingAnotherDigestUnderAnImmutableTagIsDeniedNamingTheRule() {
        String repo = newRepo("locked");
        RegistryClient.Image first = registry.pushImage(repo, "v1");
        RegistryClient.Image second = registry.pushImage(repo, "latest");

        HttpResponse<byte[]> refused = registry.put("/v2/" + repo + "/manifests/v1", second.manifest().bytes(),
                "Content-Type", second.manifest().mediaType());

        assertOciError(refused, 403, "DENIED");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                .contains("tag v1 of " + repo + " is immutable")
                .contains("registry.immutable-tags[0] (repositories locked/**, tags v*)");
        assertThat(registry.get("/v2/" + repo + "/manifests/v1").headers().firstValue("Docker-Content-Digest"))
                .contains(first.digest());
    }

    @Test
    void pushingTheSameDigestAgainSucceeds() {
        String repo = newRepo("locked");
        RegistryClient.Image image = registry.pushImage(repo, "v1");

        registry.pushManifest(repo, "v1", image.manifest().mediaType(), image.manifest().bytes());
    }

    @Test
    void tagsOutsideTheRuleStillMove() {
        String repo = newRepo("locked");
        registry.pushImage(repo, "latest");
        registry.pushImage(repo, "latest");
        String elsewhere = newRepo("free");
        registry.pushImage(elsewhere, "v1");
        registry.pushImage(elsewhere, "v1");
    }

    @Test
    void deletingAnImmutableTagIsDeniedOnV2AndBrowseApi() {
        String repo = newRepo("locked");
        registry.pushImage(repo, "v1");

        assertOciError(registry.delete("/v2/" + repo + "/manifests/v1"), 403, "DENIED");
        assertBrowseDenied(registry.delete("/api/repositories/" + repo + "/-/tags/v1"));
        assertStatus(registry.get("/v2/" + repo + "/manifests/v1"), 200);
    }

    @Test
    void deletingTheImageAnImmutableTagPointsAtIsDenied() {
        String repo = newRepo("locked");
        RegistryClient.Image image = registry.pushImage(repo, "v1");

        assertOciError(registry.delete("/v2/" + repo + "/manifests/" + image.digest()), 403, "DENIED");
        assertBrowseDenied(registry.delete("/api/repositories/" + repo + "/-/manifests/" + image.digest()));
        assertStatus(registry.get("/v2/" + repo + "/manifests/" + image.digest()), 200);
    }

    @Test
    void deletingARepositoryThatHasAnImmutableTagIsDeniedAndRemovesNothing() {
        String repo = newRepo("locked");
        registry.pushImage(repo, "latest");
        registry.pushImage(repo, "v1");

        HttpResponse<byte[]> refused = registry.delete("/api/repositories/" + repo);

        assertBrowseDenied(refused);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("tag v1 of " + repo + " is immutable");
        assertThat(registry.tags(repo)).containsExactly("latest", "v1");
    }

    /** The browse API answers with the same error JSON, without the /v2/ version header. */
    private static void assertBrowseDenied(HttpResponse<byte[]> response) {
        assertStatus(response, 403);
        assertThat(RegistryClient.readJson(response).get("errors").get(0).get("code").asString()).isEqualTo("DENIED");
    }
}
