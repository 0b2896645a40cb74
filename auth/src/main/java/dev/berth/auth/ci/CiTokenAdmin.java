package dev.berth.auth.ci;

import dev.berth.auth.basic.UserDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;

/** What an admin does with CI tokens, through the API or the command line. */
public final class CiTokenAdmin {
    private final CiTokenStore tokens;
    private final UserDirectory users;

    public CiTokenAdmin(CiTokenStore tokens, UserDirectory users) {
        this.tokens = tokens;
        this.users = users;
    }

    /**
     * Creates a token. Its name must not be a password user's (the token would sign in with that
     * user's rights); the expiry is a duration such as {@code 12h} or {@code 30d}.
     */
    public CiTokenStore.Created create(String name, String expiresIn, List<String> groups) {
        if (name != null && users.exists(name)) {
            throw new IllegalArgumentException("a user named '" + name + "' exists; choose another token name");
        }
        if (expiresIn == null || expiresIn.isBlank()) {
            throw new IllegalArgumentException("an expiry is required, e.g. 30d");
        }
        Duration lifetime;
        try {
            lifetime = DurationStyle.detectAndParse(expiresIn.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the expiry is a duration such as 12h or 30d");
        }
        return tokens.create(name, groups, lifetime);
    }

    public List<CiToken> list() {
        return tokens.list();
    }

    public Optional<CiToken> find(String id) {
        return tokens.find(id);
    }

    public boolean revoke(String id) {
        return tokens.revoke(id);
    }
}
