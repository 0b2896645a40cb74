package dev.berth.auth.basic;

import dev.berth.auth.access.Identity;
import dev.berth.auth.ci.CiToken;
import dev.berth.auth.ci.CiTokenSecret;
import dev.berth.auth.ci.CiTokenStore;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a user name and password: a CI token secret (recognised by its prefix) against the token
 * store, anything else against the users' bcrypt hashes.
 */
public final class PasswordAuthenticator {
    private final UserDirectory users;
    private final CiTokenStore ciTokens;

    public PasswordAuthenticator(UserDirectory users, CiTokenStore ciTokens) {
        this.users = users;
        this.ciTokens = ciTokens;
    }

    public Optional<Identity> authenticate(BasicCredentials credentials) {
        if (CiTokenSecret.looksLikeOne(credentials.password())) {
            return ciTokens.authenticate(credentials.username(), credentials.password()).map(this::identity);
        }
        return users.authenticate(credentials.username(), credentials.password());
    }

    /** A CI token's identity: its name, its own groups and any configured for that name. */
    public Identity identity(CiToken token) {
        Set<String> groups = new HashSet<>(token.groups());
        groups.addAll(users.groupsOf(token.name()));
        return Identity.user(token.name(), groups);
    }

    /** The identity behind a refresh token's subject, if it may still sign in. */
    public Optional<Identity> stillValid(String name, String ciTokenId) {
        if (ciTokenId != null) {
            return ciTokens.find(ciTokenId).filter(ciTokens::valid).filter(t -> t.name().equals(name)).map(this::identity);
        }
        return users.find(name);
    }
}
