package dev.berth.auth.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Implemented by the web layer, which knows its routes and paths (this module knows none but its
 * own token endpoint's): tells what a request needs and how its caller signs in.
 */
public interface RequiredAccessResolver {

    /** What the request needs; empty for requests that then need valid credentials. */
    Optional<RequiredAccess> resolve(HttpServletRequest request);

    /**
     * Whether the caller signs in with a password or CI token over basic whatever the mode (people
     * and scripts: a JSON API, a metrics scrape), rather than as the mode says (registry clients).
     */
    boolean signsInWithPassword(HttpServletRequest request);
}
