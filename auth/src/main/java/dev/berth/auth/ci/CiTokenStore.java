package dev.berth.auth.ci;

import dev.berth.auth.AuthLayout;
import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** CI tokens in the registry store, one small JSON file each, read on every use so a revocation is seen at once. */
public final class CiTokenStore {
    private final StorageDriver driver;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    public CiTokenStore(StorageDriver driver, Clock clock) {
        this.driver = driver;
        this.clock = clock;
    }

    /** A token just created, with its secret: the only time the secret exists outside the client. */
    public record Created(CiToken token, CiTokenSecret secret) {
    }

    public Created create(String name, List<String> groups, Duration lifetime) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}")) {
            throw new IllegalArgumentException("a token name is 1-128 letters, digits, '.', '_', '@' or '-'");
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token needs a positive expiry");
        }
        CiTokenSecret secret = CiTokenSecret.generate();
        Instant now = clock.instant();
        CiToken token = new CiToken(secret.id(), name, groups == null ? List.of() : groups, secret.sha256(),
                now, now.plus(lifetime));
        driver.write(AuthLayout.ciToken(token.id()), json.writeValueAsBytes(token));
        return new Created(token, secret);
    }

    /** Every stored token, newest first, expired ones included (so an admin sees and removes them). */
    public List<CiToken> list() {
        List<CiToken> tokens = new ArrayList<>();
        for (String file : driver.list(AuthLayout.CI_TOKENS)) {
            if (file.endsWith(".json")) {
                find(file.substring(0, file.length() - ".json".length())).ifPresent(tokens::add);
            }
        }
        tokens.sort(Comparator.comparing(CiToken::createdAt).reversed());
        return tokens;
    }

    public Optional<CiToken> find(String id) {
        if (!CiTokenSecret.isValidId(id)) {
            return Optional.empty();
        }
        return driver.read(AuthLayout.ciToken(id)).flatMap(this::parse);
    }

    /** Whether a token was there to revoke. */
    public boolean revoke(String id) {
        if (find(id).isEmpty()) {
            return false;
        }
        driver.delete(AuthLayout.ciToken(id));
        return true;
    }

    /** The unexpired token the secret belongs to, signing in as {@code name}. */
    public Optional<CiToken> authenticate(String name, String secretText) {
        Optional<CiTokenSecret> secret = CiTokenSecret.parse(secretText);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return find(secret.get().id())
                .filter(token -> secret.get().matches(token.secretSha256()))
                .filter(token -> token.name().equals(name))
                .filter(this::valid);
    }

    /** Not revoked (still stored) and not expired. */
    public boolean valid(CiToken token) {
        return !token.expiredAt(clock.instant());
    }

    private Optional<CiToken> parse(byte[] content) {
        try {
            return Optional.of(json.readValue(new String(content, StandardCharsets.UTF_8), CiToken.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
