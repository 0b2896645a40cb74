package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.API_VERSION_HEADER;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.readJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code /v2/}: the version check every client makes first. */
class BaseEndpointTest extends RegistryApiTest {

    @Test
    void versionCheckAnswersOkWithApiVersionHeader() {
        HttpResponse<byte[]> response = registry.get("/v2/");

        assertStatus(response, 200);
        assertThat(response.headers().firstValue(API_VERSION_HEADER)).contains("registry/2.0");
        assertThat(readJson(response).isObject()).isTrue();
    }

    @Test
    void versionCheckWithoutTrailingSlashAlsoAnswers() {
        HttpResponse<byte[]> response = registry.get("/v2");

        assertStatus(response, 200);
        assertThat(response.headers().firstValue(API_VERSION_HEADER)).contains("registry/2.0");
    }

    @Test
    void headOfVersionCheckHasHeaderAndNoBody() {
        HttpResponse<byte[]> response = registry.head("/v2/");

        assertStatus(response, 200);
        assertThat(response.headers().firstValue(API_VERSION_HEADER)).contains("registry/2.0");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void unknownPathUnderV2IsNotFoundWithOciError() {
        assertOciError(registry.get("/v2/team/app/nothing-here"), 404, "UNSUPPORTED");
    }

    @Test
    void unsupportedMethodIsRejectedWithOciError() {
        assertOciError(registry.post("/v2/", new byte[0]), 405, "UNSUPPORTED");
    }

    @Test
    void unknownPathOutsideV2IsNotFoundAndDoesNotClaimTheRegistryApi() {
        HttpResponse<byte[]> response = registry.get("/not-the-api");

        assertStatus(response, 404);
        assertThat(response.headers().firstValue(API_VERSION_HEADER)).isEmpty();
    }

    @Test
    void thereIsNoLogoutPage() {
        // Spring Security's default: GET or POST /logout redirected to a login page that does not exist
        assertStatus(registry.post("/logout", new byte[0]), 404);
        assertStatus(registry.get("/logout"), 404);
    }

    @Test
    void oneConnectionCarriesHundredsOfRequests() throws Exception {
        int requests = 300;
        StringBuilder pipelined = new StringBuilder();
        for (int i = 1; i <= requests; i++) {
            pipelined.append("GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append(i == requests ? "Connection: close\r\n" : "").append("\r\n");
        }
        String answers;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(pipelined.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        // Tomcat's default closed a connection after 100 requests; the reconnects that forced on
        // clients pulling many manifests made the slowest answers several times slower.
        assertThat(answers.split("HTTP/1.1 200 ", -1)).hasSize(requests + 1);
    }
}
