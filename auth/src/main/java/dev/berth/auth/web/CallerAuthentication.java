package dev.berth.auth.web;

import dev.berth.auth.access.Caller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** The decided caller, kept in Spring Security's context for the rest of the request. */
public final class CallerAuthentication extends AbstractAuthenticationToken {
    private final transient Caller caller;

    public CallerAuthentication(Caller caller) {
        super(List.of());
        this.caller = caller;
        setAuthenticated(caller.credentialed());
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.identity().name();
    }
}
