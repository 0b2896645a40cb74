package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.auth.AuthFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.berth.storage.audit.AuditPage;
import dev.berth.storage.audit.AuditQuery;
import dev.berth.storage.audit.AuditReader;
import dev.berth.storage.audit.AuditRecord;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code java -jar berth.jar token ...}: the command writes to the store a running registry reads. */
class TokenCommandTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    private record Run(int exitCode, String out, String err) {
    }

    private Run command(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--registry.storage.filesystem.root=" + folder.resolve("store"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = TokenCommand.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), BerthApplication::quietOffline);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private int versionCheck(ConfigurableApplicationContext registry, String user, String password) throws Exception {
        int port = ((WebServerApplicationContext) registry).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void createdTokenSignsInUntilItIsRevoked() throws Exception {
        Run created = command("token", "create", "--name", AuthFixture.CI_BOT, "--expires", "30d");
        assertThat(created.exitCode()).as(created.err()).isZero();
        Matcher secret = Pattern.compile("secret: +(\\S+)").matcher(created.out());
        Matcher id = Pattern.compile("id: +(\\S+)").matcher(created.out());
        assertThat(secret.find() && id.find()).as(created.out()).isTrue();

        Run listed = command("token", "list");
        assertThat(listed.out()).contains(id.group(1)).contains(AuthFixture.CI_BOT).doesNotContain(secret.group(1));

        try (ConfigurableApplicationContext registry = new SpringApplicationBuilder(BerthApplication.class).run(
                "--server.port=0", "--registry.auth.mode=basic",
                "--registry.storage.filesystem.root=" + folder.resolve("store"))) {
            assertThat(versionCheck(registry, AuthFixture.CI_BOT, secret.group(1))).isEqualTo(200);

            assertThat(command("token", "revoke", id.group(1)).exitCode()).isZero();

            assertThat(versionCheck(registry, AuthFixture.CI_BOT, secret.group(1))).isEqualTo(401);
        }

        // Both commands left a record in the audit trail, naming the token and never its secret.
        AuditPage audit = new AuditReader(new FilesystemDriver(folder.resolve("store")))
                .page(new AuditQuery(null, null, null, null, 10, null));
        // (The revoked token's refused sign-in is there too, newest.)
        assertThat(audit.records()).extracting(AuditRecord::action)
                .containsExactly("sign-in-failed", "ci-token-revoked", "ci-token-created");
        assertThat(audit.records().get(0).user()).isEqualTo(AuthFixture.CI_BOT);
        assertThat(audit.records().subList(1, 3)).allSatisfy(record -> {
            assertThat(record.detail()).contains(id.group(1), AuthFixture.CI_BOT).doesNotContain(secret.group(1));
            assertThat(record.user()).isEqualTo(System.getProperty("user.name"));
        });
    }

    @Test
    void createWithoutExpiryOrWithUnknownWordsFails() {
        Run noExpiry = command("token", "create", "--name", "ci");
        assertThat(noExpiry.exitCode()).isEqualTo(2);
        assertThat(noExpiry.err()).contains("expiry");
        assertThat(command("token", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(command("token", "revoke", "0123456789abcdef").exitCode()).isEqualTo(1);
    }
}
