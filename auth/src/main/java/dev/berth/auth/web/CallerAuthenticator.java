package dev.berth.auth.web;

import dev.berth.auth.access.Caller;
import dev.berth.auth.access.RequiredAccess;
import jakarta.servlet.http.HttpServletRequest;

/** Finds out who sent a request from its {@code Authorization} header. */
public interface CallerAuthenticator {

    /**
     * The caller; {@link Caller#anonymous} when no credentials came. Throws {@link AccessRefusal}
     * when credentials came and are wrong, or when the client must wait after failed logins.
     */
    Caller authenticate(HttpServletRequest request, RequiredAccess required);
}
