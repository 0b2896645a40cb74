package dev.berth.registry.audit;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.auth.AuthFixture.ALICE;
import static dev.berth.registry.auth.AuthFixture.ALICE_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.BOB;
import static dev.berth.registry.auth.AuthFixture.BOB_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.CI_BOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import dev.berth.storage.testsupport.Await;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.auth.AuthFixture;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.RunsOnEveryStore;
import dev.berth.registry.testsupport.TestStorage;
import dev.berth.storage.audit.AuditAction;
import dev.berth.storage.audit.AuditRecord;
import dev.berth.storage.audit.AuditWriter;
import dev.berth.storage.driver.StorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail end to end, on the filesystem and on S3: two replicas over one store, writes and
 * refusals made on one, read by an admin from the other at {@code GET /api/admin/audit}.
 */
@RunsOnEveryStore
class AuditTrailApiTest {
    private static TestStorage storage;
    private static Path folder;
    private static RegistryInstance first;
    private static RegistryInstance second;
    private static RegistryClient aliceOnFirst;
    private static RegistryClient bobOnFirst;
    private static RegistryClient aliceOnSecond;
    private static String[] settings;

    @BeforeAll
    static void startTwoReplicas() throws IOException {
        storage = TestStorage.create();
        folder = Files.createTempDirectory("berth-audit");
        Path htpasswd = AuthFixture.htpasswd(folder);
        String[] settings = {
                "--registry.auth.mode=basic",
                "--registry.auth.htpasswd-file=" + htpasswd,
                "--registry.auth.groups.admins[0]=" + ALICE,
                "--registry.auth.rules[0].repositories[0]=**",
                "--registry.auth.rules[0].groups[0]=admins",
                "--registry.auth.rules[0].actions[0]=admin",
                "--registry.auth.rules[1].repositories[0]=team-a/**",
                "--registry.auth.rules[1].users[0]=" + BOB,
                "--registry.auth.rules[1].actions=pull,push,delete",
                "--registry.auth.rules[2].repositories[0]=team-b/**",
                "--registry.auth.rules[2].users[0]=" + BOB,
                "--registry.auth.rules[2].actions=pull",
                "--registry.immutable-tags[0].repositories=team-a/locked-**",
                "--registry.immutable-tags[0].tags=v*",
                "--registry.retention.rules[0].repositories=team-a/retained-**",
                "--registry.retention.rules[0].keep-last=1",
                "--registry.audit.retention=3d"};
        AuditTrailApiTest.settings = settings;
        first = RegistryInstance.start(storage, settings);
        second = RegistryInstance.start(storage, settings);
        aliceOnFirst = new RegistryClient(first.base().getPort()).asUser(ALICE, ALICE_PASSWORD);
        bobOnFirst = new RegistryClient(first.base().getPort()).asUser(BOB, BOB_PASSWORD);
        aliceOnSecond = new RegistryClient(second.base().getPort()).asUser(ALICE, ALICE_PASSWORD);
    }

    @AfterAll
    static void stop() {
        Closing.quietly(first, second, storage);
    }

    private static String repo(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void pushTagMoveAndDeleteOnOneReplicaAreReadOnTheOther() {
        String repo = repo("team-a/app-");
        RegistryClient.Image one = bobOnFirst.pushImage(repo, "1");
        RegistryClient.Image two = bobOnFirst.pushImage(repo, "1");
        assertStatus(bobOnFirst.delete("/v2/" + repo + "/manifests/1"), 202);

        List<JsonNode> records = awaitRecords(aliceOnSecond, "?repository=" + repo, 3);

        assertThat(records).extracting(r -> r.get("action").asString()).containsExactly("delete", "tag-move", "push");
        JsonNode delete = records.get(0);
        JsonNode move = records.get(1);
        JsonNode push = records.get(2);
        assertThat(push.get("user").asString()).isEqualTo(BOB);
        assertThat(push.get("client").asString()).isEqualTo("127.0.0.1");
        assertThat(push.get("repository").asString()).isEqualTo(repo);
        assertThat(push.get("reference").asString()).isEqualTo("1");
        assertThat(push.get("digest").asString()).isEqualTo(one.digest());
        assertThat(Instant.parse(push.get("time").asString())).isBetween(Instant.now().minusSeconds(120), Instant.now());
        assertThat(move.get("digest").asString()).isEqualTo(two.digest());
        assertThat(move.get("detail").asString()).contains(one.digest());
        assertThat(delete.get("reference").asString()).isEqualTo("1");
        assertThat(delete.get("digest").asString()).isEqualTo(two.digest());
        assertThat(delete.get("user").asString()).isEqualTo(BOB);
    }

    @Test
    void refusalsOfWritesAreRecordedOnceEach() {
        String locked = repo("team-a/locked-");
        RegistryClient.Image v1 = bobOnFirst.pushImage(locked, "v1");
        RegistryClient.Image other = bobOnFirst.pushImage(locked, "latest");
        HttpResponse<byte[]> immutable = bobOnFirst.send("PUT", "/v2/" + locked + "/manifests/v1",
                HttpRequest.BodyPublishers.ofByteArray(other.manifest().bytes()),
                "Content-Type", other.manifest().mediaType());
        assertOciError(immutable, 403, "DENIED");
        String readOnly = repo("team-b/app-");
        assertOciError(bobOnFirst.send("POST", "/v2/" + readOnly + "/blobs/uploads/",
                HttpRequest.BodyPublishers.noBody()), 403, "DENIED");
        // No credentials at all: docker's first request of every push, the challenge, is no refusal.
        assertStatus(new RegistryClient(first.base().getPort()).send("POST", "/v2/" + readOnly + "/blobs/uploads/",
                HttpRequest.BodyPublishers.noBody()), 401);

        JsonNode refusal = awaitRecords(aliceOnSecond, "?repository=" + locked, 3).get(0);
        assertThat(refusal.get("action").asString()).isEqualTo("refused");
        assertThat(refusal.get("user").asString()).isEqualTo(BOB);
        assertThat(refusal.get("reference").asString()).isEqualTo("v1");
        assertThat(refusal.get("digest").asString()).isEqualTo(other.digest()).isNotEqualTo(v1.digest());
        assertThat(refusal.get("detail").asString()).startsWith("DENIED: tag v1 of " + locked + " is immutable");

        List<JsonNode> denied = awaitRecords(aliceOnSecond, "?repository=" + readOnly, 1);
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("action").asString()).isEqualTo("refused");
        assertThat(denied.get(0).get("detail").asString()).startsWith("DENIED");
    }

    @Test
    void failedSignInsAreRecordedWithTheNameTriedAndNeverThePassword() {
        String wrong = "not-" + UUID.randomUUID();
        String user = "mallory-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryClient mallory = new RegistryClient(first.base().getPort()).asUser(user, wrong);
        assertOciError(mallory.get("/v2/"), 401, "UNAUTHORIZED");
        // A wrong password on a push: one failed sign-in, not also a refusal.
        assertOciError(mallory.send("POST", "/v2/team-a/x/blobs/uploads/", HttpRequest.BodyPublishers.noBody()), 401,
                "UNAUTHORIZED");

        List<JsonNode> records = awaitRecords(aliceOnSecond, "?user=" + user, 2);

        assertThat(records).hasSize(2).allSatisfy(record -> {
            assertThat(record.get("action").asString()).isEqualTo("sign-in-failed");
            assertThat(record.get("client").asString()).isEqualTo("127.0.0.1");
        });
        assertThat(records.toString()).doesNotContain(wrong);
        assertThat(storedAuditText()).contains(user).doesNotContain(wrong);
    }

    @Test
    void aFailedSignInAtTheTokenEndpointIsRecordedOnce() {
        String user = "eve-" + UUID.randomUUID().toString().substring(0, 8);
        String wrong = "not-" + UUID.randomUUID();
        List<String> tokenMode = new ArrayList<>(List.of(settings));
        tokenMode.replaceAll(setting -> setting.equals("--registry.auth.mode=basic") ? "--registry.auth.mode=token" : setting);
        try (RegistryInstance tokenRegistry = RegistryInstance.start(storage, tokenMode.toArray(String[]::new))) {
            HttpResponse<byte[]> refused = new RegistryClient(tokenRegistry.base().getPort()).asUser(user, wrong)
                    .get("/auth/token?service=berth&scope=repository:team-a/x:pull,push");
            assertStatus(refused, 401);
        }

        List<JsonNode> records = awaitRecords(aliceOnSecond, "?user=" + user, 1);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("action").asString()).isEqualTo("sign-in-failed");
        assertThat(records.toString()).doesNotContain(wrong);
    }

    @Test
    void ciTokensCreatedAndRevokedAreRecordedWithoutTheirSecret() {
        HttpResponse<byte[]> created = aliceOnFirst.send("POST", "/api/admin/tokens",
                HttpRequest.BodyPublishers.ofByteArray(json(Map.of("name", CI_BOT, "expiresIn", "1h"))),
                "Content-Type", "application/json");
        assertStatus(created, 201);
        JsonNode token = readJson(created);
        assertStatus(aliceOnFirst.delete("/api/admin/tokens/" + token.get("id").asString()), 204);

        List<JsonNode> records = awaitRecords(aliceOnSecond, "?user=" + ALICE, 2,
                r -> r.path("detail").asString("").contains(token.get("id").asString()));

        assertThat(records).extracting(r -> r.get("action").asString())
                .containsExactly("ci-token-revoked", "ci-token-created");
        assertThat(records.get(1).get("detail").asString()).contains(CI_BOT);
        String secret = token.get("secret").asString();
        assertThat(records.toString()).doesNotContain(secret);
        assertThat(storedAuditText()).doesNotContain(secret).doesNotContain(secret.substring(secret.length() - 43));
    }

    @Test
    void pagesFollowNextAndOnlyAdminsMayRead() {
        String repo = repo("team-a/paged-");
        for (int i = 0; i < 3; i++) {
            bobOnFirst.pushImage(repo, "t" + i);
        }
        awaitRecords(aliceOnSecond, "?repository=" + repo, 3);

        JsonNode page = readJson(aliceOnSecond.get("/api/admin/audit?n=2&repository=" + repo));
        assertThat(page.get("records")).hasSize(2);
        assertThat(page.get("records").get(0).get("reference").asString()).isEqualTo("t2");
        JsonNode rest = readJson(aliceOnSecond.get("/api/admin/audit?n=2&repository=" + repo + "&last="
                + URLEncoder.encode(page.get("next").asString(), StandardCharsets.UTF_8)));
        assertThat(rest.get("records")).hasSize(1);
        assertThat(rest.get("records").get(0).get("reference").asString()).isEqualTo("t0");
        assertThat(rest.has("next")).isFalse();

        assertApiError(new RegistryClient(second.base().getPort()).asUser(BOB, BOB_PASSWORD).get("/api/admin/audit"),
                403, "DENIED");
        assertApiError(new RegistryClient(second.base().getPort()).get("/api/admin/audit"), 401, "UNAUTHORIZED");
        assertApiError(aliceOnSecond.get("/api/admin/audit?n=0"), 400, "UNSUPPORTED");
        assertApiError(aliceOnSecond.get("/api/admin/audit?since=yesterday"), 400, "UNSUPPORTED");
    }

    @Test
    void removalsByARetentionPolicyAreRecordedUnderThePolicysName() {
        String repo = repo("team-a/retained-");
        bobOnFirst.pushImage(repo, "old");
        bobOnFirst.pushImage(repo, "new");
        HttpResponse<byte[]> run = aliceOnFirst.send("POST", "/api/admin/retention", HttpRequest.BodyPublishers.noBody());
        assertStatus(run, 200);
        // Which of the two goes is the policy's business (on S3 both may carry the same push second).
        JsonNode removed = null;
        for (JsonNode removal : readJson(run).get("removals")) {
            if (removal.get("repository").asString().equals(repo)) {
                removed = removal;
            }
        }
        assertThat(removed).isNotNull();

        List<JsonNode> removals = awaitRecords(aliceOnSecond, "?repository=" + repo, 1,
                r -> r.get("action").asString().equals("policy-removal"));

        assertThat(removals).hasSize(1);
        assertThat(removals.get(0).get("user").asString()).isEqualTo("retention-policy");
        assertThat(removals.get(0).get("reference").asString()).isEqualTo(removed.get("tag").asString());
        assertThat(removals.get(0).get("digest").asString()).isEqualTo(removed.get("digest").asString());
    }

    @Test
    void aGracefulShutdownWritesTheRecordsStillQueued() {
        String repo = repo("team-a/shutdown-");
        RegistryInstance third = RegistryInstance.start(storage, settings);
        try {
            new RegistryClient(third.base().getPort()).asUser(BOB, BOB_PASSWORD).pushImage(repo, "1");
        } finally {
            third.close(); // at once: the push's record may still be in the queue
        }
        List<String> actions = new ArrayList<>();
        readJson(aliceOnSecond.get("/api/admin/audit?repository=" + repo)).get("records")
                .forEach(record -> actions.add(record.get("action").asString()));
        assertThat(actions).containsExactly("push");
    }

    @Test
    void expiryRemovesDaysPastTheRetentionAndQueriesNeverShowThem() {
        StorageDriver driver = first.bean(StorageDriver.class);
        String repo = repo("team-a/old-");
        Instant now = Instant.now();
        AuditWriter planted = new AuditWriter(driver);
        planted.add(List.of(
                AuditRecord.of(now.minus(Duration.ofDays(10)), AuditAction.PUSH, BOB, "10.0.0.1", repo, "ancient", null, null),
                AuditRecord.of(now.minus(Duration.ofDays(4)), AuditAction.PUSH, BOB, "10.0.0.1", repo, "expired", null, null),
                AuditRecord.of(now.minus(Duration.ofDays(1)), AuditAction.PUSH, BOB, "10.0.0.1", repo, "kept", null, null)));
        planted.flush();
        String ancientDay = now.minus(Duration.ofDays(10)).toString().substring(0, 10);
        assertThat(storage.children("audit")).contains(ancientDay);

        // Past the 3-day retention: hidden at once, whether or not its day is removed yet.
        assertThat(references(readJson(aliceOnSecond.get("/api/admin/audit?repository=" + repo))))
                .containsExactly("kept");

        second.bean(AuditExpirySchedule.class).expire();

        assertThat(storage.children("audit")).doesNotContain(ancientDay,
                now.minus(Duration.ofDays(4)).toString().substring(0, 10))
                .contains(now.minus(Duration.ofDays(1)).toString().substring(0, 10));
        assertThat(references(readJson(aliceOnSecond.get("/api/admin/audit?repository=" + repo
                + "&since=2000-01-01T00:00:00Z")))).containsExactly("kept");
    }

    /** The admin API answers with the error document of /v2/, without its version header. */
    private static void assertApiError(HttpResponse<byte[]> response, int status, String code) {
        assertStatus(response, status);
        assertThat(readJson(response).get("errors").get(0).get("code").asString()).isEqualTo(code);
    }

    private static List<String> references(JsonNode page) {
        List<String> references = new ArrayList<>();
        page.get("records").forEach(record -> references.add(record.get("reference").asString()));
        return references;
    }

    private static List<JsonNode> awaitRecords(RegistryClient admin, String query, int atLeast) {
        return awaitRecords(admin, query, atLeast, record -> true);
    }

    /** Records are written within a second or so of the request (the queue's flush); ask until they are there. */
    private static List<JsonNode> awaitRecords(RegistryClient admin, String query, int atLeast,
                                               Predicate<JsonNode> wanted) {
        return Await.value(atLeast + " audit records for " + query, Duration.ofSeconds(20), () -> {
            HttpResponse<byte[]> response = admin.get("/api/admin/audit" + query);
            assertStatus(response, 200);
            List<JsonNode> records = new ArrayList<>();
            for (JsonNode record : readJson(response).get("records")) {
                if (wanted.test(record)) {
                    records.add(record);
                }
            }
            return records.size() >= atLeast ? Optional.of(records) : Optional.empty();
        });
    }

    /** Everything the audit trail put in the store, as text. */
    private static String storedAuditText() {
        StringBuilder text = new StringBuilder();
        for (String path : storage.filesUnder("audit").keySet()) {
            text.append(new String(storage.read(path), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
