package dev.berth.auth.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Implemented by the web layer, which knows its routes: tells what a request needs. Empty for
 * requests outside the registry API, which then need valid credentials.
 */
public interface RequiredAccessResolver {

    Optional<RequiredAccess> resolve(HttpServletRequest request);
}
