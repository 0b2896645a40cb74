package dev.berth.auth.token;

import dev.berth.auth.access.Caller;
import dev.berth.auth.access.Grants;
import dev.berth.auth.access.RequiredAccess;
import dev.berth.auth.rules.AccessDecider;
import dev.berth.auth.web.AccessRefusal;
import dev.berth.auth.web.CallerAuthenticator;
import dev.berth.auth.web.Challenger;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/** Token mode: {@code Authorization: Bearer <jwt>}; without a token a request is granted nothing. */
public final class BearerCallerAuthenticator implements CallerAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(BearerCallerAuthenticator.class);

    private final TokenVerifier verifier;
    private final AccessDecider decider;
    private final Challenger challenger;

    public BearerCallerAuthenticator(TokenVerifier verifier, AccessDecider decider, Challenger challenger) {
        this.verifier = verifier;
        this.decider = decider;
        this.challenger = challenger;
    }

    @Override
    public Caller authenticate(HttpServletRequest request, RequiredAccess required) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Caller.anonymous(Grants.NOTHING);
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw AccessRefusal.unauthorized("a bearer token is required", challenger.challenge(request, required, null),
                    required);
        }
        TokenVerifier.Verified verified;
        try {
            verified = verifier.verifyAccess(header.substring(7).trim());
        } catch (TokenVerifier.InvalidTokenException e) {
            log.debug("bearer token refused: {}", e.getMessage());
            throw AccessRefusal.unauthorized("invalid or expired token",
                    challenger.challenge(request, required, "invalid_token"), required);
        }
        return new Caller(verified.identity(), true,
                TokenGrants.of(decider, verified.identity(), verified.access()), false);
    }
}
