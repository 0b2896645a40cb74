package dev.berth.auth.token;

import dev.berth.auth.access.Identity;
import dev.berth.auth.access.ResourceScope;
import dev.berth.auth.basic.BasicCredentials;
import dev.berth.auth.basic.PasswordAuthenticator;
import dev.berth.auth.ci.CiToken;
import dev.berth.auth.ci.CiTokenSecret;
import dev.berth.auth.ci.CiTokenStore;
import dev.berth.auth.web.AccessRefusal;
import dev.berth.auth.web.BasicChallenger;
import dev.berth.auth.web.PasswordLogin;
import dev.berth.auth.web.RegistryAccessFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The token endpoint of the Docker registry token flow, {@code /auth/token}:
 * <ul>
 * <li>{@code GET} with optional basic credentials, {@code service}, one or more {@code scope}, and
 *     {@code offline_token=true} for a refresh token (what {@code docker login} asks for);</li>
 * <li>the OAuth2 form {@code POST} with {@code grant_type=password} or {@code refresh_token}
 *     (what docker sends once it holds a refresh token).</li>
 * </ul>
 * Tokens grant only what the rules allow, possibly less than asked. Scopes in the request are
 * parsed from the raw parameters: Spring would split a single {@code scope} at its commas.
 */
@RestController
@ConditionalOnProperty(name = "registry.auth.mode", havingValue = "token")
public class TokenEndpoint {
    private final PasswordLogin login;
    private final PasswordAuthenticator passwords;
    private final CiTokenStore ciTokens;
    private final ScopeGranter granter;
    private final TokenIssuer issuer;
    private final TokenVerifier verifier;

    public TokenEndpoint(PasswordLogin login, PasswordAuthenticator passwords, CiTokenStore ciTokens,
                         ScopeGranter granter, TokenIssuer issuer, TokenVerifier verifier) {
        this.login = login;
        this.passwords = passwords;
        this.ciTokens = ciTokens;
        this.granter = granter;
        this.issuer = issuer;
        this.verifier = verifier;
    }

    @GetMapping(RegistryAccessFilter.TOKEN_PATH)
    public ResponseEntity<TokenResponse> get(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        Identity identity = Identity.ANONYMOUS;
        Optional<BasicCredentials> credentials = Optional.empty();
        if (header != null) {
            credentials = BasicCredentials.parse(header);
            if (credentials.isEmpty()) {
                throw unauthorized("basic credentials required");
            }
            identity = login.login(request, credentials.get()).orElseThrow(() -> unauthorized("invalid username or password"));
        }
        List<ResourceScope> granted = granter.grant(identity, requestedScopes(request));
        TokenIssuer.Issued access = issuer.access(identity, granted);
        String refresh = null;
        if (credentials.isPresent() && "true".equalsIgnoreCase(request.getParameter("offline_token"))) {
            refresh = refreshToken(identity, credentials.get().password());
        }
        return respond(new TokenResponse(access.value(), access.value(), access.lifetime().toSeconds(),
                access.issuedAt().toString(), refresh, null));
    }

    @PostMapping(path = RegistryAccessFilter.TOKEN_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<?> post(HttpServletRequest request) {
        String grantType = request.getParameter("grant_type");
        Identity identity;
        String refresh = null;
        if ("password".equals(grantType)) {
            BasicCredentials credentials = new BasicCredentials(nonNull(request.getParameter("username")),
                    nonNull(request.getParameter("password")));
            identity = login.login(request, credentials).orElseThrow(() -> unauthorized("invalid username or password"));
            if ("offline".equals(request.getParameter("access_type"))) {
                refresh = refreshToken(identity, credentials.password());
            }
        } else if ("refresh_token".equals(grantType)) {
            identity = exchange(request, nonNull(request.getParameter("refresh_token")));
        } else {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", "unsupported_grant_type"));
        }
        List<ResourceScope> granted = granter.grant(identity, requestedScopes(request));
        TokenIssuer.Issued access = issuer.access(identity, granted);
        return respond(new TokenResponse(null, access.value(), access.lifetime().toSeconds(),
                access.issuedAt().toString(), refresh,
                granted.stream().map(ResourceScope::toString).collect(Collectors.joining(" "))));
    }

    /** A refresh token's user, if they may still sign in; a bad refresh token counts as a failed login. */
    private Identity exchange(HttpServletRequest request, String refreshToken) {
        login.checkNotThrottled(request);
        try {
            TokenVerifier.Verified verified = verifier.verifyRefresh(refreshToken);
            return passwords.stillValid(verified.identity().name(), verified.ciTokenId())
                    .orElseThrow(() -> new TokenVerifier.InvalidTokenException("the user may no longer sign in"));
        } catch (TokenVerifier.InvalidTokenException e) {
            login.failed(request);
            throw unauthorized("invalid or expired refresh token");
        }
    }

    /** A refresh token; one for a CI token ends when the CI token does and dies with its revocation. */
    private String refreshToken(Identity identity, String password) {
        Optional<CiToken> ci = CiTokenSecret.parse(password).flatMap(secret -> ciTokens.find(secret.id()));
        Instant notAfter = ci.map(CiToken::expiresAt).orElse(null);
        return issuer.refresh(identity, ci.map(CiToken::id).orElse(null), notAfter).value();
    }

    private static List<ResourceScope> requestedScopes(HttpServletRequest request) {
        String[] values = request.getParameterValues("scope");
        return values == null ? List.of() : ResourceScope.parseAll(Arrays.asList(values));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static AccessRefusal unauthorized(String message) {
        return AccessRefusal.unauthorized(message, BasicChallenger.CHALLENGE, null);
    }

    private static <T> ResponseEntity<T> respond(T body) {
        // Tokens are credentials: no cache may keep them.
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
