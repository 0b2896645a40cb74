package dev.berth.registry.route;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Moves a request to the repository it is served from, when that is not the one its path names
 * (the pull-through mirror's {@code ns=} and default upstream). Applied once, by
 * {@link RouteFilter}, so the access check and the endpoint always agree on the repository.
 */
public interface RouteRewrite {

    V2Route local(V2Route route, HttpServletRequest request);
}
