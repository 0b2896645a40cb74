package dev.berth.registry.browse;

import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_EMPTY;
import static dev.berth.registry.api.RegistryClient.OCI_INDEX;
import static dev.berth.registry.api.RegistryClient.OCI_LAYER;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.index;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.sha256;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.api.RegistryClient.strings;
import static dev.berth.registry.browse.ApiErrors.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryApiTest;
import dev.berth.registry.api.RegistryClient.Content;
import dev.berth.registry.api.RegistryClient.Image;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The browse API ({@code /api/}) over real HTTP, against images pushed through {@code /v2/}. */
class BrowseApiTest extends RegistryApiTest {

    @Test
    void repositoriesAreSearchedByNameAndPaged() {
        String prefix = "browse-" + UUID.randomUUID().toString().substring(0, 8);
        registry.pushImage(prefix + "/a", "v1");
        registry.pushImage(prefix + "/a", "v2");
        registry.pushImage(prefix + "/b", "v1");
        registry.pushImage(prefix + "/c/d", "v1");

        JsonNode all = ok("/api/repositories?q=" + prefix.toUpperCase());
        assertThat(names(all.get("repositories"))).containsExactly(prefix + "/a", prefix + "/b", prefix + "/c/d");
        assertThat(all.get("total").asInt()).isEqualTo(3);
        assertThat(all.has("next")).isFalse();
        JsonNode first = all.get("repositories").get(0);
        assertThat(first.get("tagCount").asInt()).isEqualTo(2);
        assertThat(Instant.parse(first.get("lastPushed").asString())).isBefore(Instant.now().plusSeconds(2));

        JsonNode page = ok("/api/repositories?n=2&q=" + prefix);
        assertThat(names(page.get("repositories"))).containsExactly(prefix + "/a", prefix + "/b");
        assertThat(page.get("next").asString()).isEqualTo(prefix + "/b");
        JsonNode rest = ok("/api/repositories?n=2&q=" + prefix + "&last=" + page.get("next").asString());
        assertThat(names(rest.get("repositories"))).containsExactly(prefix + "/c/d");
        assertThat(rest.has("next")).isFalse();

        assertThat(ok("/api/repositories?q=" + prefix + "/c").get("total").asInt()).isEqualTo(1);
        assertApiError(registry.get("/api/repositories?n=lots"), 400, "UNSUPPORTED");
    }

    @Test
    void tagTableShowsDigestTypeSizeCreatedPlatformsPushTimeAndReferrers() {
        String repo = newRepo("browse");
        Content layer = registry.pushBlob(repo, new byte[3000]);
        Content config = config(repo, "arm64", "2024-06-01T08:00:00Z");
        Content image = registry.pushManifest(repo, "v1", OCI_MANIFEST,
                imageManifest(OCI_MANIFEST, config, layer));
        Content signature = pushReferrer(repo, "application/vnd.dev.cosign.artifact.sig.v1+json", image);
        Content index = registry.pushManifest(repo, "multi", OCI_INDEX,
                index(OCI_INDEX, image));

        JsonNode table = ok("/api/repositories/" + repo + "/-/tags");

        assertThat(table.get("repository").asString()).isEqualTo(repo);
        assertThat(table.get("canDelete").asBoolean()).isTrue();
        List<JsonNode> tags = list(table.get("tags"));
        assertThat(tags).extracting(tag -> tag.get("name").asString()).containsExactly("multi", "v1");
        JsonNode v1 = tags.get(1);
        assertThat(v1.get("digest").asString()).isEqualTo(image.digest());
        assertThat(v1.get("mediaType").asString()).isEqualTo(OCI_MANIFEST);
        assertThat(v1.get("kind").asString()).isEqualTo("image");
        assertThat(v1.get("size").asLong()).isEqualTo(config.size() + 3000);
        assertThat(v1.get("created").asString()).isEqualTo("2024-06-01T08:00:00Z");
        assertThat(strings(v1.get("platforms"))).containsExactly("linux/arm64");
        assertThat(strings(v1.get("referrers"))).containsExactly("application/vnd.dev.cosign.artifact.sig.v1+json");
        assertThat(Instant.parse(v1.get("pushed").asString())).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(2));
        JsonNode multi = tags.get(0);
        assertThat(multi.get("digest").asString()).isEqualTo(index.digest());
        assertThat(multi.get("kind").asString()).isEqualTo("index");
        assertThat(strings(multi.get("platforms"))).containsExactly("linux/amd64");
        assertThat(multi.get("size").asLong()).isEqualTo(config.size() + 3000);
        assertThat(signature.digest()).isNotEqualTo(image.digest());
    }

    @Test
    void tagTableComesAPageAtATimeInNameOrder() {
        String repo = newRepo("browse");
        for (String tag : List.of("b", "a-b", "a", "c", "a.b")) {
            registry.pushImage(repo, tag);
        }

        JsonNode first = ok("/api/repositories/" + repo + "/-/tags?n=2");
        assertThat(list(first.get("tags"))).extracting(tag -> tag.get("name").asString()).containsExactly("a", "a-b");
        assertThat(first.get("next").asString()).isEqualTo("a-b");
        JsonNode second = ok("/api/repositories/" + repo + "/-/tags?n=2&last=a-b");
        assertThat(list(second.get("tags"))).extracting(tag -> tag.get("name").asString()).containsExactly("a.b", "b");
        JsonNode last = ok("/api/repositories/" + repo + "/-/tags?n=2&last=b");
        assertThat(list(last.get("tags"))).extracting(tag -> tag.get("name").asString()).containsExactly("c");
        assertThat(last.has("next")).isFalse();
        assertThat(ok("/api/repositories/" + repo).get("tagCount").asInt()).isEqualTo(5);
    }

    @Test
    void imageDetailHasLayersConfigReferrersAndTags() {
        String repo = newRepo("browse");
        Content small = registry.pushBlob(repo, new byte[100]);
        Content large = registry.pushBlob(repo, new byte[20_000]);
        Map<String, Object> configFields = new LinkedHashMap<>();
        configFields.put("architecture", "amd64");
        configFields.put("os", "linux");
        configFields.put("created", "2024-02-03T04:05:06Z");
        configFields.put("config", Map.of("Env", List.of("PATH=/bin"), "Entrypoint", List.of("/bin/app"),
                "Cmd", List.of("--help"), "ExposedPorts", Map.of("80/tcp", Map.of()),
                "Labels", Map.of("org.opencontainers.image.version", "1.2.3")));
        configFields.put("history", List.of(Map.of("created_by", "ADD base /"), Map.of("created_by", "COPY app /bin/app")));
        Content config = registry.pushBlob(repo, OCI_CONFIG, json(configFields));
        Content image = registry.pushManifest(repo, "1.2.3", OCI_MANIFEST,
                imageManifest(OCI_MANIFEST, config, small, large));
        registry.pushManifest(repo, "latest", OCI_MANIFEST,
                imageManifest(OCI_MANIFEST, config, small, large));
        Content sbom = pushReferrer(repo, "application/spdx+json", image);

        JsonNode detail = ok("/api/repositories/" + repo + "/-/manifests/1.2.3");

        assertThat(detail.get("digest").asString()).isEqualTo(image.digest());
        assertThat(detail.get("size").asLong()).isEqualTo(config.size() + 100 + 20_000);
        assertThat(strings(detail.get("tags"))).containsExactly("1.2.3", "latest");
        List<JsonNode> layers = list(detail.get("layers"));
        assertThat(layers).extracting(layer -> layer.get("digest").asString()).containsExactly(small.digest(), large.digest());
        assertThat(layers).extracting(layer -> layer.get("size").asLong()).containsExactly(100L, 20_000L);
        assertThat(layers).extracting(layer -> layer.get("mediaType").asString()).containsOnly(OCI_LAYER);
        assertThat(layers).extracting(layer -> layer.get("createdBy").asString()).containsExactly("ADD base /", "COPY app /bin/app");
        JsonNode parsed = detail.get("config");
        assertThat(parsed.get("digest").asString()).isEqualTo(config.digest());
        assertThat(strings(parsed.get("env"))).containsExactly("PATH=/bin");
        assertThat(strings(parsed.get("entrypoint"))).containsExactly("/bin/app");
        assertThat(strings(parsed.get("cmd"))).containsExactly("--help");
        assertThat(strings(parsed.get("exposedPorts"))).containsExactly("80/tcp");
        assertThat(parsed.get("labels").get("org.opencontainers.image.version").asString()).isEqualTo("1.2.3");
        assertThat(list(parsed.get("history"))).hasSize(2);
        List<JsonNode> referrers = list(detail.get("referrers"));
        assertThat(referrers).hasSize(1);
        assertThat(referrers.get(0).get("digest").asString()).isEqualTo(sbom.digest());
        assertThat(referrers.get(0).get("artifactType").asString()).isEqualTo("application/spdx+json");

        JsonNode byDigest = ok("/api/repositories/" + repo + "/-/manifests/" + image.digest());
        assertThat(byDigest.get("digest").asString()).isEqualTo(image.digest());
        JsonNode encoded = ok("/api/repositories/" + repo + "/-/manifests/" + image.digest().replace(":", "%3A"));
        assertThat(encoded.get("digest").asString()).isEqualTo(image.digest());

        JsonNode referrer = ok("/api/repositories/" + repo + "/-/manifests/" + sbom.digest());
        assertThat(referrer.get("kind").asString()).isEqualTo("artifact");
        assertThat(referrer.get("subject").asString()).isEqualTo(image.digest());
    }

    @Test
    void repositoryAndRegistryStorageUseCountSharedLayersOnce() {
        String one = newRepo("browse-use");
        String two = newRepo("browse-use");
        byte[] base = randomBytes(50_000);
        Content sharedInOne = registry.pushBlob(one, base);
        Content configOne = config(one, "amd64", "2024-01-01T00:00:00Z");
        Content manifestA = registry.pushManifest(one, "a", OCI_MANIFEST,
                imageManifest(OCI_MANIFEST, configOne, sharedInOne));
        Content manifestB = registry.pushManifest(one, "b", OCI_MANIFEST,
                imageManifest(OCI_MANIFEST, configOne, sharedInOne,
                        registry.pushBlob(one, new byte[10])));
        Content sharedInTwo = registry.pushBlob(two, base);
        Content configTwo = config(two, "amd64", "2024-01-01T00:00:00Z");
        Content manifestC = registry.pushManifest(two, "c", OCI_MANIFEST,
                imageManifest(OCI_MANIFEST, configTwo, sharedInTwo));

        JsonNode repository = ok("/api/repositories/" + one);
        long expectedOne = 50_000 + configOne.size() + 10 + manifestA.size() + manifestB.size();
        assertThat(repository.get("size").asLong()).isEqualTo(expectedOne);
        assertThat(repository.get("tagCount").asInt()).isEqualTo(2);
        assertThat(repository.get("manifests").asInt()).isEqualTo(2);
        assertThat(repository.get("blobs").asInt()).isEqualTo(5);

        JsonNode usage = ok("/api/usage");
        Map<String, Long> sizes = new LinkedHashMap<>();
        usage.get("repositories").forEach(repo -> sizes.put(repo.get("name").asString(), repo.get("size").asLong()));
        assertThat(sizes).containsEntry(one, expectedOne)
                .containsEntry(two, 50_000 + configTwo.size() + manifestC.size());
        assertThat(usage.get("savedBySharing").asLong()).isGreaterThanOrEqualTo(50_000);
        assertThat(usage.get("sizeOfRepositories").asLong() - usage.get("size").asLong())
                .isEqualTo(usage.get("savedBySharing").asLong());
    }

    @Test
    void deletingATagKeepsTheImageAndDeletingTheImageRemovesItsTags() {
        String repo = newRepo("browse-delete");
        Image image = registry.pushImage(repo, "v1");
        registry.pushManifest(repo, "v2", OCI_MANIFEST, image.manifest().bytes());
        registry.pushImage(repo, "other");

        assertStatus(registry.delete("/api/repositories/" + repo + "/-/tags/v1"), 204);
        assertThat(registry.tags(repo)).containsExactly("other", "v2");
        assertStatus(registry.get("/v2/" + repo + "/manifests/" + image.digest()), 200);
        assertApiError(registry.delete("/api/repositories/" + repo + "/-/tags/v1"), 404, "MANIFEST_UNKNOWN");

        assertApiError(registry.delete("/api/repositories/" + repo + "/-/manifests/v2"), 400, "DIGEST_INVALID");
        assertStatus(registry.delete("/api/repositories/" + repo + "/-/manifests/" + image.digest()), 204);
        assertThat(registry.tags(repo)).containsExactly("other");
        assertOciError(registry.get("/v2/" + repo + "/manifests/" + image.digest()), 404, "MANIFEST_UNKNOWN");
        assertApiError(registry.get("/api/repositories/" + repo + "/-/manifests/" + image.digest()), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void deletingTheLastImageTakesTheRepositoryOutOfTheList() {
        String repo = newRepo("browse-last");
        Image image = registry.pushImage(repo, "v1");
        assertThat(names(ok("/api/repositories?q=" + repo).get("repositories"))).containsExactly(repo);

        assertStatus(registry.delete("/api/repositories/" + repo + "/-/manifests/" + image.digest()), 204);

        assertThat(names(ok("/api/repositories?q=" + repo).get("repositories"))).isEmpty();
        assertApiError(registry.get("/api/repositories/" + repo), 404, "NAME_UNKNOWN");
    }

    @Test
    void deletingARepositoryRemovesItsTagsImagesAndLinks() {
        String repo = newRepo("browse-repo");
        Image v1 = registry.pushImage(repo, "v1");
        registry.pushImage(repo, "v2");
        registry.pushManifest(repo, "stable", OCI_MANIFEST, v1.manifest().bytes());
        String neighbour = repo + "/next-door";
        registry.pushImage(neighbour, "v1");
        assertThat(ok("/api/repositories/" + repo).get("canDelete").asBoolean()).isTrue();

        assertStatus(registry.delete("/api/repositories/" + repo), 204);

        assertThat(names(ok("/api/repositories?q=" + repo).get("repositories"))).containsExactly(neighbour);
        assertApiError(registry.get("/api/repositories/" + repo), 404, "NAME_UNKNOWN");
        assertOciError(registry.get("/v2/" + repo + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.get("/v2/" + repo + "/manifests/" + v1.digest()), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.get("/v2/" + repo + "/blobs/" + v1.layer().digest()), 404, "BLOB_UNKNOWN");
        assertThat(registry.tags(neighbour)).containsExactly("v1");
        assertApiError(registry.delete("/api/repositories/" + repo), 404, "NAME_UNKNOWN");

        registry.pushImage(repo, "v3");
        assertThat(names(ok("/api/repositories?q=" + repo).get("repositories"))).containsExactly(repo, neighbour);
        assertThat(registry.tags(repo)).containsExactly("v3");
    }

    @Test
    void unknownRepositoriesManifestsAndEndpointsAreErrors() {
        String repo = newRepo("browse-unknown");
        registry.pushImage(repo, "v1");

        assertApiError(registry.get("/api/repositories/" + repo + "x"), 404, "NAME_UNKNOWN");
        assertApiError(registry.get("/api/repositories/" + repo + "x/-/tags"), 404, "NAME_UNKNOWN");
        assertApiError(registry.get("/api/repositories/" + repo + "/-/manifests/v9"), 404, "MANIFEST_UNKNOWN");
        assertApiError(registry.get("/api/repositories/Bad_Name/-/tags"), 400, "NAME_INVALID");
        assertApiError(registry.get("/api/repositories/" + repo + "/-/nothing"), 404, "UNSUPPORTED");
        assertApiError(registry.get("/api/nothing"), 404, "UNSUPPORTED");
        assertApiError(registry.send("POST", "/api/repositories", BodyPublishers.noBody()),
                405, "UNSUPPORTED");
    }

    @Test
    void responsesSayHowLongTheServerTook() {
        HttpResponse<byte[]> response = registry.get("/api/repositories?n=1");

        assertStatus(response, 200);
        assertThat(response.headers().firstValue("Server-Timing")).hasValueSatisfying(
                timing -> assertThat(timing).matches("app;dur=\\d+\\.\\d"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void theWebUiIsServedAtTheRoot() {
        HttpResponse<byte[]> page = registry.get("/");
        assertStatus(page, 200);
        assertThat(new String(page.body())).contains("<script type=\"module\" src=\"/ui/app.js\">");
        HttpResponse<byte[]> script = registry.get("/ui/app.js");
        assertStatus(script, 200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/javascript"));
    }

    // ---- helpers ------------------------------------------------------------------------

    private JsonNode ok(String path) {
        HttpResponse<byte[]> response = registry.get(path);
        assertStatus(response, 200);
        return readJson(response);
    }

    private Content config(String repo, String architecture, String created) {
        return registry.pushBlob(repo, OCI_CONFIG, json(Map.of("architecture", architecture, "os", "linux",
                "created", created, "rootfs", Map.of("type", "layers", "diff_ids", List.of()),
                "nonce", UUID.randomUUID().toString())));
    }

    private Content pushReferrer(String repo, String artifactType, Content subject) {
        Content empty = registry.pushBlob(repo, OCI_EMPTY, "{}".getBytes());
        Content payload = registry.pushBlob(repo, "application/octet-stream", UUID.randomUUID().toString().getBytes());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("artifactType", artifactType);
        manifest.put("config", empty.descriptor());
        manifest.put("layers", List.of(payload.descriptor()));
        manifest.put("subject", subject.descriptor());
        byte[] content = json(manifest);
        return registry.pushManifest(repo, sha256(content), OCI_MANIFEST, content);
    }

    private static List<String> names(JsonNode repositories) {
        List<String> names = new ArrayList<>();
        repositories.forEach(repo -> names.add(repo.get("name").asString()));
        return names;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> values = new ArrayList<>();
        array.forEach(values::add);
        return values;
    }
}
