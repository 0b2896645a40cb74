package dev.berth.auth.web;

import dev.berth.auth.access.Identity;
import dev.berth.auth.basic.BasicCredentials;
import dev.berth.auth.basic.PasswordAuthenticator;
import dev.berth.auth.events.AuthEventListener;
import dev.berth.auth.throttle.LoginThrottle;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A password login as every entry point does it: refused while the client must wait, counted
 * when it fails (and told to the listeners, e.g. the audit trail), forgotten when it succeeds.
 */
public final class PasswordLogin {
    private final PasswordAuthenticator authenticator;
    private final LoginThrottle throttle;
    private final List<AuthEventListener> listeners;

    public PasswordLogin(PasswordAuthenticator authenticator, LoginThrottle throttle) {
        this(authenticator, throttle, List.of());
    }

    public PasswordLogin(PasswordAuthenticator authenticator, LoginThrottle throttle, List<AuthEventListener> listeners) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.listeners = List.copyOf(listeners);
    }

    /** The identity, or empty when the credentials are wrong; {@link AccessRefusal} while throttled. */
    public Optional<Identity> login(HttpServletRequest request, BasicCredentials credentials) {
        String client = ClientAddress.of(request);
        Optional<Duration> wait = throttle.waitFor(client);
        if (wait.isPresent()) {
            throw AccessRefusal.tooManyRequests(wait.get());
        }
        Optional<Identity> identity = authenticator.authenticate(credentials);
        if (identity.isPresent()) {
            throttle.succeeded(client);
        } else {
            throttle.failed(client);
            listeners.forEach(listener -> listener.signInFailed(request, credentials.username()));
        }
        return identity;
    }

    /** {@link AccessRefusal} while the client must wait, for logins that are not a password check. */
    public void checkNotThrottled(HttpServletRequest request) {
        throttle.waitFor(ClientAddress.of(request)).ifPresent(wait -> {
            throw AccessRefusal.tooManyRequests(wait);
        });
    }

    /** Counts a failed login that is not a wrong password (a refresh token that is no good) the same way. */
    public void failed(HttpServletRequest request) {
        throttle.failed(ClientAddress.of(request));
        listeners.forEach(listener -> listener.signInFailed(request, null));
    }
}
