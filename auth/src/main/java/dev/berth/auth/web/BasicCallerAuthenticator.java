package dev.berth.auth.web;

import dev.berth.auth.access.Caller;
import dev.berth.auth.access.Identity;
import dev.berth.auth.access.RequiredAccess;
import dev.berth.auth.basic.BasicCredentials;
import dev.berth.auth.rules.AccessDecider;
import dev.berth.auth.rules.RuleGrants;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/** Basic credentials on the request itself: basic mode, and the admin API in every mode. */
public final class BasicCallerAuthenticator implements CallerAuthenticator {
    private final PasswordLogin login;
    private final AccessDecider decider;
    private final Challenger challenger;

    public BasicCallerAuthenticator(PasswordLogin login, AccessDecider decider, Challenger challenger) {
        this.login = login;
        this.decider = decider;
        this.challenger = challenger;
    }

    @Override
    public Caller authenticate(HttpServletRequest request, RequiredAccess required) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Caller.anonymous(new RuleGrants(decider, Identity.ANONYMOUS));
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(header);
        if (credentials.isEmpty()) {
            throw AccessRefusal.unauthorized("basic credentials required", challenger.challenge(request, required, null),
                    required);
        }
        Identity identity = login.login(request, credentials.get()).orElseThrow(() -> AccessRefusal.unauthorized(
                "invalid username or password", challenger.challenge(request, required, null), required));
        return new Caller(identity, true, new RuleGrants(decider, identity), decider.isAdmin(identity));
    }
}
