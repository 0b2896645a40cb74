package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.sha256;
import static dev.berth.registry.api.RegistryClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient.Content;
import dev.berth.registry.api.RegistryClient.Image;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What one repository holds is invisible to another; names follow the spec's grammar, at any depth. */
class RepositoryIsolationTest extends RegistryApiTest {
    private String a;
    private String b;

    @BeforeEach
    void twoRepositories() {
        a = newRepo("isolation");
        b = newRepo("isolation");
    }

    @Test
    void blobOfOneRepositoryIsUnknownInAnother() {
        Content blob = registry.pushBlob(a, randomBytes(50));

        assertOciError(registry.get("/v2/" + b + "/blobs/" + blob.digest()), 404, "BLOB_UNKNOWN");
        assertStatus(registry.head("/v2/" + b + "/blobs/" + blob.digest()), 404);
        assertOciError(registry.delete("/v2/" + b + "/blobs/" + blob.digest()), 404, "BLOB_UNKNOWN");
        assertStatus(registry.head("/v2/" + a + "/blobs/" + blob.digest()), 200);
    }

    @Test
    void manifestOfOneRepositoryIsUnknownInAnother() {
        Image image = registry.pushImage(a, "v1");

        assertOciError(registry.get("/v2/" + b + "/manifests/" + image.digest()), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.get("/v2/" + b + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.delete("/v2/" + b + "/manifests/" + image.digest()), 404, "MANIFEST_UNKNOWN");
        assertStatus(registry.get("/v2/" + a + "/manifests/" + image.digest()), 200);
    }

    @Test
    void manifestMayNotReferenceBlobsOfAnotherRepository() {
        Image image = registry.pushImage(a, "v1");

        HttpResponse<byte[]> response = registry.put("/v2/" + b + "/manifests/v1",
                imageManifest(OCI_MANIFEST, image.config(), image.layer()), "Content-Type", OCI_MANIFEST);

        assertOciError(response, 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void uploadSessionOfOneRepositoryIsUnknownInAnother() {
        String session = registry.startUpload(a);
        String id = session.substring(session.lastIndexOf('/') + 1);
        String inB = "/v2/" + b + "/blobs/uploads/" + id;

        assertOciError(registry.get(inB), 404, "BLOB_UPLOAD_UNKNOWN");
        assertOciError(registry.put(withQuery(inB, "digest", sha256(new byte[0])), new byte[0]), 404, "BLOB_UPLOAD_UNKNOWN");
        assertStatus(registry.get(session), 204);
    }

    @Test
    void deepNestedNameWorksAndIsSeparateFromItsParent() {
        String parent = "org" + UUID.randomUUID().toString().substring(0, 8) + "/team/app";
        String child = parent + "/sub";

        Image image = registry.pushImage(child, "v1");

        HttpResponse<byte[]> fetched = registry.get("/v2/" + child + "/manifests/v1");
        assertStatus(fetched, 200);
        assertThat(fetched.body()).isEqualTo(image.manifest().bytes());
        assertStatus(registry.get("/v2/" + child + "/blobs/" + image.layer().digest()), 200);
        assertThat(registry.tags(child)).containsExactly("v1");
        assertOciError(registry.get("/v2/" + parent + "/tags/list"), 404, "NAME_UNKNOWN");
        assertOciError(registry.get("/v2/" + parent + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void namesContainingEndpointWordsAreRoutedByTheirEnd() {
        String name = "words" + UUID.randomUUID().toString().substring(0, 8) + "/blobs/uploads/manifests/tags";

        Image image = registry.pushImage(name, "list");

        assertStatus(registry.get("/v2/" + name + "/manifests/list"), 200);
        assertStatus(registry.get("/v2/" + name + "/blobs/" + image.layer().digest()), 200);
        assertThat(registry.tags(name)).containsExactly("list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER/x", "a//b", "a/_x", "-a/b", "a/b-", "a/./b", "a/../b", "a..b", "a/b/"})
    void namesOutsideTheGrammarAreNameInvalid(String name) {
        assertOciError(registry.get("/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
        assertOciError(registry.get("/v2/" + name + "/manifests/v1"), 400, "NAME_INVALID");
        assertOciError(registry.post("/v2/" + name + "/blobs/uploads/", new byte[0]), 400, "NAME_INVALID");
    }

    @Test
    void nameLongerThan255CharactersIsNameInvalid() {
        String name = "a".repeat(120) + "/" + "b".repeat(135);

        assertOciError(registry.get("/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
    }
}
