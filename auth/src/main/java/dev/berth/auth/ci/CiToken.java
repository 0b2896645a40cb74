package dev.berth.auth.ci;

import java.time.Instant;
import java.util.List;

/**
 * A non-interactive credential for a CI system, as stored: its secret only as a SHA-256 hash.
 * {@code name} is the user name it signs in as (rules grant by it) and {@code groups} its groups.
 */
public record CiToken(String id, String name, List<String> groups, String secretSha256,
                      Instant createdAt, Instant expiresAt) {

    public CiToken {
        groups = List.copyOf(groups);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "CiToken[id=" + id + ", name=" + name + ", expiresAt=" + expiresAt + "]";
    }
}
