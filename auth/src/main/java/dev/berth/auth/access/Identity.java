package dev.berth.auth.access;

import java.util.Set;

/**
 * Who is asking: a named user (from htpasswd, configuration, a CI token or an external issuer) with
 * their groups, or nobody in particular.
 */
public record Identity(String name, Set<String> groups, boolean anonymous) {
    public static final Identity ANONYMOUS = new Identity("", Set.of(), true);

    public Identity {
        groups = Set.copyOf(groups);
    }

    public static Identity user(String name, Set<String> groups) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a user has a name");
        }
        return new Identity(name, groups, false);
    }
}
