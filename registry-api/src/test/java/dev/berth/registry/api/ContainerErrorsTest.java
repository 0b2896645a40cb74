package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.SPEC_ERROR_CODES;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Requests that fail before any endpoint runs (refused by Tomcat or the framework, or cut off
 * while their body is read) still get the spec's error document, never a framework error page,
 * and store nothing.
 */
class ContainerErrorsTest extends RegistryApiTest {
    private static final String SECRET = "s3cret-header-value";
    private String repo;

    @BeforeEach
    void newRepository() {
        repo = newRepo("container");
    }

    @Test
    void traceIsRefusedWith405AndEchoesNothing() {
        Answer answer = RawHttp.send(port, "TRACE /v2/ HTTP/1.1\r\nHost: x\r\nX-Secret: " + SECRET + "\r\n\r\n");

        assertOciDocument(answer, 405, "UNSUPPORTED");
        assertThat(answer.body()).doesNotContain(SECRET);
    }

    @Test
    void unknownMethodIs405Unsupported() {
        assertOciDocument(RawHttp.send(port, "FOO /v2/ HTTP/1.1\r\nHost: x\r\n\r\n"), 405, "UNSUPPORTED");
    }

    @Test
    void unknownPathUnderV2IsAnOciNotFound() {
        assertOciError(registry.get("/v2/" + repo + "/nothing/here"), 404, "UNSUPPORTED");
    }

    @Test
    void manifestBodyShorterThanItsContentLengthIsRejectedAndStoresNothing() {
        String body = "{\"schemaVersion\":2,";
        Answer answer = RawHttp.send(port, "PUT /v2/" + repo + "/manifests/cut HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: " + OCI_MANIFEST + "\r\nContent-Length: 500\r\n\r\n" + body);

        assertOciDocument(answer, 400, "MANIFEST_INVALID");
        assertStatus(registry.get("/v2/" + repo + "/manifests/cut", "Accept", OCI_MANIFEST), 404);
    }

    @Test
    void manifestWithBrokenChunkedEncodingIsRejectedAndStoresNothing() {
        Answer answer = RawHttp.send(port, "PUT /v2/" + repo + "/manifests/broken HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: " + OCI_MANIFEST + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        assertOciDocument(answer, 400, "MANIFEST_INVALID");
        assertStatus(registry.get("/v2/" + repo + "/manifests/broken", "Accept", OCI_MANIFEST), 404);
    }

    @Test
    void blobBodyShorterThanItsContentLengthIsRejectedAndStoresNothing() {
        byte[] blob = randomBytes(100);
        String digest = sha256(blob);
        Answer answer = RawHttp.send(port, ("POST /v2/" + repo + "/blobs/uploads/?digest=" + digest + " HTTP/1.1\r\n"
                + "Host: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n")
                + new String(blob, 0, 40, StandardCharsets.ISO_8859_1));

        assertOciDocument(answer, 400, "BLOB_UPLOAD_INVALID");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + digest), 404);
    }

    @Test
    void blobWithBrokenChunkedEncodingIsRejectedAndStoresNothing() {
        String digest = sha256("abc".getBytes(StandardCharsets.US_ASCII));
        Answer answer = RawHttp.send(port, "POST /v2/" + repo + "/blobs/uploads/?digest=" + digest + " HTTP/1.1\r\n"
                + "Host: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");

        assertOciDocument(answer, 400, "BLOB_UPLOAD_INVALID");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + digest), 404);
    }

    @Test
    void oversizedHeadersGetAnOciDocument() {
        Answer answer = RawHttp.send(port, "GET /v2/ HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

        assertThat(answer.status()).isBetween(400, 499);
        assertOciDocument(answer, answer.status(), null);
    }

    @Test
    void oversizedUrlGetsAnOciDocument() {
        Answer answer = RawHttp.send(port, "GET /v2/" + "a".repeat(20_000) + "/tags/list HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer.status()).isBetween(400, 499);
        assertOciDocument(answer, answer.status(), null);
    }

    @Test
    void requestsTheContainerCannotParseGetAnOciDocument() {
        assertOciDocument(RawHttp.send(port, "GET /v2/" + repo + "/manifests/%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400, null);
        assertOciDocument(RawHttp.send(port, "GET /v2/a%2Fb/tags/list HTTP/1.1\r\nHost: x\r\n\r\n"), 400, null);
        assertOciDocument(RawHttp.send(port, "GET /v2/ HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n"), 400, null);
        assertOciDocument(RawHttp.send(port, "GET /v2/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"),
                501, "UNSUPPORTED");
        assertOciDocument(RawHttp.send(port, "GET /v2/ HTTP/9.9\r\nHost: x\r\n\r\n"), 505, "UNSUPPORTED");
    }

    /** The spec's error document (with {@code code}, or any code of the table when null), never a framework page. */
    private static void assertOciDocument(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
        assertThat(answer.header("Docker-Distribution-API-Version")).as(answer.toString()).isEqualTo("registry/2.0");
        assertThat(answer.body()).as(answer.toString()).doesNotContain("timestamp").doesNotContain("<html");
        JsonNode errors = RegistryClient.JSON.readTree(answer.body()).get("errors");
        assertThat(errors).as(answer.toString()).isNotNull();
        String actual = errors.get(0).get("code").asString();
        assertThat(actual).as(answer.toString()).isIn(SPEC_ERROR_CODES);
        if (code != null) {
            assertThat(actual).as(answer.toString()).isEqualTo(code);
        }
    }
}
