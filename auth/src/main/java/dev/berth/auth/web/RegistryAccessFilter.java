package dev.berth.auth.web;

import dev.berth.auth.access.Caller;
import dev.berth.auth.access.RequiredAccess;
import dev.berth.auth.access.RequiredAccessResolver;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Decides every request before any handler runs, so storage is never touched for a refused one
 * and a refusal reads the same whether the repository exists or not. Unauthenticated callers who
 * lack access get {@code 401} with a challenge; authenticated ones {@code 403 DENIED}.
 */
public final class RegistryAccessFilter extends OncePerRequestFilter {
    public static final String TOKEN_PATH = "/auth/token";
    /** Request attribute naming the signed-in user, for the access log and event notifications. */
    public static final String USER_ATTRIBUTE = "dev.berth.auth.user";

    private final RequiredAccessResolver resolver;
    private final CallerAuthenticator registryAuthenticator;
    private final CallerAuthenticator adminAuthenticator;
    private final Challenger registryChallenger;
    private final HandlerExceptionResolver errors;

    public RegistryAccessFilter(RequiredAccessResolver resolver, CallerAuthenticator registryAuthenticator,
                                CallerAuthenticator adminAuthenticator, Challenger registryChallenger,
                                HandlerExceptionResolver errors) {
        this.resolver = resolver;
        this.registryAuthenticator = registryAuthenticator;
        this.adminAuthenticator = adminAuthenticator;
        this.registryChallenger = registryChallenger;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(TOKEN_PATH)) {
            // The token endpoint checks the credentials it is given itself.
            chain.doFilter(request, response);
            return;
        }
        RequiredAccess required = resolver.resolve(request).orElse(RequiredAccess.credentials());
        // Requests from people and scripts sign in with passwords and CI tokens over basic, in every
        // mode; the configured flow (the token flow) is the registry clients'.
        boolean passwordLogins = resolver.signsInWithPassword(request);
        CallerAuthenticator authenticator = passwordLogins ? adminAuthenticator : registryAuthenticator;
        Challenger challenger = passwordLogins ? new BasicChallenger() : registryChallenger;
        try {
            Caller caller = authenticator.authenticate(request, required);
            if (!caller.identity().anonymous()) {
                request.setAttribute(USER_ATTRIBUTE, caller.identity().name());
            }
            if (!caller.satisfies(required)) {
                throw refusal(request, caller, required, challenger);
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new CallerAuthentication(caller));
            SecurityContextHolder.setContext(context);
        } catch (AccessRefusal refusal) {
            errors.resolveException(request, response, null, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    private static AccessRefusal refusal(HttpServletRequest request, Caller caller, RequiredAccess required,
                                         Challenger challenger) {
        if (!caller.credentialed()) {
            return AccessRefusal.unauthorized("authentication required", challenger.challenge(request, required, null),
                    required);
        }
        if (caller.identity().anonymous()) {
            // An anonymous token that does not cover the request: the client may get a better one.
            return AccessRefusal.unauthorized("authentication required",
                    challenger.challenge(request, required, "insufficient_scope"), required);
        }
        return AccessRefusal.denied(required);
    }
}
