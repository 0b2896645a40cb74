package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.berth.registry.BerthApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tokens of an external issuer (Keycloak, Dex...), verified with the keys it publishes at its JWKS
 * URL, here served by a small HTTP server on loopback. The registry's rules stay the ceiling.
 */
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalIssuerTest {
    private static final String ISSUER = "https://idp.test/realms/berth";
    private static final RSAKey IDP_KEY = generate();
    private static final HttpServer JWKS = serveJwks();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    static Path folder;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        AuthFixture.configure(registry, "token", folder.resolve("store"), AuthFixture.htpasswd(folder));
        // The store is a @TempDir, deleted after this class while the cached context may still run:
        // keep the audit trail's background writes out of it.
        registry.add("registry.audit.enabled", () -> "false");
        registry.add("registry.auth.token.jwks-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/certs");
        registry.add("registry.auth.token.external-issuer", () -> ISSUER);
        registry.add("registry.auth.token.external-audience", () -> "berth-external");
        registry.add("registry.auth.token.username-claim", () -> "preferred_username");
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("idp-key").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serveJwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] keys = new JWKSet(IDP_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/certs", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String token(RSAKey key, String user, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("berth-external")
                .subject("a1b2c3")
                .claim("preferred_username", user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                change.apply(claims).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private int send(String method, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void externalTokenWithoutAccessClaimGetsWhatTheRulesGiveItsUser() throws Exception {
        String carol = token(IDP_KEY, AuthFixture.CAROL, c -> c);

        assertThat(send("GET", "/v2/", carol)).isEqualTo(200);
        assertThat(send("GET", "/v2/team-a/app/tags/list", carol)).as("pull allowed, repository missing").isEqualTo(404);
        assertThat(send("POST", "/v2/team-a/app/blobs/uploads/", carol)).isEqualTo(403);
    }

    @Test
    void externalAccessClaimNarrowsButNeverWidensTheRules() throws Exception {
        String bob = token(IDP_KEY, AuthFixture.BOB, c -> c.claim("access", List.of(
                Map.of("type", "repository", "name", "team-a/one", "actions", List.of("pull")),
                Map.of("type", "repository", "name", "secret/x", "actions", List.of("pull", "push")))));

        assertThat(send("GET", "/v2/team-a/one/tags/list", bob)).isEqualTo(404);
        assertThat(send("POST", "/v2/team-a/one/blobs/uploads/", bob)).isEqualTo(403);
        assertThat(send("GET", "/v2/team-a/two/tags/list", bob)).isEqualTo(403);
        assertThat(send("GET", "/v2/secret/x/tags/list", bob)).isEqualTo(403);
    }

    @Test
    void externalTokenSignedWithAnotherKeyIsRefused() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(IDP_KEY.getKeyID()).generate();
        assertThat(send("GET", "/v2/", token(impostor, AuthFixture.BOB, c -> c))).isEqualTo(401);
    }

    @Test
    void externalTokenForAnotherAudienceIsRefused() throws Exception {
        assertThat(send("GET", "/v2/", token(IDP_KEY, AuthFixture.BOB, c -> c.audience("someone-else")))).isEqualTo(401);
    }

    @Test
    void externalTokenThatExpiredIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        assertThat(send("GET", "/v2/", token(IDP_KEY, AuthFixture.BOB, c -> c.issueTime(Date.from(past.minusSeconds(60)))
                .expirationTime(Date.from(past))))).isEqualTo(401);
    }

    @Test
    void externalIssuerCannotIssueRefreshTokensForTheRegistry() throws Exception {
        String refreshLike = token(IDP_KEY, AuthFixture.BOB, c -> c.claim("token_use", "refresh"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refreshLike))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
