package dev.berth.auth.token;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.berth.auth.AuthProperties;
import dev.berth.auth.access.Identity;
import dev.berth.auth.access.ResourceScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Signs the registry's JWTs: short-lived access tokens and the refresh tokens {@code docker login} keeps. */
public final class TokenIssuer {
    static final String TOKEN_USE = "token_use";
    static final String REFRESH = "refresh";
    static final String GROUPS = "groups";
    static final String CI_TOKEN_ID = "ci_token";

    private final JwtEncoder encoder;
    private final String keyId;
    private final AuthProperties.Token settings;
    private final Clock clock;

    public TokenIssuer(RSAKey key, AuthProperties.Token settings, Clock clock) {
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        this.keyId = key.getKeyID();
        this.settings = settings;
        this.clock = clock;
    }

    /** A signed token and when it was issued. */
    public record Issued(String value, Instant issuedAt, Duration lifetime) {
        @Override
        public String toString() {
            return "Issued[issuedAt=" + issuedAt + ", lifetime=" + lifetime + "]";
        }
    }

    public Issued access(Identity identity, List<ResourceScope> granted) {
        JwtClaimsSet.Builder claims = base(identity, settings.expiry())
                .claim(AccessClaim.NAME, AccessClaim.write(granted));
        return sign(claims, settings.expiry());
    }

    /**
     * A refresh token: exchanged at the token endpoint for access tokens, never accepted on
     * {@code /v2/}. {@code ciTokenId} ties it to a CI token, so revoking that ends it too.
     */
    public Issued refresh(Identity identity, String ciTokenId, Instant notAfter) {
        Duration lifetime = settings.refreshExpiry();
        Instant now = clock.instant();
        if (notAfter != null && now.plus(lifetime).isAfter(notAfter)) {
            lifetime = Duration.between(now, notAfter);
        }
        JwtClaimsSet.Builder claims = base(identity, lifetime).claim(TOKEN_USE, REFRESH);
        if (ciTokenId != null) {
            claims.claim(CI_TOKEN_ID, ciTokenId);
        }
        return sign(claims, lifetime);
    }

    private JwtClaimsSet.Builder base(Identity identity, Duration lifetime) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(settings.issuer())
                .audience(List.of(settings.service()))
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(lifetime))
                .id(UUID.randomUUID().toString());
        if (!identity.anonymous()) {
            claims.subject(identity.name());
            if (!identity.groups().isEmpty()) {
                claims.claim(GROUPS, identity.groups().stream().sorted().toList());
            }
        }
        return claims;
    }

    private Issued sign(JwtClaimsSet.Builder claims, Duration lifetime) {
        JwtClaimsSet built = claims.build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).type("JWT").build();
        String value = encoder.encode(JwtEncoderParameters.from(header, built)).getTokenValue();
        return new Issued(value, built.getIssuedAt(), lifetime);
    }
}
