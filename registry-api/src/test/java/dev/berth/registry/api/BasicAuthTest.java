package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.location;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.api.RegistryClient.strings;
import static dev.berth.registry.auth.AuthFixture.BOB;
import static dev.berth.registry.auth.AuthFixture.BOB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code registry.auth.mode=basic}: HTTP basic on every request, decided per repository and action. */
@ExtendWith(OutputCaptureExtension.class)
class BasicAuthTest extends BasicModeApiTest {

    @Test
    void versionCheckWithoutCredentialsIsChallengedForBasic() {
        HttpResponse<byte[]> response = anonymous.get("/v2/");

        assertOciError(response, 401, "UNAUTHORIZED");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm="));
    }

    @Test
    void versionCheckAcceptsHtpasswdAndConfiguredUsers() {
        assertStatus(bob.get("/v2/"), 200);
        assertStatus(dave.get("/v2/"), 200);
    }

    @Test
    void wrongPasswordUnknownUserAndMalformedHeaderAreUnauthorized() {
        assertOciError(anonymous.asUser(BOB, "wrong").get("/v2/"), 401, "UNAUTHORIZED");
        assertOciError(anonymous.asUser("mallory", BOB_PASSWORD).get("/v2/"), 401, "UNAUTHORIZED");
        assertOciError(anonymous.as("Basic !!!not-base64").get("/v2/"), 401, "UNAUTHORIZED");
        assertOciError(anonymous.as("Bearer something").get("/v2/"), 401, "UNAUTHORIZED");
    }

    @Test
    void permittedUserPushesAndPulls() {
        String repo = repo("team-a");
        RegistryClient.Image image = bob.pushImage(repo, "1");

        HttpResponse<byte[]> manifest = bob.get("/v2/" + repo + "/manifests/1", "Accept", RegistryClient.OCI_MANIFEST);
        assertStatus(manifest, 200);
        assertThat(manifest.body()).isEqualTo(image.manifest().bytes());
        assertStatus(carol.get("/v2/" + repo + "/blobs/" + image.layer().digest()), 200);
        assertThat(bob.tags(repo)).containsExactly("1");
    }

    @Test
    void readOnlyUserMayPullButNotPush() {
        String repo = repo("team-a");
        RegistryClient.Image image = bob.pushImage(repo, "1");

        assertStatus(carol.get("/v2/" + repo + "/manifests/1", "Accept", RegistryClient.OCI_MANIFEST), 200);
        assertOciError(carol.post("/v2/" + repo + "/blobs/uploads/", new byte[0]), 403, "DENIED");
        assertOciError(carol.put("/v2/" + repo + "/manifests/2", image.manifest().bytes(),
                "Content-Type", RegistryClient.OCI_MANIFEST), 403, "DENIED");
        assertOciError(carol.delete("/v2/" + repo + "/manifests/1"), 403, "DENIED");
        assertThat(bob.tags(repo)).containsExactly("1");
    }

    @Test
    void deleteNeedsTheDeleteAction() {
        String repo = repo("team-b");
        RegistryClient.Image image = dave.pushImage(repo, "1");

        assertOciError(dave.delete("/v2/" + repo + "/manifests/" + image.digest()), 403, "DENIED");
        assertStatus(alice.delete("/v2/" + repo + "/manifests/" + image.digest()), 202);
    }

    @Test
    void refusalDoesNotTellWhetherTheRepositoryExists() {
        String existing = repo("secret");
        alice.pushImage(existing, "1");
        String missing = repo("secret");

        for (String path : new String[] {"/manifests/1", "/tags/list", "/blobs/sha256:" + "0".repeat(64)}) {
            HttpResponse<byte[]> forExisting = carol.get("/v2/" + existing + path);
            HttpResponse<byte[]> forMissing = carol.get("/v2/" + missing + path);
            assertOciError(forExisting, 403, "DENIED");
            assertThat(forMissing.statusCode()).isEqualTo(forExisting.statusCode());
            assertThat(sameApartFromTheName(forMissing, missing, existing)).isEqualTo(text(forExisting));

            HttpResponse<byte[]> anonymousExisting = anonymous.get("/v2/" + existing + path);
            HttpResponse<byte[]> anonymousMissing = anonymous.get("/v2/" + missing + path);
            assertOciError(anonymousExisting, 401, "UNAUTHORIZED");
            assertThat(anonymousMissing.statusCode()).isEqualTo(401);
            assertThat(sameApartFromTheName(anonymousMissing, missing, existing)).isEqualTo(text(anonymousExisting));
            assertThat(anonymousMissing.headers().firstValue("WWW-Authenticate"))
                    .isEqualTo(anonymousExisting.headers().firstValue("WWW-Authenticate"));
        }
    }

    /** The body, with the repository name the request asked about (and the refusal echoes) swapped. */
    private static String sameApartFromTheName(HttpResponse<byte[]> response, String asked, String other) {
        return text(response).replace(asked, other);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anonymousPullOnlyWhereARuleSaysSo() {
        String open = repo("public");
        RegistryClient.Image image = alice.pushImage(open, "1");
        String closed = repo("team-a");
        bob.pushImage(closed, "1");

        assertStatus(anonymous.get("/v2/" + open + "/manifests/1", "Accept", RegistryClient.OCI_MANIFEST), 200);
        assertStatus(anonymous.get("/v2/" + open + "/blobs/" + image.layer().digest()), 200);
        assertOciError(anonymous.post("/v2/" + open + "/blobs/uploads/", new byte[0]), 401, "UNAUTHORIZED");
        assertOciError(anonymous.get("/v2/" + closed + "/manifests/1"), 401, "UNAUTHORIZED");
        // signing in never takes away what strangers may do
        assertStatus(carol.get("/v2/" + open + "/manifests/1", "Accept", RegistryClient.OCI_MANIFEST), 200);
    }

    @Test
    void catalogListsOnlyRepositoriesTheCallerMayPull() {
        String teamA = repo("team-a");
        bob.pushImage(teamA, "1");
        String teamB = repo("team-b");
        dave.pushImage(teamB, "1");
        String open = repo("public");
        alice.pushImage(open, "1");
        String secret = repo("secret");
        alice.pushImage(secret, "1");

        assertThat(catalog(alice)).contains(teamA, teamB, open, secret);
        assertThat(catalog(bob)).contains(teamA, teamB, open).doesNotContain(secret);
        assertThat(catalog(carol)).contains(teamA, open).doesNotContain(teamB, secret);
        assertThat(catalog(anonymous)).contains(open).doesNotContain(teamA, teamB, secret);
        assertThat(catalog(bob)).allSatisfy(name -> assertThat(name).matches("(team-a|team-b|public)/.*"));
    }

    private static java.util.List<String> catalog(RegistryClient client) {
        HttpResponse<byte[]> response = client.get("/v2/_catalog");
        assertStatus(response, 200);
        return strings(readJson(response).get("repositories"));
    }

    @Test
    void mountFromARepositoryTheCallerMayPullLinksTheBlob() {
        String source = repo("team-a");
        RegistryClient.Content blob = bob.pushBlob(source, randomBytes(100));
        String target = repo("team-a");

        HttpResponse<byte[]> mounted = bob.post("/v2/" + target + "/blobs/uploads/?mount=" + blob.digest()
                + "&from=" + source, new byte[0]);

        assertStatus(mounted, 201);
        assertStatus(bob.head("/v2/" + target + "/blobs/" + blob.digest()), 200);
    }

    @Test
    void mountFromARepositoryTheCallerMayNotPullFallsBackToAnUpload() {
        String secret = repo("secret");
        RegistryClient.Content blob = alice.pushBlob(secret, randomBytes(100));
        String target = repo("team-b");

        HttpResponse<byte[]> mounted = dave.post("/v2/" + target + "/blobs/uploads/?mount=" + blob.digest()
                + "&from=" + secret, new byte[0]);

        assertStatus(mounted, 202);
        assertThat(location(mounted)).contains("/blobs/uploads/");
        assertStatus(dave.head("/v2/" + target + "/blobs/" + blob.digest()), 404);
    }

    @Test
    void mountWithoutFromFallsBackToAnUploadWhenAuthIsOn() {
        String secret = repo("secret");
        RegistryClient.Content blob = alice.pushBlob(secret, randomBytes(100));
        String target = repo("team-b");

        HttpResponse<byte[]> mounted = dave.post("/v2/" + target + "/blobs/uploads/?mount=" + blob.digest(), new byte[0]);

        assertStatus(mounted, 202);
        assertStatus(dave.head("/v2/" + target + "/blobs/" + blob.digest()), 404);
    }

    @Test
    void unknownPathsNeedCredentialsFirst() {
        assertOciError(anonymous.get("/v2/team-a/app/nothing-here"), 401, "UNAUTHORIZED");
        assertOciError(anonymous.get("/v2/Invalid_Name/tags/list"), 401, "UNAUTHORIZED");
        assertOciError(bob.get("/v2/team-a/app/nothing-here"), 404, "UNSUPPORTED");
        assertStatus(anonymous.get("/not-the-api"), 401);
    }

    @Test
    void firewallRejectionsStillAnswerNameInvalid() {
        assertOciError(bob.get("/v2/team-a//app/tags/list"), 400, "NAME_INVALID");
    }

    @Test
    void passwordsNeverReachTheLog(CapturedOutput output) {
        String guess = "guess-" + UUID.randomUUID();
        assertOciError(anonymous.asUser(BOB, guess).get("/v2/team-a/app/tags/list"), 401, "UNAUTHORIZED");
        assertStatus(bob.get("/v2/"), 200);

        assertThat(output.getAll()).doesNotContain(guess).doesNotContain(BOB_PASSWORD);
    }
}
