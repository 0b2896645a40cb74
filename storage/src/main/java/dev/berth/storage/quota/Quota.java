package dev.berth.storage.quota;

import dev.berth.storage.lifecycle.Glob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One {@code registry.quotas[i]} entry: the repositories matching {@code repositories} may together
 * hold at most {@code limitBytes} of distinct content.
 */
public record Quota(int index, Glob repositories, long limitBytes) {

    public Quota {
        if (index < 0) {
            throw new IllegalArgumentException("a quota's index must not be negative");
        }
        if (repositories == null) {
            throw new IllegalArgumentException("a quota needs a repositories pattern");
        }
        if (limitBytes < 0) {
            throw new IllegalArgumentException("a quota's limit must not be negative; got " + limitBytes);
        }
    }

    public boolean covers(String repository) {
        return repositories.matches(repository);
    }

    /** How refusals and the browse API name the quota, so the user can find it in the configuration. */
    public String describe() {
        return "registry.quotas[" + index + "] (repositories " + repositories.text() + ")";
    }

    /**
     * Names the quota's state in the store after its pattern, not its position: reordering the list
     * or changing a limit keeps the usage, while a new pattern is a new scope that is counted afresh.
     */
    public String scopeId() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(repositories.text().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
