package dev.berth.auth.basic;

import dev.berth.auth.AuthProperties;
import dev.berth.auth.access.Identity;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The users who sign in with a password: from the htpasswd file and from configuration, with their groups. */
public final class UserDirectory {
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final Map<String, String> hashes = new HashMap<>();
    private final Map<String, Set<String>> groupsOf = new HashMap<>();
    /**
     * Checked when the user is unknown, so an unknown name costs as long as a wrong password: a cost-10
     * hash of a random password nobody kept (no password can sign in through it: the user is unknown).
     * A constant, because hashing one at start-up took 80 ms of the registry's start.
     */
    private static final String DECOY_HASH = "$2a$10$Litp4wLYOpfoOXjToGE2bemBVq6js4VrbUWaBu0LsiyYqlT1gayci";

    public UserDirectory(AuthProperties properties) {
        if (properties.htpasswdFile() != null) {
            hashes.putAll(HtpasswdFile.read(properties.htpasswdFile()));
        }
        for (AuthProperties.User user : properties.users()) {
            if (user.name() == null || user.name().isBlank() || user.password() == null
                    || !HtpasswdFile.isBcrypt(user.password())) {
                throw new IllegalArgumentException("registry.auth.users entries need a name and a bcrypt "
                        + "password hash (htpasswd -nB name)");
            }
            hashes.put(user.name(), user.password());
            user.groups().forEach(group -> groupsOf.computeIfAbsent(user.name(), n -> new HashSet<>()).add(group));
        }
        properties.groups().forEach((group, members) -> members.forEach(
                member -> groupsOf.computeIfAbsent(member, n -> new HashSet<>()).add(group)));
    }

    /** The user, if the name is known and the password matches its bcrypt hash. */
    public Optional<Identity> authenticate(String name, String password) {
        String hash = hashes.get(name);
        boolean matches = bcrypt.matches(password, hash == null ? DECOY_HASH : hash);
        return matches && hash != null ? Optional.of(identity(name)) : Optional.empty();
    }

    /** The user by name, still known (a refresh token is only as good as its user). */
    public Optional<Identity> find(String name) {
        return hashes.containsKey(name) ? Optional.of(identity(name)) : Optional.empty();
    }

    public boolean exists(String name) {
        return hashes.containsKey(name);
    }

    /** Groups of a name from {@code registry.auth.groups}, for CI tokens and external users too. */
    public Set<String> groupsOf(String name) {
        return Set.copyOf(groupsOf.getOrDefault(name, Set.of()));
    }

    private Identity identity(String name) {
        return Identity.user(name, groupsOf(name));
    }
}
