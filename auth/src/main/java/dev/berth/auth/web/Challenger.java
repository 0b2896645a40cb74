package dev.berth.auth.web;

import dev.berth.auth.access.RequiredAccess;
import jakarta.servlet.http.HttpServletRequest;

/** Writes the {@code WWW-Authenticate} value that tells a client how to get what a request needs. */
public interface Challenger {

    /** {@code error} is an RFC 6750 error code ({@code invalid_token}, {@code insufficient_scope}) or null. */
    String challenge(HttpServletRequest request, RequiredAccess required, String error);
}
