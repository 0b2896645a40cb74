package dev.berth.auth;

/** How callers prove who they are ({@code registry.auth.mode}). */
public enum AuthMode {
    /** Everyone may do everything: the first-run default. */
    NONE,
    /** HTTP basic credentials on every request, checked against htpasswd and configured users. */
    BASIC,
    /** The Docker registry token flow: basic credentials at {@code /auth/token}, signed JWTs on {@code /v2/}. */
    TOKEN
}
