package dev.berth.auth.events;

import dev.berth.auth.ci.CiToken;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Told what the auth module decided that an audit trail wants to know, without the auth module
 * knowing who listens (the registry's audit trail is one; auth does not depend on it). Never given
 * a secret: a failed sign-in names the user name tried, a CI token its id and name.
 */
public interface AuthEventListener {

    /**
     * Credentials that did not sign in: a wrong password or CI token secret, an unknown user, a
     * refresh token that is no good ({@code user} then null: it names nobody we can trust).
     */
    default void signInFailed(HttpServletRequest request, String user) {
    }

    /** An admin created a CI token. */
    default void ciTokenCreated(HttpServletRequest request, CiToken token) {
    }

    /** An admin revoked a CI token. */
    default void ciTokenRevoked(HttpServletRequest request, CiToken token) {
    }
}
