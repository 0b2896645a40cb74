package dev.berth.registry.observability;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.auth.AuthFixture;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Health probes answer without credentials whatever the auth mode (a kubelet has none); the
 * Prometheus scrape is open by default and admin-only with {@code metrics-access=admin}, where a
 * scraper signs in with basic credentials even in token mode. Every request gets an access log
 * line with its request id and user, and never the credentials it carried.
 */
@ExtendWith(OutputCaptureExtension.class)
class ManagementEndpointsAccessTest {
    @TempDir
    static Path folder;
    private static TestStorage storage;
    private static RegistryInstance basicOpenMetrics;
    private static RegistryInstance tokenAdminMetrics;

    @BeforeAll
    static void start() {
        Path htpasswd = AuthFixture.htpasswd(folder);
        storage = TestStorage.filesystem();
        String[] users = {"--registry.auth.htpasswd-file=" + htpasswd,
                "--registry.auth.groups.admins[0]=" + AuthFixture.ALICE,
                "--registry.auth.rules[0].repositories[0]=**", "--registry.auth.rules[0].groups[0]=admins",
                "--registry.auth.rules[0].actions=admin",
                "--registry.auth.rules[1].repositories[0]=team-a/**", "--registry.auth.rules[1].users[0]=" + AuthFixture.BOB,
                "--registry.auth.rules[1].actions=pull"};
        basicOpenMetrics = RegistryInstance.start(storage, concat(users, "--registry.auth.mode=basic"));
        tokenAdminMetrics = RegistryInstance.start(storage, concat(users, "--registry.auth.mode=token",
                "--registry.observability.metrics-access=admin"));
    }

    @AfterAll
    static void stop() {
        Closing.quietly(basicOpenMetrics, tokenAdminMetrics, storage);
    }

    @Test
    void healthProbesNeedNoCredentialsInBasicAndTokenMode() {
        for (RegistryInstance registry : new RegistryInstance[] {basicOpenMetrics, tokenAdminMetrics}) {
            assertThat(registry.get("/v2/").statusCode()).as("auth is on").isEqualTo(401);
            for (String probe : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
                HttpResponse<byte[]> response = registry.get(probe);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
                assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
            }
        }
    }

    @Test
    void prometheusIsOpenByDefault() {
        assertThat(basicOpenMetrics.get("/v2/").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> response = basicOpenMetrics.get("/actuator/prometheus");
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("berth_requests_seconds_count");
    }

    @Test
    void prometheusWithAdminAccessWantsAnAdminsBasicCredentials() {
        HttpResponse<byte[]> stranger = tokenAdminMetrics.get("/actuator/prometheus");
        assertThat(stranger.statusCode()).as(describe(stranger)).isEqualTo(401);
        assertThat(stranger.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
        HttpResponse<byte[]> notAdmin = tokenAdminMetrics.get("/actuator/prometheus",
                "Authorization", basic(AuthFixture.BOB, AuthFixture.BOB_PASSWORD));
        assertThat(notAdmin.statusCode()).as(describe(notAdmin)).isEqualTo(403);
        HttpResponse<byte[]> admin = tokenAdminMetrics.get("/actuator/prometheus",
                "Authorization", basic(AuthFixture.ALICE, AuthFixture.ALICE_PASSWORD));
        assertThat(admin.statusCode()).as(describe(admin)).isEqualTo(200);
        assertThat(tokenAdminMetrics.get("/actuator/env",
                "Authorization", basic(AuthFixture.ALICE, AuthFixture.ALICE_PASSWORD)).statusCode())
                .as("only health and prometheus are exposed").isEqualTo(404);
    }

    @Test
    void everyRequestIsLoggedWithItsIdAndUserButNotItsCredentials(CapturedOutput output) {
        String authorization = basic(AuthFixture.ALICE, AuthFixture.ALICE_PASSWORD);
        HttpResponse<byte[]> response = basicOpenMetrics.get("/v2/_catalog", "Authorization", authorization,
                "X-Request-Id", "trace-4711");
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-4711");

        HttpResponse<byte[]> refused = basicOpenMetrics.get("/v2/", "X-Request-Id", "no good\tid");
        assertThat(refused.statusCode()).isEqualTo(401);
        String generated = refused.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).as("an unusable id is replaced").matches("[0-9a-f-]{36}");

        assertThat(output.getOut()).containsPattern(
                "\\[trace-4711] berth\\.access\\s+: GET /v2/_catalog 200 in=0 out=\\d+ \\d+ms user=alice client=127\\.0\\.0\\.1 route=catalog");
        assertThat(output.getOut()).containsPattern("\\[" + generated + "] berth\\.access\\s+: GET /v2/ 401 .* user=- ");
        assertThat(output.getAll()).doesNotContain(AuthFixture.ALICE_PASSWORD).doesNotContain(authorization.substring(6));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
