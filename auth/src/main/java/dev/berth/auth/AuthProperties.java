package dev.berth.auth;

import dev.berth.auth.rules.AccessRule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code registry.auth.*}; docs/configuration.md documents each.
 *
 * @param mode          {@code none}, {@code basic} or {@code token}
 * @param htpasswdFile  users with bcrypt hashes, as {@code htpasswd -B} writes them
 * @param users         users given in configuration (bcrypt hashes, never plain passwords)
 * @param groups        group name to member user names, for users from either source
 * @param rules         who may do what where; empty means every authenticated user may pull, push and delete
 * @param token         the token flow
 * @param loginThrottle slowing down repeated failed logins from one client
 */
@ConfigurationProperties("registry.auth")
public record AuthProperties(@DefaultValue("none") AuthMode mode,
                             Path htpasswdFile,
                             @DefaultValue List<User> users,
                             @DefaultValue Map<String, List<String>> groups,
                             @DefaultValue List<AccessRule> rules,
                             @DefaultValue Token token,
                             @DefaultValue Throttle loginThrottle) {

    /** A user from configuration; {@code password} is a bcrypt hash. */
    public record User(String name, String password, @DefaultValue List<String> groups) {
        @Override
        public String toString() {
            return "User[name=" + name + ", groups=" + groups + "]";
        }
    }

    /**
     * @param issuer           {@code iss} of the tokens this registry signs
     * @param service          the service name clients ask tokens for; the tokens' audience
     * @param expiry           lifetime of an access token
     * @param refreshExpiry    lifetime of a refresh token ({@code docker login} keeps it instead of the password)
     * @param realm            token endpoint URL announced in challenges; by default {@code /auth/token} of the
     *                         address the client used
     * @param signingKey       PEM file with an RSA private key (PKCS#8); without it a key is generated once and
     *                         kept in the store, so replicas sharing the store agree
     * @param jwksUri          accept also tokens signed by an external issuer whose keys are published here
     * @param externalIssuer   the {@code iss} those external tokens carry
     * @param externalAudience the {@code aud} they must carry; the service name by default
     * @param usernameClaim    the claim of an external token that names the user
     * @param groupsClaim      the claim of an external token that lists the user's groups
     */
    public record Token(@DefaultValue("berth") String issuer,
                        @DefaultValue("berth") String service,
                        @DefaultValue("5m") Duration expiry,
                        @DefaultValue("7d") Duration refreshExpiry,
                        String realm,
                        Path signingKey,
                        URI jwksUri,
                        String externalIssuer,
                        String externalAudience,
                        @DefaultValue("sub") String usernameClaim,
                        @DefaultValue("groups") String groupsClaim) {
    }

    /**
     * @param maxFailures failed logins from one client address before it has to wait
     * @param lockout     the first wait; it doubles with every further failure, up to 15 minutes
     * @param maxClients  client addresses remembered at most (the oldest are forgotten first)
     */
    public record Throttle(@DefaultValue("5") int maxFailures,
                           @DefaultValue("30s") Duration lockout,
                           @DefaultValue("10000") int maxClients) {
    }
}
