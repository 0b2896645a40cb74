package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.auth.AuthFixture.CI_BOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import dev.berth.storage.testsupport.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** CI tokens through the admin API: created by an admin, used as a password, listed without secrets, revoked. */
@ExtendWith(OutputCaptureExtension.class)
class CiTokenApiTest extends BasicModeApiTest {

    private JsonNode create(RegistryClient client, String name, String expiresIn, int status) {
        HttpResponse<byte[]> response = client.post("/api/admin/tokens",
                json(Map.of("name", name, "expiresIn", expiresIn)), "Content-Type", "application/json");
        assertStatus(response, status);
        return readJson(response);
    }

    @Test
    void tokenCreatedByAnAdminIsAPasswordForItsName(CapturedOutput output) throws Exception {
        JsonNode created = create(alice, CI_BOT, "1h", 201);
        String secret = created.get("secret").asString();
        RegistryClient ci = anonymous.asUser(CI_BOT, secret);

        String repo = repo("ci");
        ci.pushImage(repo, "1");
        assertThat(ci.tags(repo)).containsExactly("1");
        assertOciError(ci.get("/v2/" + repo("team-a") + "/tags/list"), 403, "DENIED");
        assertOciError(anonymous.asUser("someone-else", secret).get("/v2/"), 401, "UNAUTHORIZED");

        // stored hashed: the secret is nowhere in the store, nor in the log
        try (Stream<Path> files = Files.walk(FOLDER.resolve("store/auth"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain(secret)
                        // its random part: the last 43 characters (base64url, so it may hold a '_' itself)
                        .doesNotContain(secret.substring(secret.length() - 43));
            }
        }
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void listShowsTokensWithoutSecrets() {
        JsonNode created = create(alice, CI_BOT, "2h", 201);

        HttpResponse<byte[]> list = alice.get("/api/admin/tokens");
        assertStatus(list, 200);
        JsonNode listed = null;
        for (JsonNode token : readJson(list)) {
            assertThat(token.has("secret")).isFalse();
            assertThat(token.toString()).doesNotContain(created.get("secret").asString());
            if (token.get("id").asString().equals(created.get("id").asString())) {
                listed = token;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("name").asString()).isEqualTo(CI_BOT);
        assertThat(listed.get("expired").asBoolean()).isFalse();
    }

    @Test
    void revokedTokenNoLongerSignsIn() {
        JsonNode created = create(alice, CI_BOT, "1h", 201);
        RegistryClient ci = anonymous.asUser(CI_BOT, created.get("secret").asString());
        assertStatus(ci.get("/v2/"), 200);

        assertStatus(alice.delete("/api/admin/tokens/" + created.get("id").asString()), 204);

        assertOciError(ci.get("/v2/"), 401, "UNAUTHORIZED");
        assertStatus(alice.delete("/api/admin/tokens/" + created.get("id").asString()), 404);
    }

    @Test
    void expiredTokenNoLongerSignsIn() throws InterruptedException {
        JsonNode created = create(alice, CI_BOT, "1s", 201);
        RegistryClient ci = anonymous.asUser(CI_BOT, created.get("secret").asString());

        Await.until("the token's second is over", Duration.ofSeconds(5), () -> ci.get("/v2/").statusCode() != 200);

        assertOciError(ci.get("/v2/"), 401, "UNAUTHORIZED");
    }

    @Test
    void onlyAdminsManageTokens() {
        assertStatus(bob.get("/api/admin/tokens"), 403);
        create(bob, "sneaky", "1h", 403);
        HttpResponse<byte[]> anonymousList = anonymous.get("/api/admin/tokens");
        assertStatus(anonymousList, 401);
        assertThat(anonymousList.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }

    @Test
    void tokenNeedsAValidNameAndExpiry() {
        create(alice, "bob", "1h", 400);
        create(alice, "no spaces allowed", "1h", 400);
        HttpResponse<byte[]> noExpiry = alice.post("/api/admin/tokens", json(Map.of("name", "x")),
                "Content-Type", "application/json");
        assertStatus(noExpiry, 400);
        create(alice, "ci-other", "soon", 400);
    }
}
