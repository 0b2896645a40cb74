package dev.berth.registry.e2e;

import static dev.berth.registry.auth.AuthFixture.ALICE;
import static dev.berth.registry.auth.AuthFixture.ALICE_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.BOB;
import static dev.berth.registry.auth.AuthFixture.BOB_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.CAROL;
import static dev.berth.registry.auth.AuthFixture.CAROL_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.CI_BOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real docker client against a registry that requires credentials: {@code docker login},
 * push and pull by permitted users, a read-only user's push denied, anonymous pulls only where a
 * rule allows, a CI token as the login password. Each test logs in with a {@code DOCKER_CONFIG}
 * folder of its own, so credentials never touch {@code ~/.docker}. Subclasses choose the mode.
 */
abstract class DockerAuthEndToEndIT {
    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final List<String> createdImages = new ArrayList<>();

    @TempDir
    static Path folder;

    @LocalServerPort
    int port;

    @BeforeAll
    static void dockerIsThere() {
        docker.requireDaemonAndBusybox();
    }

    @AfterAll
    static void removeLocalImages() {
        docker.removeImages(createdImages);
    }

    private String registry() {
        return "127.0.0.1:" + port;
    }

    /** A docker client with an empty configuration folder of its own: nobody is logged in. */
    private DockerCli freshClient() {
        try {
            return docker.withConfig(Files.createDirectory(folder.resolve("docker-config-" + UUID.randomUUID())));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private DockerCli loggedIn(String user, String password) {
        DockerCli client = freshClient();
        DockerCli.Result login = client.run("login", "--username", user, "--password", password, registry());
        assertThat(login.stdout()).contains("Login Succeeded");
        return client;
    }

    /**
     * Builds a two-layer image FROM scratch (static busybox, a file with random content) that prints
     * that content, tagged {@code reference}; returns the content.
     */
    private String build(String reference) {
        String content = "berth-auth-e2e-" + UUID.randomUUID();
        createdImages.add(reference);
        docker.buildPrintingImage(reference, content, folder);
        return content;
    }

    private String reference(String repository) {
        return registry() + "/" + repository + "-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
    }

    @Test
    void permittedUserLogsInPushesAndPulls() {
        String reference = reference("team-a/app");
        String content = build(reference);
        DockerCli bob = loggedIn(BOB, BOB_PASSWORD);

        bob.run("push", reference);
        docker.run("rmi", reference);
        bob.run("pull", reference);

        assertThat(docker.run("run", "--rm", reference).stdout().strip()).isEqualTo(content);
    }

    @Test
    void readOnlyUsersPushIsDenied() {
        String reference = reference("team-a/app");
        build(reference);
        DockerCli carol = loggedIn(CAROL, CAROL_PASSWORD);

        DockerCli.Result push = carol.attempt("push", reference);

        assertThat(push.succeeded()).as(push.describe()).isFalse();
        assertThat(push.stdout() + push.stderr()).as(push.describe()).contains("denied");
    }

    /**
     * Whether docker pulls without credentials at all. Only in token mode: against a basic
     * challenge docker refuses to go on without credentials ("no basic auth credentials"), whatever
     * the registry would allow. Anonymous rules still serve plain HTTP clients in basic mode.
     */
    abstract boolean dockerPullsAnonymously();

    @Test
    void anonymousPullWorksOnlyWhereARuleAllowsIt() {
        String open = reference("public/app");
        String closed = reference("team-a/app");
        build(open);
        build(closed);
        DockerCli alice = loggedIn(ALICE, ALICE_PASSWORD);
        alice.run("push", open);
        alice.run("push", closed);
        docker.run("rmi", open, closed);

        DockerCli stranger = freshClient();
        DockerCli.Result allowed = stranger.attempt("pull", open);
        DockerCli.Result refused = stranger.attempt("pull", closed);

        if (dockerPullsAnonymously()) {
            assertThat(allowed.succeeded()).as(allowed.describe()).isTrue();
        } else {
            assertThat(allowed.stderr()).as(allowed.describe()).contains("no basic auth credentials");
        }
        assertThat(refused.succeeded()).as(refused.describe()).isFalse();
        assertThat(refused.stdout() + refused.stderr()).as(refused.describe())
                .containsAnyOf("unauthorized", "denied", "no basic auth credentials");
    }

    @Test
    void wrongPasswordLoginFails() {
        DockerCli.Result login = freshClient().attempt("login", "--username", BOB, "--password", "wrong", registry());

        assertThat(login.succeeded()).as(login.describe()).isFalse();
        assertThat(login.stderr()).containsIgnoringCase("unauthorized");
    }

    @Test
    void ciTokenIsAPasswordForDockerLogin() throws Exception {
        String secret = createCiToken();
        String reference = reference("ci/app");
        build(reference);
        DockerCli ci = loggedIn(CI_BOT, secret);

        ci.run("push", reference);
        docker.run("rmi", reference);
        ci.run("pull", reference);
    }

    /** An admin creates a CI token through the admin API; returns its secret. */
    private String createCiToken() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + registry() + "/api/admin/tokens"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ALICE + ":" + ALICE_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + CI_BOT + "\",\"expiresIn\":\"1h\"}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("secret").asString();
    }
}
