package dev.berth.auth.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address failed logins are counted against: the connection's peer. Forwarded-for headers are
 * not trusted here; behind a proxy, set {@code server.forward-headers-strategy} so the servlet
 * container resolves the real client from the proxy's headers.
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        return request.getRemoteAddr();
    }
}
