package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.BerthApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** Where token mode's signing key comes from: generated once into the shared store, or configured. */
class SigningKeyTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--registry.auth.mode=token",
                "--registry.storage.filesystem.root=" + folder.resolve("store"),
                "--registry.auth.htpasswd-file=" + AuthFixture.htpasswd(folder)));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(BerthApplication.class).run(args.toArray(String[]::new));
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private String token(ConfigurableApplicationContext registry) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base(registry) + "/auth/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (AuthFixture.BOB + ":" + AuthFixture.BOB_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body()).get("token").asString();
    }

    private int versionCheck(ConfigurableApplicationContext registry, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(registry) + "/v2/"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void replicasSharingAStoreAcceptEachOthersTokens() throws Exception {
        try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
            assertThat(folder.resolve("store/auth/token/signing-key.json")).isRegularFile();

            assertThat(versionCheck(second, token(first))).isEqualTo(200);
            assertThat(versionCheck(first, token(second))).isEqualTo(200);
        }
    }

    @Test
    void configuredKeyIsUsedAndNothingIsGenerated() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path pem = folder.resolve("signing.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        try (ConfigurableApplicationContext registry = start("--registry.auth.token.signing-key=" + pem)) {
            SignedJWT token = SignedJWT.parse(token(registry));

            assertThat(token.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isTrue();
            assertThat(folder.resolve("store/auth/token/signing-key.json")).doesNotExist();
        }
    }
}
