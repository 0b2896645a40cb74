package dev.berth.auth.access;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do in a repository. {@code admin} implies the others and, on {@code **}, the admin API. */
public enum Action {
    PULL, PUSH, DELETE, ADMIN;

    /** The name in scopes and token claims: {@code pull}, {@code push}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Action> parse(String text) {
        for (Action action : values()) {
            if (action.wireName().equals(text)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
