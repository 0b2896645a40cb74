package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.api.RegistryClient.strings;
import static dev.berth.registry.auth.AuthFixture.ALICE;
import static dev.berth.registry.auth.AuthFixture.ALICE_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.BOB;
import static dev.berth.registry.auth.AuthFixture.BOB_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.CAROL;
import static dev.berth.registry.auth.AuthFixture.CAROL_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.CI_BOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.registry.BerthApplication;
import dev.berth.registry.auth.AuthFixture;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code registry.auth.mode=token}: the Docker registry token flow. Challenges name exactly the
 * scope a request needs; the token endpoint grants only what the rules allow; every forged,
 * misdirected or expired token is refused.
 */
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenAuthTest {
    @TempDir
    static Path folder;

    @LocalServerPort
    int port;

    RegistryClient anonymous;

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        AuthFixture.configure(registry, "token", folder.resolve("store"), AuthFixture.htpasswd(folder));
        // The store is a @TempDir, deleted after this class while the cached context may still run:
        // keep the audit trail's background writes out of it.
        registry.add("registry.audit.enabled", () -> "false");
        registry.add("registry.auth.token.service", () -> "berth-test");
        registry.add("registry.auth.token.issuer", () -> "berth-test-issuer");
    }

    @BeforeEach
    void client() {
        anonymous = new RegistryClient(port);
    }

    static String repo(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- challenges -----------------------------------------------------------------------

    private String challenge(HttpResponse<byte[]> response) {
        if (response.request().method().equals("HEAD")) {
            assertStatus(response, 401);
        } else {
            assertOciError(response, 401, "UNAUTHORIZED");
        }
        return response.headers().firstValue("WWW-Authenticate").orElseThrow();
    }

    private String expectedChallenge(String scope) {
        return "Bearer realm=\"http://127.0.0.1:" + port + "/auth/token\",service=\"berth-test\""
                + (scope == null ? "" : ",scope=\"" + scope + "\"");
    }

    @Test
    void challengesNameExactlyTheScopeTheRequestNeeds() {
        String digest = "sha256:" + "a".repeat(64);
        assertThat(challenge(anonymous.get("/v2/"))).isEqualTo(expectedChallenge(null));
        assertThat(challenge(anonymous.get("/v2/team-a/app/manifests/1")))
                .isEqualTo(expectedChallenge("repository:team-a/app:pull"));
        assertThat(challenge(anonymous.head("/v2/team-a/app/blobs/" + digest)))
                .isEqualTo(expectedChallenge("repository:team-a/app:pull"));
        assertThat(challenge(anonymous.post("/v2/team-a/app/blobs/uploads/", new byte[0])))
                .isEqualTo(expectedChallenge("repository:team-a/app:pull,push"));
        assertThat(challenge(anonymous.put("/v2/team-a/app/manifests/1", new byte[0])))
                .isEqualTo(expectedChallenge("repository:team-a/app:pull,push"));
        assertThat(challenge(anonymous.delete("/v2/team-a/app/manifests/" + digest)))
                .isEqualTo(expectedChallenge("repository:team-a/app:delete"));
        assertThat(challenge(anonymous.get("/v2/team-a/app/tags/list")))
                .isEqualTo(expectedChallenge("repository:team-a/app:pull"));
        assertThat(challenge(anonymous.get("/v2/_catalog")))
                .isEqualTo(expectedChallenge("registry:catalog:*"));
    }

    // ---- the token endpoint ---------------------------------------------------------------

    private HttpResponse<byte[]> tokenRequest(RegistryClient client, String... scopes) {
        StringBuilder query = new StringBuilder("/auth/token?service=berth-test");
        for (String scope : scopes) {
            query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        return client.get(query.toString());
    }

    /** An error of the token endpoint: the OCI error document, outside /v2/ so without its version header. */
    private static void assertTokenError(HttpResponse<byte[]> response, int status, String code) {
        assertStatus(response, status);
        assertThat(readJson(response).get("errors").get(0).get("code").asString()).isEqualTo(code);
    }

    private JsonNode token(RegistryClient client, String... scopes) {
        HttpResponse<byte[]> response = tokenRequest(client, scopes);
        assertStatus(response, 200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        return readJson(response);
    }

    private static JsonNode claims(String jwt) {
        return RegistryClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private RegistryClient bearer(RegistryClient user, String... scopes) {
        return anonymous.withToken(token(user, scopes).get("token").asString());
    }

    private RegistryClient user(String name, String password) {
        return anonymous.asUser(name, password);
    }

    @Test
    void tokenGrantsOnlyWhatTheRulesAllow() {
        JsonNode response = token(user(BOB, BOB_PASSWORD), "repository:team-a/app:pull,push",
                "repository:team-b/app:pull,push", "repository:secret/app:pull");

        assertThat(response.get("access_token").asString()).isEqualTo(response.get("token").asString());
        assertThat(response.get("expires_in").asLong()).isEqualTo(300);
        assertThat(response.has("issued_at")).isTrue();
        JsonNode claims = claims(response.get("token").asString());
        assertThat(claims.get("iss").asString()).isEqualTo("berth-test-issuer");
        JsonNode audience = claims.get("aud");
        assertThat(audience.isArray() ? strings(audience) : List.of(audience.asString())).containsExactly("berth-test");
        assertThat(claims.get("sub").asString()).isEqualTo(BOB);
        JsonNode access = claims.get("access");
        assertThat(access).hasSize(2);
        assertThat(access.get(0).get("type").asString()).isEqualTo("repository");
        assertThat(access.get(0).get("name").asString()).isEqualTo("team-a/app");
        assertThat(strings(access.get(0).get("actions"))).containsExactly("pull", "push");
        assertThat(access.get(1).get("name").asString()).isEqualTo("team-b/app");
        assertThat(strings(access.get(1).get("actions"))).containsExactly("pull");
    }

    @Test
    void oneScopeParameterMayHoldSeveralScopesAndCommasStayInside() {
        JsonNode claims = claims(token(user(BOB, BOB_PASSWORD),
                "repository:team-a/one:pull,push repository:team-a/two:pull").get("token").asString());

        assertThat(claims.get("access")).hasSize(2);
        assertThat(strings(claims.get("access").get(0).get("actions"))).containsExactly("pull", "push");
    }

    @Test
    void anonymousTokenGrantsOnlyAnonymousRules() {
        JsonNode claims = claims(token(anonymous, "repository:public/app:pull,push",
                "repository:team-a/app:pull").get("token").asString());

        assertThat(claims.has("sub")).isFalse();
        assertThat(claims.get("access")).hasSize(1);
        assertThat(claims.get("access").get(0).get("name").asString()).isEqualTo("public/app");
        assertThat(strings(claims.get("access").get(0).get("actions"))).containsExactly("pull");
    }

    @Test
    void wrongCredentialsGetNoToken() {
        assertTokenError(tokenRequest(user(BOB, "wrong"), "repository:team-a/app:pull"), 401, "UNAUTHORIZED");
        assertTokenError(tokenRequest(user("mallory", "x"), "repository:team-a/app:pull"), 401, "UNAUTHORIZED");
    }

    // ---- using tokens ---------------------------------------------------------------------

    @Test
    void pushAndPullWithTokensOfAPermittedUser() {
        String repo = repo("team-a");
        RegistryClient pusher = bearer(user(BOB, BOB_PASSWORD), "repository:" + repo + ":pull,push");
        RegistryClient.Image image = pusher.pushImage(repo, "1");

        RegistryClient reader = bearer(user(CAROL, CAROL_PASSWORD), "repository:" + repo + ":pull");
        assertStatus(reader.get("/v2/" + repo + "/manifests/" + image.digest()), 200);
        assertThat(reader.tags(repo)).containsExactly("1");
        assertStatus(reader.get("/v2/" + repo + "/blobs/" + image.layer().digest()), 200);
    }

    @Test
    void readOnlyUsersTokenCannotPush() {
        String repo = repo("team-a");
        RegistryClient reader = bearer(user(CAROL, CAROL_PASSWORD), "repository:" + repo + ":pull,push");

        assertOciError(reader.post("/v2/" + repo + "/blobs/uploads/", new byte[0]), 403, "DENIED");
    }

    @Test
    void tokenForOneRepositoryDoesNotOpenAnother() {
        String granted = repo("team-a");
        String other = repo("team-a");
        bearer(user(BOB, BOB_PASSWORD), "repository:" + other + ":pull,push").pushImage(other, "1");
        RegistryClient narrow = bearer(user(BOB, BOB_PASSWORD), "repository:" + granted + ":pull,push");

        assertStatus(narrow.get("/v2/"), 200);
        assertOciError(narrow.get("/v2/" + other + "/tags/list"), 403, "DENIED");
        assertOciError(narrow.post("/v2/" + other + "/blobs/uploads/", new byte[0]), 403, "DENIED");
    }

    @Test
    void anonymousTokenPullsPublicRepositoriesOnly() {
        String open = repo("public");
        bearer(user(ALICE, ALICE_PASSWORD), "repository:" + open + ":pull,push").pushImage(open, "1");
        RegistryClient stranger = bearer(anonymous, "repository:" + open + ":pull", "repository:team-a/app:pull");

        assertThat(stranger.tags(open)).containsExactly("1");
        HttpResponse<byte[]> closed = stranger.get("/v2/team-a/app/tags/list");
        assertThat(challenge(closed)).isEqualTo(expectedChallenge("repository:team-a/app:pull")
                + ",error=\"insufficient_scope\"");
    }

    @Test
    void catalogNeedsTheCatalogScopeAndListsOnlyPullableRepositories() {
        String teamA = repo("team-a");
        bearer(user(BOB, BOB_PASSWORD), "repository:" + teamA + ":pull,push").pushImage(teamA, "1");
        String secret = repo("secret");
        bearer(user(ALICE, ALICE_PASSWORD), "repository:" + secret + ":pull,push").pushImage(secret, "1");

        RegistryClient withoutCatalogScope = bearer(user(CAROL, CAROL_PASSWORD), "repository:" + teamA + ":pull");
        assertOciError(withoutCatalogScope.get("/v2/_catalog"), 403, "DENIED");

        HttpResponse<byte[]> listed = bearer(user(CAROL, CAROL_PASSWORD), "registry:catalog:*").get("/v2/_catalog");
        assertStatus(listed, 200);
        assertThat(strings(readJson(listed).get("repositories"))).contains(teamA).doesNotContain(secret);
    }

    // ---- OAuth2 form: docker login keeps a refresh token ----------------------------------

    private HttpResponse<byte[]> oauth(String form) {
        return anonymous.send("POST", "/auth/token", BodyPublishers.ofString(form),
                "Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void passwordGrantWithOfflineAccessReturnsARefreshTokenThatIsExchangedForAccessTokens() {
        HttpResponse<byte[]> login = oauth("grant_type=password&username=" + BOB + "&password=" + BOB_PASSWORD
                + "&service=berth-test&client_id=docker&access_type=offline");
        assertStatus(login, 200);
        String refresh = readJson(login).get("refresh_token").asString();

        HttpResponse<byte[]> exchanged = oauth("grant_type=refresh_token&refresh_token=" + refresh
                + "&service=berth-test&client_id=docker&scope="
                + URLEncoder.encode("repository:team-a/app:pull,push repository:secret/x:pull", StandardCharsets.UTF_8));
        assertStatus(exchanged, 200);
        JsonNode body = readJson(exchanged);
        assertThat(body.get("scope").asString()).isEqualTo("repository:team-a/app:pull,push");
        assertStatus(anonymous.withToken(body.get("access_token").asString()).get("/v2/team-a/app/tags/list"), 404);
    }

    @Test
    void getWithOfflineTokenReturnsARefreshTokenLikeDockerLoginAsks() {
        HttpResponse<byte[]> response = user(BOB, BOB_PASSWORD).get(
                "/auth/token?service=berth-test&client_id=docker&offline_token=true");
        assertStatus(response, 200);
        assertThat(readJson(response).get("refresh_token").asString()).isNotBlank();
    }

    @Test
    void refreshTokenIsNotAnAccessToken() {
        HttpResponse<byte[]> login = oauth("grant_type=password&username=" + BOB + "&password=" + BOB_PASSWORD
                + "&service=berth-test&access_type=offline");
        String refresh = readJson(login).get("refresh_token").asString();

        assertOciError(anonymous.withToken(refresh).get("/v2/"), 401, "UNAUTHORIZED");
    }

    @Test
    void accessTokenIsNotARefreshToken() {
        String access = token(user(BOB, BOB_PASSWORD)).get("token").asString();

        assertTokenError(oauth("grant_type=refresh_token&refresh_token=" + access + "&service=berth-test"),
                401, "UNAUTHORIZED");
    }

    @Test
    void wrongPasswordGrantAndUnknownGrantTypeAreRefused() {
        assertTokenError(oauth("grant_type=password&username=" + BOB + "&password=nope&service=berth-test"),
                401, "UNAUTHORIZED");
        assertStatus(oauth("grant_type=client_credentials&service=berth-test"), 400);
    }

    @Test
    void ciTokenSignsInAtTheTokenEndpointAndItsRefreshTokenDiesWithIt() {
        HttpResponse<byte[]> created = user(ALICE, ALICE_PASSWORD).post("/api/admin/tokens",
                json(Map.of("name", CI_BOT, "expiresIn", "1h")), "Content-Type", "application/json");
        assertStatus(created, 201);
        String secret = readJson(created).get("secret").asString();
        String id = readJson(created).get("id").asString();

        String repo = repo("ci");
        bearer(user(CI_BOT, secret), "repository:" + repo + ":pull,push").pushImage(repo, "1");
        HttpResponse<byte[]> login = oauth("grant_type=password&username=" + CI_BOT + "&password=" + secret
                + "&service=berth-test&access_type=offline");
        String refresh = readJson(login).get("refresh_token").asString();
        assertStatus(oauth("grant_type=refresh_token&refresh_token=" + refresh + "&service=berth-test"), 200);

        assertStatus(user(ALICE, ALICE_PASSWORD).delete("/api/admin/tokens/" + id), 204);

        assertTokenError(oauth("grant_type=refresh_token&refresh_token=" + refresh + "&service=berth-test"),
                401, "UNAUTHORIZED");
        assertTokenError(tokenRequest(user(CI_BOT, secret)), 401, "UNAUTHORIZED");
    }

    // ---- forged and expired tokens --------------------------------------------------------

    private RSAKey registryKey() throws Exception {
        return RSAKey.parse(Files.readString(folder.resolve("store/auth/token/signing-key.json")));
    }

    /** Claims a genuine token for bob on {@code repo} would carry, changed by {@code change}. */
    private static JWTClaimsSet claimsFor(String repo, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("berth-test-issuer")
                .audience("berth-test")
                .subject(BOB)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("access", List.of(Map.of("type", "repository", "name", repo, "actions", List.of("pull", "push"))));
        return change.apply(claims).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void assertRefused(String token, String repo) {
        HttpResponse<byte[]> response = anonymous.withToken(token).get("/v2/" + repo + "/tags/list");
        assertThat(challenge(response)).endsWith(",error=\"invalid_token\"");
    }

    @Test
    void aTokenSignedWithTheRegistryKeyIsAccepted() throws Exception {
        String repo = repo("team-a");
        // the control case: the forgeries below differ from this token in one way each
        assertStatus(anonymous.withToken(sign(registryKey(), claimsFor(repo, c -> c))).get("/v2/" + repo + "/tags/list"), 404);
    }

    @Test
    void unsignedTokenIsRefused() throws Exception {
        String repo = repo("team-a");
        assertRefused(new PlainJWT(claimsFor(repo, c -> c)).serialize(), repo);
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() throws Exception {
        String repo = repo("team-a");
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(registryKey().getKeyID()).generate();
        assertRefused(sign(impostor, claimsFor(repo, c -> c)), repo);
    }

    @Test
    void tokenForAnotherAudienceIsRefused() throws Exception {
        String repo = repo("team-a");
        assertRefused(sign(registryKey(), claimsFor(repo, c -> c.audience("another-registry"))), repo);
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() throws Exception {
        String repo = repo("team-a");
        assertRefused(sign(registryKey(), claimsFor(repo, c -> c.issuer("someone-else"))), repo);
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        String repo = repo("team-a");
        Instant past = Instant.now().minusSeconds(600);
        assertRefused(sign(registryKey(), claimsFor(repo, c -> c.issueTime(Date.from(past.minusSeconds(300)))
                .notBeforeTime(Date.from(past.minusSeconds(300))).expirationTime(Date.from(past)))), repo);
    }

    @Test
    void tokenWithoutExpiryIsRefused() throws Exception {
        String repo = repo("team-a");
        assertRefused(sign(registryKey(), claimsFor(repo, c -> c.expirationTime(null))), repo);
    }

    @Test
    void tokenNotYetValidIsRefused() throws Exception {
        String repo = repo("team-a");
        Instant later = Instant.now().plusSeconds(600);
        assertRefused(sign(registryKey(), claimsFor(repo, c -> c.notBeforeTime(Date.from(later))
                .expirationTime(Date.from(later.plusSeconds(300))))), repo);
    }

    @Test
    void tamperedTokenIsRefused() throws Exception {
        String repo = repo("team-a");
        String[] parts = sign(registryKey(), claimsFor(repo, c -> c)).split("\\.");
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(claimsFor(repo,
                c -> c.claim("access", List.of(Map.of("type", "repository", "name", "secret/x",
                        "actions", List.of("pull"))))).toString().getBytes(StandardCharsets.UTF_8));
        assertRefused(parts[0] + "." + widened + "." + parts[2], repo);
    }

    @Test
    void garbageIsRefused() {
        assertRefused("not-a-jwt", "team-a/app");
    }
}
