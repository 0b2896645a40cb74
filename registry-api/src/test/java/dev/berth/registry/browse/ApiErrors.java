package dev.berth.registry.browse;

import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.describe;
import static dev.berth.registry.api.RegistryClient.readJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** The browse API answers errors in the OCI error format, without the distribution API's version header. */
final class ApiErrors {
    private ApiErrors() {
    }

    static void assertApiError(HttpResponse<byte[]> response, int status, String code) {
        assertStatus(response, status);
        assertThat(response.headers().firstValue("Content-Type")).as("error Content-Type")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode errors = readJson(response).get("errors");
        assertThat(errors).as("errors array in " + describe(response)).isNotNull();
        assertThat(errors.get(0).get("code").asString()).as(describe(response)).isEqualTo(code);
        assertThat(errors.get(0).get("message").asString()).isNotEmpty();
    }
}
