package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.nextLink;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.api.RegistryClient.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v2/_catalog}. The registry is shared with other test classes, so each test owns a
 * name prefix no other repository starts with and pages from {@code last=<prefix>}: the next names
 * in lexical order are then exactly its own.
 */
class CatalogTest extends RegistryApiTest {
    private String prefix;
    private List<String> names;

    @BeforeEach
    void pushNestedRepositories() {
        prefix = "catalog-" + UUID.randomUUID().toString().substring(0, 8);
        names = List.of(prefix + "/a", prefix + "/b", prefix + "/b/c", prefix + "/d/e/f");
        registry.pushImage(prefix + "/a", "v1");
        for (String name : names.subList(1, names.size())) {
            registry.pushBlob(name, randomBytes(8));
        }
    }

    @Test
    void listsNestedRepositoriesSortedAndNotTheFoldersBetween() {
        HttpResponse<byte[]> response = registry.get("/v2/_catalog");

        assertStatus(response, 200);
        List<String> all = strings(readJson(response).get("repositories"));
        assertThat(all).containsSubsequence(names);
        assertThat(all).isSorted();
        assertThat(all).doesNotContain(prefix, prefix + "/d", prefix + "/d/e");
        assertThat(response.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void aRepositoryWhoseImagesAreAllDeletedLeavesTheCatalogUntilItsNextPush() {
        String gone = prefix + "/c";
        RegistryClient.Image image = registry.pushImage(gone, "v1");
        assertThat(page()).contains(gone);

        assertStatus(registry.delete("/v2/" + gone + "/manifests/" + image.digest()), 202);

        assertThat(page()).containsExactly(prefix + "/a", prefix + "/b", prefix + "/b/c", prefix + "/d/e/f");
        registry.pushImage(gone, "v2");
        assertThat(page()).contains(gone);
    }

    /** The catalog from this test's prefix on. */
    private List<String> page() {
        return strings(readJson(registry.get("/v2/_catalog?n=10&last=" + prefix)).get("repositories")).stream()
                .filter(name -> name.startsWith(prefix + "/")).toList();
    }

    @Test
    void nLimitsThePageAndLinkPointsToTheNext() {
        HttpResponse<byte[]> first = registry.get("/v2/_catalog?n=2&last=" + prefix);

        assertStatus(first, 200);
        assertThat(strings(readJson(first).get("repositories"))).containsExactly(prefix + "/a", prefix + "/b");
        assertThat(first.headers().firstValue("Link")).contains("</v2/_catalog?n=2&last="
                + URLEncoder.encode(prefix + "/b", StandardCharsets.UTF_8) + ">; rel=\"next\"");

        HttpResponse<byte[]> second = registry.get(nextLink(first).orElseThrow());

        assertStatus(second, 200);
        assertThat(strings(readJson(second).get("repositories"))).containsExactly(prefix + "/b/c", prefix + "/d/e/f");
    }

    @Test
    void lastNamingANestedRepositoryContinuesAfterIt() {
        HttpResponse<byte[]> response = registry.get("/v2/_catalog?n=1&last=" + prefix + "/b/c");

        assertThat(strings(readJson(response).get("repositories"))).containsExactly(prefix + "/d/e/f");
    }

    @Test
    void zeroNGivesAnEmptyPageWithoutLink() {
        HttpResponse<byte[]> response = registry.get("/v2/_catalog?n=0");

        assertStatus(response, 200);
        assertThat(strings(readJson(response).get("repositories"))).isEmpty();
        assertThat(response.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void nThatIsNotANonNegativeNumberIsRejected() {
        assertOciError(registry.get("/v2/_catalog?n=many"), 400, "UNSUPPORTED");
        assertOciError(registry.get("/v2/_catalog?n=-5"), 400, "UNSUPPORTED");
    }
}
