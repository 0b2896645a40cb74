package dev.berth.auth.web;

import dev.berth.auth.access.RequiredAccess;
import jakarta.servlet.http.HttpServletRequest;

/** Basic mode: {@code Basic realm="Berth"}, which makes docker send the stored credentials. */
public final class BasicChallenger implements Challenger {
    public static final String CHALLENGE = "Basic realm=\"Berth\", charset=\"UTF-8\"";

    @Override
    public String challenge(HttpServletRequest request, RequiredAccess required, String error) {
        return CHALLENGE;
    }
}
