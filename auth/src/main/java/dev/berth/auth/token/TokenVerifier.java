package dev.berth.auth.token;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTParser;
import dev.berth.auth.AuthProperties;
import dev.berth.auth.access.Identity;
import dev.berth.auth.access.ResourceScope;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Checks bearer tokens: this registry's own (RS256 with its key) and, when configured, an external
 * issuer's (keys from its JWKS URL). Signature, issuer, audience, {@code exp} and {@code nbf} must
 * all hold; unsigned tokens ({@code alg: none}) never decode.
 */
public final class TokenVerifier {
    /** Clocks of the issuer and this registry may disagree a little; tokens live minutes. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final String ownIssuer;
    private final JwtDecoder own;
    private final String externalIssuer;
    private final JwtDecoder external;
    private final AuthProperties.Token settings;
    private final Function<String, Set<String>> configuredGroups;

    public TokenVerifier(RSAKey key, AuthProperties.Token settings, Clock clock,
                         Function<String, Set<String>> configuredGroups) {
        this.settings = settings;
        this.configuredGroups = configuredGroups;
        this.ownIssuer = settings.issuer();
        this.own = decoder(ownDecoder(key), settings.issuer(), settings.service(), clock);
        if (settings.jwksUri() != null) {
            if (settings.externalIssuer() == null || settings.externalIssuer().isBlank()) {
                throw new IllegalArgumentException("registry.auth.token.jwks-uri needs registry.auth.token.external-issuer");
            }
            this.externalIssuer = settings.externalIssuer();
            String audience = settings.externalAudience() == null ? settings.service() : settings.externalAudience();
            this.external = decoder(NimbusJwtDecoder.withJwkSetUri(settings.jwksUri().toString())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
                            SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.ES256,
                            SignatureAlgorithm.ES384, SignatureAlgorithm.PS256)))
                    .build(), externalIssuer, audience, clock);
        } else {
            this.externalIssuer = null;
            this.external = null;
        }
    }

    /** A token that passed every check: who it speaks for and what it grants. */
    public record Verified(Identity identity, Optional<List<ResourceScope>> access, String ciTokenId) {
    }

    /** A token for {@code /v2/}; refresh tokens are refused here. */
    public Verified verifyAccess(String token) {
        Jwt jwt = decode(token, true);
        if (TokenIssuer.REFRESH.equals(jwt.getClaimAsString(TokenIssuer.TOKEN_USE))) {
            throw new InvalidTokenException("a refresh token is not an access token");
        }
        boolean ownToken = ownIssuer.equals(jwt.getClaimAsString(JwtClaimNames.ISS));
        Identity identity = ownToken ? identity(jwt, JwtClaimNames.SUB, TokenIssuer.GROUPS)
                : identity(jwt, settings.usernameClaim(), settings.groupsClaim());
        return new Verified(identity, AccessClaim.read(jwt.getClaims().get(AccessClaim.NAME)), null);
    }

    /** A refresh token this registry issued. */
    public Verified verifyRefresh(String token) {
        Jwt jwt = decode(token, false);
        if (!TokenIssuer.REFRESH.equals(jwt.getClaimAsString(TokenIssuer.TOKEN_USE))) {
            throw new InvalidTokenException("not a refresh token");
        }
        Identity identity = identity(jwt, JwtClaimNames.SUB, TokenIssuer.GROUPS);
        if (identity.anonymous()) {
            throw new InvalidTokenException("a refresh token names its user");
        }
        return new Verified(identity, Optional.empty(), jwt.getClaimAsString(TokenIssuer.CI_TOKEN_ID));
    }

    private Jwt decode(String token, boolean externalAllowed) {
        String issuer;
        try {
            issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new InvalidTokenException("not a JWT");
        }
        JwtDecoder decoder;
        if (ownIssuer.equals(issuer)) {
            decoder = own;
        } else if (externalAllowed && external != null && externalIssuer.equals(issuer)) {
            decoder = external;
        } else {
            throw new InvalidTokenException("unknown issuer");
        }
        try {
            return decoder.decode(token);
        } catch (JwtException e) {
            throw new InvalidTokenException(e.getMessage());
        }
    }

    private Identity identity(Jwt jwt, String nameClaim, String groupsClaim) {
        String name = jwt.getClaimAsString(nameClaim);
        if (name == null || name.isBlank()) {
            return Identity.ANONYMOUS;
        }
        Set<String> groups = new HashSet<>(configuredGroups.apply(name));
        List<String> claimed = jwt.getClaimAsStringList(groupsClaim);
        if (claimed != null) {
            groups.addAll(claimed);
        }
        return Identity.user(name, groups);
    }

    private static NimbusJwtDecoder ownDecoder(RSAKey key) {
        try {
            return NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).signatureAlgorithm(SignatureAlgorithm.RS256).build();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("unusable signing key", e);
        }
    }

    private static JwtDecoder decoder(NimbusJwtDecoder decoder, String issuer, String audience, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
        decoder.setJwtValidator(validator);
        return decoder;
    }

    /** The token is no good; the message says why, for the challenge and the logs, never the token. */
    public static final class InvalidTokenException extends RuntimeException {
        InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
