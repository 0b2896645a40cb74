package dev.berth.auth;

import com.nimbusds.jose.jwk.RSAKey;
import dev.berth.auth.access.CallerAccess;
import dev.berth.auth.access.OpenAccess;
import dev.berth.auth.access.RequiredAccessResolver;
import dev.berth.auth.basic.PasswordAuthenticator;
import dev.berth.auth.basic.UserDirectory;
import dev.berth.auth.ci.CiTokenAdmin;
import dev.berth.auth.ci.CiTokenStore;
import dev.berth.auth.events.AuthEventListener;
import dev.berth.auth.rules.AccessDecider;
import dev.berth.auth.throttle.LoginThrottle;
import dev.berth.auth.token.BearerCallerAuthenticator;
import dev.berth.auth.token.BearerChallenger;
import dev.berth.auth.token.ScopeGranter;
import dev.berth.auth.token.SigningKey;
import dev.berth.auth.token.TokenIssuer;
import dev.berth.auth.token.TokenVerifier;
import dev.berth.auth.web.BasicCallerAuthenticator;
import dev.berth.auth.web.BasicChallenger;
import dev.berth.auth.web.CallerAuthenticator;
import dev.berth.auth.web.Challenger;
import dev.berth.auth.web.PasswordLogin;
import dev.berth.auth.web.RegistryAccessFilter;
import dev.berth.auth.web.SecurityContextCallerAccess;
import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Wires authentication by {@code registry.auth.mode}. In {@code none} every request passes. In
 * {@code basic} and {@code token} one filter decides each request before any handler runs (see
 * {@link RegistryAccessFilter}); Spring Security contributes the filter chain, its firewall, the
 * security context, bcrypt and JWT support.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
public class SecurityConfiguration {

    @Bean
    AccessDecider accessDecider(AuthProperties properties) {
        return new AccessDecider(properties.rules());
    }

    @Bean
    UserDirectory userDirectory(AuthProperties properties) {
        return new UserDirectory(properties);
    }

    @Bean
    CiTokenStore ciTokenStore(StorageDriver driver) {
        return new CiTokenStore(driver, Clock.systemUTC());
    }

    @Bean
    CiTokenAdmin ciTokenAdmin(CiTokenStore tokens, UserDirectory users) {
        return new CiTokenAdmin(tokens, users);
    }

    @Bean
    PasswordAuthenticator passwordAuthenticator(UserDirectory users, CiTokenStore ciTokens) {
        return new PasswordAuthenticator(users, ciTokens);
    }

    @Bean
    PasswordLogin passwordLogin(PasswordAuthenticator authenticator, AuthProperties properties,
                                ObjectProvider<AuthEventListener> listeners) {
        return new PasswordLogin(authenticator, new LoginThrottle(properties.loginThrottle(), Clock.systemUTC()),
                listeners.orderedStream().toList());
    }

    @Bean
    CallerAccess callerAccess(AuthProperties properties, AccessDecider decider) {
        return properties.mode() == AuthMode.NONE ? new OpenAccess() : new SecurityContextCallerAccess(decider);
    }

    /**
     * No observations of the chain: Spring Security would otherwise wrap each of its filters to
     * count and time every request before and after it, and time each authorization. That, with
     * Boot's own request observation, was a fifth of the manifest GET's CPU time, spent repeating
     * what berth_requests_seconds says.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnWebApplication
    SecurityFilterChain registrySecurity(HttpSecurity http, AuthProperties properties,
                                         ObjectProvider<RequiredAccessResolver> resolver,
                                         PasswordLogin login, AccessDecider decider,
                                         ObjectProvider<BearerCallerAuthenticator> bearer,
                                         ObjectProvider<BearerChallenger> bearerChallenger,
                                         @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors)
            throws Exception {
        http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // no sessions, so nothing to log out of: /logout is an unknown path like any other
                .logout(logout -> logout.disable())
                // Blobs and manifests by digest are immutable; their handlers set their own caching.
                .headers(headers -> headers.cacheControl(cache -> cache.disable()));
        if (properties.mode() != AuthMode.NONE) {
            BasicCallerAuthenticator basic = new BasicCallerAuthenticator(login, decider, new BasicChallenger());
            boolean token = properties.mode() == AuthMode.TOKEN;
            CallerAuthenticator registry = token ? bearer.getObject() : basic;
            Challenger challenger = token ? bearerChallenger.getObject() : new BasicChallenger();
            // Anonymous callers are represented by the access filter itself.
            http.anonymous(anonymous -> anonymous.disable());
            http.addFilterBefore(new RegistryAccessFilter(resolver.getObject(), registry, basic, challenger, errors),
                    AuthorizationFilter.class);
        }
        return http.build();
    }

    /** Only in token mode: the signing key is loaded (or generated into the store) when needed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "registry.auth.mode", havingValue = "token")
    static class TokenMode {

        @Bean
        RSAKey tokenSigningKey(AuthProperties properties, StorageDriver driver) {
            return SigningKey.load(properties.token().signingKey(), driver);
        }

        @Bean
        TokenIssuer tokenIssuer(RSAKey key, AuthProperties properties) {
            return new TokenIssuer(key, properties.token(), Clock.systemUTC());
        }

        @Bean
        TokenVerifier tokenVerifier(RSAKey key, AuthProperties properties, UserDirectory users) {
            return new TokenVerifier(key, properties.token(), Clock.systemUTC(), users::groupsOf);
        }

        @Bean
        ScopeGranter scopeGranter(AccessDecider decider) {
            return new ScopeGranter(decider);
        }

        @Bean
        BearerChallenger bearerChallenger(AuthProperties properties) {
            return new BearerChallenger(properties.token());
        }

        @Bean
        BearerCallerAuthenticator bearerCallerAuthenticator(TokenVerifier verifier, AccessDecider decider,
                                                            BearerChallenger challenger) {
            return new BearerCallerAuthenticator(verifier, decider, challenger);
        }
    }
}
