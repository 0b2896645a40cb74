package dev.berth.registry.browse;

import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.browse.ApiErrors.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.BasicModeApiTest;
import dev.berth.registry.api.RegistryClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The browse API under the auth module's rules ({@code registry.auth.mode=basic}, users and rules
 * of {@code AuthFixture}): each caller sees the repositories they may pull, may delete where the
 * rules grant {@code delete}, and is refused the rest as the distribution API refuses it. The web
 * UI's own files need no credentials.
 */
class BrowseBasicModeTest extends BasicModeApiTest {
    private String id;

    @BeforeEach
    void pushOneImageWhereEachRuleApplies() {
        id = "browse-" + UUID.randomUUID().toString().substring(0, 8);
        for (String area : List.of("team-a", "team-b", "public", "private")) {
            alice.pushImage(area + "/" + id, "v1");
        }
    }

    @Test
    void eachCallerListsWhatTheyMayPull() {
        assertThat(names(anonymous)).containsExactly("public/" + id);
        assertThat(names(carol)).containsExactly("public/" + id, "team-a/" + id);
        assertThat(names(bob)).containsExactly("public/" + id, "team-a/" + id, "team-b/" + id);
        assertThat(names(alice)).containsExactly("private/" + id, "public/" + id, "team-a/" + id, "team-b/" + id);

        List<String> usage = new ArrayList<>();
        readJson(carol.get("/api/usage")).get("repositories").forEach(repo -> usage.add(repo.get("name").asString()));
        assertThat(usage).contains("team-a/" + id, "public/" + id).doesNotContain("team-b/" + id, "private/" + id);
    }

    @Test
    void repositoriesTheCallerMayNotPullAreRefusedAsInTheDistributionApi() {
        HttpResponse<byte[]> stranger = anonymous.get("/api/repositories/team-a/" + id + "/-/tags");
        assertApiError(stranger, 401, "UNAUTHORIZED");
        assertThat(stranger.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic "));
        HttpResponse<byte[]> fromThePage = anonymous.get("/api/repositories/team-a/" + id + "/-/tags",
                "X-Requested-With", "XMLHttpRequest");
        assertApiError(fromThePage, 401, "UNAUTHORIZED");
        assertThat(fromThePage.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertApiError(carol.get("/api/repositories/team-b/" + id + "/-/tags"), 403, "DENIED");
        assertApiError(carol.get("/api/repositories/team-b/" + id + "/-/manifests/v1"), 403, "DENIED");
        assertApiError(anonymous.asUser("carol", "wrong").get("/api/repositories"), 401, "UNAUTHORIZED");
        assertStatus(carol.get("/api/repositories/team-a/" + id + "/-/manifests/v1"), 200);
    }

    @Test
    void deletesFollowTheDeleteRule() {
        assertThat(canDelete(bob, "team-a/" + id)).isTrue();
        assertThat(canDelete(bob, "team-b/" + id)).isFalse();
        assertThat(canDelete(carol, "team-a/" + id)).isFalse();

        assertApiError(bob.delete("/api/repositories/team-b/" + id + "/-/tags/v1"), 403, "DENIED");
        assertApiError(carol.delete("/api/repositories/team-a/" + id + "/-/tags/v1"), 403, "DENIED");
        assertThat(alice.tags("team-a/" + id)).containsExactly("v1");
        assertStatus(bob.delete("/api/repositories/team-a/" + id + "/-/tags/v1"), 204);
        assertThat(alice.tags("team-a/" + id)).isEmpty();
    }

    @Test
    void deletingAWholeRepositoryFollowsTheDeleteRule() {
        assertApiError(anonymous.delete("/api/repositories/public/" + id), 401, "UNAUTHORIZED");
        assertApiError(carol.delete("/api/repositories/team-a/" + id), 403, "DENIED");
        assertApiError(bob.delete("/api/repositories/team-b/" + id), 403, "DENIED");
        assertThat(names(bob)).containsExactly("public/" + id, "team-a/" + id, "team-b/" + id);

        assertStatus(bob.delete("/api/repositories/team-a/" + id), 204);

        assertThat(names(bob)).containsExactly("public/" + id, "team-b/" + id);
    }

    @Test
    void theSessionSaysWhoIsSignedInAndTheUiNeedsNoCredentials() {
        JsonNode stranger = readJson(anonymous.get("/api/session"));
        assertThat(stranger.has("user")).isFalse();
        assertThat(stranger.get("signInOffered").asBoolean()).isTrue();
        assertThat(readJson(bob.get("/api/session")).get("user").asString()).isEqualTo("bob");
        assertApiError(anonymous.asUser("bob", "wrong").get("/api/session"), 401, "UNAUTHORIZED");

        assertStatus(anonymous.get("/"), 200);
        assertStatus(anonymous.get("/ui/app.js"), 200);
        assertStatus(anonymous.get("/ui/style.css"), 200);
    }

    private List<String> names(RegistryClient client) {
        HttpResponse<byte[]> response = client.get("/api/repositories?q=" + id);
        assertStatus(response, 200);
        List<String> names = new ArrayList<>();
        readJson(response).get("repositories").forEach(repo -> names.add(repo.get("name").asString()));
        return names;
    }

    private static boolean canDelete(RegistryClient client, String repo) {
        HttpResponse<byte[]> response = client.get("/api/repositories/" + repo + "/-/tags");
        assertStatus(response, 200);
        return readJson(response).get("canDelete").asBoolean();
    }
}
