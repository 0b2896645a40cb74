package dev.berth.registry.retention;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.events.WebhookReceiver;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.RunsOnEveryStore;
import dev.berth.registry.testsupport.TestStorage;
import dev.berth.storage.testsupport.Await;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retention as an admin runs it: the admin API's dry run and real run on a running registry, the
 * delete events of what a policy removed, the UI's overview, and the jar's {@code retention} command.
 */
@RunsOnEveryStore
class RetentionApiAndCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** team-a keeps its newest build and every release; their untagged manifests go too. */
    private static final String[] POLICY = {
            "--registry.retention.rules[0].repositories=team-a/**",
            "--registry.retention.rules[0].keep-last=1",
            "--registry.retention.rules[0].keep-tags=release-.*",
            "--registry.retention.rules[0].untagged=true",
            "--registry.gc.grace-period=0s"};

    private final TestStorage storage = TestStorage.create();
    private final WebhookReceiver receiver = new WebhookReceiver();
    private RegistryInstance registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        receiver.close();
        storage.close();
    }

    /** A registry with {@link #POLICY} and these settings besides, and a client of it. */
    private RegistryClient startWithPolicy(String... settings) {
        List<String> arguments = new ArrayList<>(List.of(POLICY));
        arguments.addAll(List.of(settings));
        registry = RegistryInstance.start(storage, arguments.toArray(String[]::new));
        return new RegistryClient(registry.base().getPort());
    }

    @Test
    void theScheduleRunsThePoliciesByItself() {
        RegistryClient client = startWithPolicy("--registry.retention.schedule=* * * * * *");
        client.pushImage("team-a/app", "b1");
        client.pushImage("team-a/app", "b2");
        client.pushImage("team-a/app", "release-1");

        Await.until("the scheduled run removed b1", Duration.ofSeconds(20),
                () -> client.tags("team-a/app").equals(List.of("b2", "release-1")));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aReadOnlyRegistryLeavesTheScheduleUnrun(CapturedOutput output) throws Exception {
        RegistryClient client = startWithPolicy();
        client.pushImage("team-a/app", "b1");
        client.pushImage("team-a/app", "b2");
        registry.close();
        RegistryClient readOnly = startWithPolicy("--registry.retention.schedule=* * * * * *",
                "--registry.read-only=true");

        Thread.sleep(2_500); // two ticks of the schedule
        assertThat(readOnly.tags("team-a/app")).containsExactly("b1", "b2");
        assertThat(output.getOut()).as("a refused run is logged as a failure").doesNotContain("retention run failed");
    }

    @Test
    void dryRunListsExactlyWhatTheRealRunRemovesAndEachRemovalIsADeleteEvent() throws Exception {
        receiver.serve("/events", attempt -> 200);
        RegistryClient client = startWithPolicy("--registry.notifications.endpoints[0].name=audit",
                "--registry.notifications.endpoints[0].url=" + receiver.url("/events"),
                "--registry.notifications.endpoints[0].actions=delete");
        String b1 = client.pushImage("team-a/app", "b1").digest();
        String b2 = client.pushImage("team-a/app", "b2").digest();
        client.pushImage("team-a/app", "release-1");
        client.pushImage("team-a/app", "b3");
        client.pushImage("team-b/app", "b1");

        JsonNode dryRun = post("/api/admin/retention?dryRun=true");
        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(removals(dryRun)).containsExactlyInAnyOrder(
                "team-a/app:b1", "team-a/app:b2", "team-a/app@" + b1, "team-a/app@" + b2);
        assertThat(client.tags("team-a/app")).containsExactly("b1", "b2", "b3", "release-1");

        JsonNode real = post("/api/admin/retention");
        assertThat(real.get("removals")).isEqualTo(dryRun.get("removals"));
        assertThat(client.tags("team-a/app")).containsExactly("b3", "release-1");
        assertThat(client.tags("team-b/app")).containsExactly("b1");
        assertThat(client.get("/v2/team-a/app/manifests/" + b1).statusCode()).isEqualTo(404);

        List<String> deleted = receiver.awaitDeliveries("/events", 4).stream()
                .flatMap(received -> StreamSupport.stream(JSON.readTree(received.body()).get("events").spliterator(), false))
                .map(event -> {
                    assertThat(event.get("action").asString()).isEqualTo("delete");
                    assertThat(event.get("actor").get("name").asString()).isEqualTo("retention-policy");
                    JsonNode target = event.get("target");
                    return target.get("repository").asString() + (target.has("tag")
                            ? ":" + target.get("tag").asString() : "@" + target.get("digest").asString());
                })
                .toList();
        assertThat(deleted).containsExactlyInAnyOrder("team-a/app:b1", "team-a/app:b2", "team-a/app@" + b1,
                "team-a/app@" + b2);

        HttpResponse<byte[]> overview = registry.get("/api/admin/retention");
        assertThat(overview.statusCode()).as(describe(overview)).isEqualTo(200);
        JsonNode shown = JSON.readTree(overview.body());
        assertThat(shown.get("rules").get(0).get("repositories").asString()).isEqualTo("team-a/**");
        assertThat(shown.get("lastRun").get("dryRun").asBoolean()).isFalse();
        assertThat(shown.get("lastRun").get("tagsRemoved").asLong()).isEqualTo(2);
    }

    @Test
    void aPolicyNeverRemovesAnImmutableTag() throws Exception {
        RegistryClient client = startWithPolicy("--registry.immutable-tags[0].repositories=team-a/**",
                "--registry.immutable-tags[0].tags=v*");
        client.pushImage("team-a/app", "v1");
        client.pushImage("team-a/app", "b1");
        client.pushImage("team-a/app", "b2");

        JsonNode dryRun = post("/api/admin/retention?dryRun=true");
        JsonNode real = post("/api/admin/retention");

        assertThat(removals(dryRun)).contains("team-a/app:b1").noneMatch(removal -> removal.contains(":v1"));
        assertThat(real.get("removals")).isEqualTo(dryRun.get("removals"));
        assertThat(real.toString()).contains("registry.immutable-tags[0]");
        assertThat(client.tags("team-a/app")).containsExactly("b2", "v1");
    }

    @Test
    void aPullByTagIsMarkedInTheStoreOnceNotOncePerPull() {
        RegistryClient client = startWithPolicy();
        client.pushImage("team-a/app", "b1");
        String mark = "repositories/team-a/app/_manifests/tags/b1/lastpulled";
        assertThat(storage.isFile(mark)).isFalse();

        assertThat(client.get("/v2/team-a/app/manifests/b1", "Accept", RegistryClient.OCI_MANIFEST).statusCode())
                .isEqualTo(200);
        byte[] first = storage.read(mark);
        assertThat(client.get("/v2/team-a/app/manifests/b1", "Accept", RegistryClient.OCI_MANIFEST).statusCode())
                .isEqualTo(200);
        assertThat(storage.read(mark)).isEqualTo(first);
    }

    @Test
    void retentionCommandOfTheJarListsWhatWouldGoWithDryRunThenRemovesIt() throws Exception {
        String b1;
        RegistryClient client = startWithPolicy();
        b1 = client.pushImage("team-a/app", "b1").digest();
        client.pushImage("team-a/app", "b2");
        registry.close();
        registry = null;

        Run dryRun = command("retention", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("would remove tag team-a/app:b1 (" + b1 + ")")
                .contains("would remove manifest team-a/app@" + b1)
                .contains("dry run over 1 repositories: 1 tags and 1 untagged manifests would go");

        Run real = command("retention");
        assertThat(real.exitCode()).as(real.output()).isZero();
        assertThat(real.output()).contains("removed tag team-a/app:b1").contains("removed manifest team-a/app@" + b1);
        assertThat(command("retention", "--dry-run").output()).doesNotContain(b1).contains("0 tags and 0 untagged");
        assertThat(command("retention", "--bogus").exitCode()).isEqualTo(2);
    }

    private JsonNode post(String path) {
        HttpResponse<byte[]> response = registry.post(path, new byte[0]);
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** {@code repo:tag} for a removed tag, {@code repo@digest} for a removed manifest. */
    private static List<String> removals(JsonNode report) {
        return StreamSupport.stream(report.get("removals").spliterator(), false)
                .map(removal -> removal.get("repository").asString() + (removal.get("tag").isNull()
                        ? "@" + removal.get("digest").asString() : ":" + removal.get("tag").asString()))
                .toList();
    }

    private record Run(int exitCode, String output) {
    }

    private Run command(String... args) throws IOException, InterruptedException {
        List<String> commandLine = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BerthApplication.class.getName()));
        commandLine.addAll(List.of(args));
        commandLine.addAll(storage.arguments(POLICY));
        Process process = new ProcessBuilder(commandLine).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
