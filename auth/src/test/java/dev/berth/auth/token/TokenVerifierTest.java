package dev.berth.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.berth.auth.AuthProperties;
import dev.berth.auth.access.Action;
import dev.berth.auth.access.Identity;
import dev.berth.auth.access.ResourceScope;
import dev.berth.oci.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tokens signed by the real {@link TokenIssuer} and checked by the real {@link TokenVerifier}:
 * signature, issuer, audience, expiry and the access claim, as a client's bearer token meets them.
 */
class TokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final RSAKey KEY = generateKey();
    private static final Identity ALICE = Identity.user("alice", Set.of("builders"));
    private static final RepositoryName APP = RepositoryName.of("team/app");
    private static final AuthProperties.Token SETTINGS = settings("berth", "registry.example");

    @Test
    void tokenIssuedHereSpeaksForItsUserAndGrantsWhatItsAccessClaimSays() {
        String token = accessToken(ALICE, List.of(ResourceScope.repository(APP, Set.of(Action.PULL, Action.PUSH))));

        TokenVerifier.Verified verified = verifierAt(NOW.plusSeconds(60)).verifyAccess(token);

        assertThat(verified.identity().name()).isEqualTo("alice");
        // Groups come from the token and from the registry's own configuration for that user.
        assertThat(verified.identity().groups()).containsExactlyInAnyOrder("builders", "configured");
        assertThat(verified.access()).hasValueSatisfying(scopes -> assertThat(scopes).singleElement()
                .satisfies(scope -> {
                    assertThat(scope.repository()).contains(APP);
                    assertThat(scope.repositoryActions()).containsExactlyInAnyOrder(Action.PULL, Action.PUSH);
                }));
    }

    @Test
    void anonymousTokenNamesNobodyAndGrantsOnlyItsClaim() {
        String token = accessToken(Identity.ANONYMOUS, List.of(ResourceScope.repository(APP, Set.of(Action.PULL))));

        TokenVerifier.Verified verified = verifierAt(NOW).verifyAccess(token);

        assertThat(verified.identity().anonymous()).isTrue();
        assertThat(verified.access()).hasValueSatisfying(scopes -> assertThat(scopes)
                .extracting(ResourceScope::toString).containsExactly("repository:team/app:pull"));
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() {
        String forged = issuerAt(NOW, generateKey(), SETTINGS).access(ALICE, List.of()).value();

        assertThatThrownBy(() -> verifierAt(NOW).verifyAccess(forged))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void tokenWhosePayloadWasChangedIsRefused() {
        String token = accessToken(ALICE, List.of(ResourceScope.repository(APP, Set.of(Action.PULL))));
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"pull\"", "\"pull\",\"push\",\"delete\"");
        assertThat(payload).contains("\"delete\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThatThrownBy(() -> verifierAt(NOW).verifyAccess(tampered))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void unsignedTokenIsRefused() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("berth").audience("registry.example").subject("alice")
                .issueTime(Date.from(NOW)).notBeforeTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)))
                .claim("access", List.of(Map.of("type", "repository", "name", "team/app", "actions", List.of("push"))))
                .build();
        String unsigned = new PlainJWT(claims).serialize();

        assertThatThrownBy(() -> verifierAt(NOW).verifyAccess(unsigned))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void expiredTokenIsRefusedOnceTheClockSkewAllowanceIsPast() {
        String token = accessToken(ALICE, List.of());
        Instant expiry = NOW.plus(SETTINGS.expiry());

        assertThat(verifierAt(expiry.plusSeconds(20)).verifyAccess(token).identity().name()).isEqualTo("alice");
        assertThatThrownBy(() -> verifierAt(expiry.plusSeconds(60)).verifyAccess(token))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void tokenIssuedForLaterIsNotYetValid() {
        String token = issuerAt(NOW.plusSeconds(120), KEY, SETTINGS).access(ALICE, List.of()).value();

        assertThatThrownBy(() -> verifierAt(NOW).verifyAccess(token))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void tokenForAnotherServiceIsRefused() {
        String token = issuerAt(NOW, KEY, settings("berth", "other.example")).access(ALICE, List.of()).value();

        assertThatThrownBy(() -> verifierAt(NOW).verifyAccess(token))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void tokenFromAnUnknownIssuerIsRefusedEvenWithTheRightKey() {
        String token = issuerAt(NOW, KEY, settings("someone-else", "registry.example")).access(ALICE, List.of()).value();

        assertThatThrownBy(() -> verifierAt(NOW).verifyAccess(token))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class)
                .hasMessage("unknown issuer");
    }

    @Test
    void refreshTokenIsNoAccessTokenAndAccessTokenNoRefreshToken() {
        TokenIssuer issuer = issuerAt(NOW, KEY, SETTINGS);
        String refresh = issuer.refresh(ALICE, null, null).value();
        String access = issuer.access(ALICE, List.of()).value();
        TokenVerifier verifier = verifierAt(NOW);

        assertThatThrownBy(() -> verifier.verifyAccess(refresh)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verifyRefresh(access)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThat(verifier.verifyRefresh(refresh).identity().name()).isEqualTo("alice");
    }

    @Test
    void refreshTokenTiedToACiTokenLastsNoLongerThanIt() {
        String refresh = issuerAt(NOW, KEY, SETTINGS).refresh(ALICE, "ci-1", NOW.plusSeconds(600)).value();

        assertThat(verifierAt(NOW).verifyRefresh(refresh).ciTokenId()).isEqualTo("ci-1");
        assertThatThrownBy(() -> verifierAt(NOW.plusSeconds(700)).verifyRefresh(refresh))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void textThatIsNoTokenIsRefused() {
        assertThatThrownBy(() -> verifierAt(NOW).verifyAccess("not-a-token"))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class)
                .hasMessage("not a JWT");
    }

    private static AuthProperties.Token settings(String issuer, String service) {
        return new AuthProperties.Token(issuer, service, Duration.ofMinutes(5), Duration.ofDays(7), null, null, null,
                null, null, "sub", "groups");
    }

    private static TokenIssuer issuerAt(Instant when, RSAKey key, AuthProperties.Token settings) {
        return new TokenIssuer(key, settings, Clock.fixed(when, ZoneOffset.UTC));
    }

    private static TokenVerifier verifierAt(Instant when) {
        return new TokenVerifier(KEY, SETTINGS, Clock.fixed(when, ZoneOffset.UTC), name -> Set.of("configured"));
    }

    private static String accessToken(Identity identity, List<ResourceScope> granted) {
        return issuerAt(NOW, KEY, SETTINGS).access(identity, granted).value();
    }

    private static RSAKey generateKey() {
        try {
            return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
