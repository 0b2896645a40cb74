package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.nextLink;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.api.RegistryClient.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient.Image;
import dev.berth.registry.api.discovery.Pagination;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v2/<name>/tags/list}, with the spec's {@code n}/{@code last} pagination. */
class TagListTest extends RegistryApiTest {
    private String repo;

    @BeforeEach
    void pushTaggedImage() {
        repo = newRepo("tags");
        Image image = registry.pushImage(repo, "b");
        for (String tag : List.of("c10", "a", "c2", "A", "1.0")) {
            registry.pushManifest(repo, tag, OCI_MANIFEST, image.manifest().bytes());
        }
    }

    private String tagsPath() {
        return "/v2/" + repo + "/tags/list";
    }

    @Test
    void listsEveryTagInLexicalOrderWithTheRepositoryName() {
        HttpResponse<byte[]> response = registry.get(tagsPath());

        assertStatus(response, 200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = readJson(response);
        assertThat(body.get("name").asString()).isEqualTo(repo);
        assertThat(strings(body.get("tags"))).containsExactly("1.0", "A", "a", "b", "c10", "c2");
        assertThat(response.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void anNBeyondTheLargestPageGetsThatPageAndALinkToTheRest() {
        String many = newRepo("tags-many");
        Image image = registry.pushImage(many, "t0000");
        // 1,100 tags in eleven pushes of 100 (several tags in one manifest push).
        for (int push = 0; push < 11; push++) {
            StringBuilder query = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                query.append(query.isEmpty() ? "?" : "&").append("tag=").append(String.format("t%04d", push * 100 + i + 1));
            }
            assertStatus(registry.put("/v2/" + many + "/manifests/" + image.digest() + query, image.manifest().bytes(),
                    "Content-Type", OCI_MANIFEST), 201);
        }

        HttpResponse<byte[]> first = registry.get("/v2/" + many + "/tags/list?n=100000");

        assertStatus(first, 200);
        List<String> page = strings(readJson(first).get("tags"));
        assertThat(page).hasSize(Pagination.MAX_PAGE).startsWith("t0000").endsWith("t0999");
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(link ->
                assertThat(link).contains("n=" + Pagination.MAX_PAGE + "&last=t0999").endsWith("rel=\"next\""));
        assertThat(strings(readJson(registry.get("/v2/" + many + "/tags/list?n=100000&last=t0999")).get("tags")))
                .hasSize(101).startsWith("t1000").endsWith("t1100");
    }

    @Test
    void tagsWithSeparatorsAndCaseComeInByteOrder() {
        String other = newRepo("tags-order");
        Image image = registry.pushImage(other, "a");
        for (String tag : List.of("a_b", "A", "a.b", "0", "a-b")) {
            registry.pushManifest(other, tag, OCI_MANIFEST, image.manifest().bytes());
        }

        // Lexical: by character code, so '0' < 'A' < 'a' and '-' < '.' < '_'; never by locale or case.
        assertThat(registry.tags(other)).containsExactly("0", "A", "a", "a-b", "a.b", "a_b");
    }

    @Test
    void nLimitsThePageAndLinkPointsToTheNext() {
        HttpResponse<byte[]> response = registry.get(tagsPath() + "?n=2");

        assertStatus(response, 200);
        assertThat(strings(readJson(response).get("tags"))).containsExactly("1.0", "A");
        assertThat(response.headers().firstValue("Link")).contains("<" + tagsPath() + "?n=2&last=A>; rel=\"next\"");
    }

    @Test
    void followingLinksVisitsEveryTagOnce() {
        List<String> seen = new ArrayList<>();
        Optional<String> next = Optional.of(tagsPath() + "?n=4");
        int pages = 0;
        while (next.isPresent()) {
            HttpResponse<byte[]> page = registry.get(next.get());
            assertStatus(page, 200);
            seen.addAll(strings(readJson(page).get("tags")));
            next = nextLink(page);
            assertThat(++pages).as("pages").isLessThanOrEqualTo(2);
        }

        assertThat(seen).containsExactly("1.0", "A", "a", "b", "c10", "c2");
        assertThat(pages).isEqualTo(2);
    }

    @Test
    void lastStartsAfterTheGivenTag() {
        HttpResponse<byte[]> response = registry.get(tagsPath() + "?n=2&last=a");

        assertThat(strings(readJson(response).get("tags"))).containsExactly("b", "c10");
        assertThat(nextLink(response)).contains(tagsPath() + "?n=2&last=c10");

        HttpResponse<byte[]> rest = registry.get(tagsPath() + "?last=b");
        assertThat(strings(readJson(rest).get("tags"))).containsExactly("c10", "c2");
        assertThat(rest.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void lastPageExactlyFilledHasNoLink() {
        HttpResponse<byte[]> response = registry.get(tagsPath() + "?n=6");

        assertThat(strings(readJson(response).get("tags"))).hasSize(6);
        assertThat(response.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void zeroNGivesAnEmptyPageWithoutLink() {
        HttpResponse<byte[]> response = registry.get(tagsPath() + "?n=0");

        assertStatus(response, 200);
        assertThat(strings(readJson(response).get("tags"))).isEmpty();
        assertThat(response.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void nThatIsNotANonNegativeNumberIsRejected() {
        assertOciError(registry.get(tagsPath() + "?n=abc"), 400, "UNSUPPORTED");
        assertOciError(registry.get(tagsPath() + "?n=-1"), 400, "UNSUPPORTED");
    }

    @Test
    void unknownRepositoryIsNameUnknown() {
        assertOciError(registry.get("/v2/" + newRepo("tags") + "/tags/list"), 404, "NAME_UNKNOWN");
    }

    @Test
    void deletedTagLeavesTheList() {
        assertStatus(registry.delete("/v2/" + repo + "/manifests/c10"), 202);

        assertThat(registry.tags(repo)).containsExactly("1.0", "A", "a", "b", "c2");
    }
}
