package dev.berth.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.berth.auth.AuthProperties;
import dev.berth.auth.access.Action;
import dev.berth.auth.access.Identity;
import dev.berth.auth.access.RequiredAccess;
import dev.berth.auth.access.RequiredAccessResolver;
import dev.berth.auth.access.ResourceScope;
import dev.berth.auth.rules.AccessDecider;
import dev.berth.auth.rules.AccessRule;
import dev.berth.auth.token.BearerCallerAuthenticator;
import dev.berth.auth.token.BearerChallenger;
import dev.berth.auth.token.TokenIssuer;
import dev.berth.auth.token.TokenVerifier;
import dev.berth.oci.RepositoryName;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * The access filter in token mode, wired from the real authenticator, verifier, issuer, rules and
 * challenger: which requests reach the handler, and what a refused client is told. Only the
 * application's error mapping (registry-api) is stood in for, by one that writes status and headers.
 */
class RegistryAccessFilterTest {
    private static final RSAKey KEY = generateKey();
    private static final AuthProperties.Token SETTINGS = new AuthProperties.Token("berth", "registry.example",
            Duration.ofMinutes(5), Duration.ofDays(7), "https://registry.example/auth/token", null, null, null, null,
            "sub", "groups");
    private static final RepositoryName APP = RepositoryName.of("team/app");
    private static final RepositoryName PUBLIC_APP = RepositoryName.of("public/app");
    private static final Identity ALICE = Identity.user("alice", Set.of());

    /** Anonymous callers may pull from public/**; every signed-in user may pull and push on team/**. */
    private final AccessDecider decider = new AccessDecider(List.of(
            new AccessRule(List.of("public/**"), List.of(), List.of(), true, List.of(Action.PULL)),
            new AccessRule(List.of("team/**"), List.of("*"), List.of(), false, List.of(Action.PULL, Action.PUSH))));
    private final TokenIssuer issuer = new TokenIssuer(KEY, SETTINGS, Clock.systemUTC());
    private final BearerCallerAuthenticator bearer = new BearerCallerAuthenticator(
            new TokenVerifier(KEY, SETTINGS, Clock.systemUTC(), name -> Set.of()), decider, new BearerChallenger(SETTINGS));
    private final AtomicReference<Authentication> reachedHandlerAs = new AtomicReference<>();
    private boolean reachedHandler;

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void pullWithoutCredentialsIsChallengedForTheScopeItNeeds() throws Exception {
        MockHttpServletResponse response = send(get("/v2/team/app/manifests/1"));

        assertThat(reachedHandler).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo(
                "Bearer realm=\"https://registry.example/auth/token\",service=\"registry.example\","
                        + "scope=\"repository:team/app:pull\"");
    }

    @Test
    void tokenGrantingThePullLetsItThroughAsItsUser() throws Exception {
        MockHttpServletRequest request = get("/v2/team/app/manifests/1");
        request.addHeader("Authorization", "Bearer " + token(ALICE, APP, Action.PULL));

        MockHttpServletResponse response = send(request);

        assertThat(reachedHandler).isTrue();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(request.getAttribute(RegistryAccessFilter.USER_ATTRIBUTE)).isEqualTo("alice");
        assertThat(reachedHandlerAs.get()).isNotNull();
        assertThat(reachedHandlerAs.get().getName()).isEqualTo("alice");
    }

    @Test
    void signedInUserWhoseTokenLacksPushIsDenied() throws Exception {
        MockHttpServletRequest request = put("/v2/team/app/manifests/1");
        request.addHeader("Authorization", "Bearer " + token(ALICE, APP, Action.PULL));

        MockHttpServletResponse response = send(request);

        assertThat(reachedHandler).isFalse();
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getHeader("WWW-Authenticate")).isNull();
    }

    @Test
    void theRulesStayTheCeilingOfWhatATokenGrants() throws Exception {
        // An anonymous token claiming push where the rules let strangers only pull.
        MockHttpServletRequest request = put("/v2/public/app/manifests/1");
        request.addHeader("Authorization", "Bearer " + token(Identity.ANONYMOUS, PUBLIC_APP, Action.PULL, Action.PUSH));

        MockHttpServletResponse response = send(request);

        assertThat(reachedHandler).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).endsWith(
                "scope=\"repository:public/app:pull,push\",error=\"insufficient_scope\"");
    }

    @Test
    void anonymousTokenWithinTheRulesPulls() throws Exception {
        MockHttpServletRequest request = get("/v2/public/app/manifests/1");
        request.addHeader("Authorization", "Bearer " + token(Identity.ANONYMOUS, PUBLIC_APP, Action.PULL));

        send(request);

        assertThat(reachedHandler).isTrue();
        assertThat(request.getAttribute(RegistryAccessFilter.USER_ATTRIBUTE)).isNull();
    }

    @Test
    void invalidTokenIsChallengedAsSuch() throws Exception {
        MockHttpServletRequest request = get("/v2/team/app/manifests/1");
        request.addHeader("Authorization", "Bearer " + token(ALICE, APP, Action.PULL) + "x");

        MockHttpServletResponse response = send(request);

        assertThat(reachedHandler).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).endsWith("error=\"invalid_token\"");
    }

    @Test
    void basicCredentialsOnTheDistributionApiAreChallengedForABearerToken() throws Exception {
        MockHttpServletRequest request = get("/v2/team/app/manifests/1");
        request.addHeader("Authorization", "Basic YWxpY2U6c2VjcmV0");

        MockHttpServletResponse response = send(request);

        assertThat(reachedHandler).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer ");
    }

    @Test
    void theTokenEndpointChecksCredentialsItself() throws Exception {
        send(get(RegistryAccessFilter.TOKEN_PATH));

        assertThat(reachedHandler).isTrue();
    }

    @Test
    void theAdminApiNeedsAnAdministrator() throws Exception {
        MockHttpServletRequest request = get("/api/admin/tokens");
        request.addHeader("Authorization", "Bearer " + token(ALICE, APP, Action.PULL));

        MockHttpServletResponse response = send(request);

        assertThat(reachedHandler).isFalse();
        assertThat(response.getStatus()).isEqualTo(403);
    }

    // ---- wiring ---------------------------------------------------------------------------------

    private MockHttpServletResponse send(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        FilterChain handler = (req, res) -> {
            reachedHandler = true;
            reachedHandlerAs.set(SecurityContextHolder.getContext().getAuthentication());
        };
        // Admin calls go through the same token authenticator here: no password file is needed
        // to see that a signed-in user who is no administrator is refused.
        new RegistryAccessFilter(resolver(), bearer, bearer, new BearerChallenger(SETTINGS), writeStatus())
                .doFilter(request, response, handler);
        return response;
    }

    /** As the web layer resolves it: the admin API needs an administrator; reads of a repository need pull, writes pull and push. */
    private static RequiredAccessResolver resolver() {
        return new RequiredAccessResolver() {
            @Override
            public Optional<RequiredAccess> resolve(HttpServletRequest request) {
                String path = request.getRequestURI();
                if (path.startsWith("/api/admin/")) {
                    return Optional.of(new RequiredAccess.Admin());
                }
                if (!path.startsWith("/v2/") || path.equals("/v2/")) {
                    return Optional.empty();
                }
                String name = path.substring("/v2/".length(), path.indexOf("/manifests/"));
                Set<Action> actions = request.getMethod().equals("GET") ? Set.of(Action.PULL) : Set.of(Action.PULL, Action.PUSH);
                return Optional.of(new RequiredAccess.Repository(RepositoryName.of(name), actions));
            }

            /** Registry clients sign in as the mode says. */
            @Override
            public boolean signsInWithPassword(HttpServletRequest request) {
                return false;
            }
        };
    }

    /** Stands in for the application's error mapping: the refusal's status and headers. */
    private static HandlerExceptionResolver writeStatus() {
        return (request, response, handler, exception) -> {
            AccessRefusal refusal = (AccessRefusal) exception;
            response.setStatus(switch (refusal.code()) {
                case UNAUTHORIZED -> 401;
                case DENIED -> 403;
                default -> 429;
            });
            refusal.headers().forEach(response::setHeader);
            return new ModelAndView();
        };
    }

    private String token(Identity identity, RepositoryName repository, Action... actions) {
        return issuer.access(identity, List.of(ResourceScope.repository(repository, Set.of(actions)))).value();
    }

    private static MockHttpServletRequest get(String path) {
        return new MockHttpServletRequest("GET", path);
    }

    private static MockHttpServletRequest put(String path) {
        return new MockHttpServletRequest("PUT", path);
    }

    private static RSAKey generateKey() {
        try {
            return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
