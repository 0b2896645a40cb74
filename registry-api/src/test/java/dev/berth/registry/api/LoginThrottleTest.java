package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.auth.AuthFixture.BOB;
import static dev.berth.registry.auth.AuthFixture.BOB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.auth.AuthFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Repeated failed logins from one client are slowed down: 429 TOOMANYREQUESTS with Retry-After. */
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginThrottleTest {
    @TempDir
    static Path folder;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        AuthFixture.configure(registry, "basic", folder.resolve("store"), AuthFixture.htpasswd(folder));
        // The store is a @TempDir, deleted after this class while the cached context may still run:
        // keep the audit trail's background writes out of it.
        registry.add("registry.audit.enabled", () -> "false");
        registry.add("registry.auth.login-throttle.max-failures", () -> "3");
        registry.add("registry.auth.login-throttle.lockout", () -> "1s");
    }

    @Test
    void afterRepeatedFailuresEvenTheRightPasswordWaitsAndThenWorks() throws InterruptedException {
        RegistryClient client = new RegistryClient(port);
        RegistryClient guesser = client.asUser(BOB, "guess");
        RegistryClient bob = client.asUser(BOB, BOB_PASSWORD);

        assertOciError(guesser.get("/v2/"), 401, "UNAUTHORIZED");
        assertOciError(guesser.get("/v2/"), 401, "UNAUTHORIZED");
        assertOciError(guesser.get("/v2/"), 401, "UNAUTHORIZED");

        HttpResponse<byte[]> throttled = bob.get("/v2/");
        assertOciError(throttled, 429, "TOOMANYREQUESTS");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        // the admin API counts and refuses the same way
        assertStatus(client.asUser("alice", "guess").get("/api/admin/tokens"), 429);

        Thread.sleep(1_100);
        assertStatus(bob.get("/v2/"), 200);
        // a success forgets the failures
        assertOciError(guesser.get("/v2/"), 401, "UNAUTHORIZED");
        assertStatus(bob.get("/v2/"), 200);
    }
}
