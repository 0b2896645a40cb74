package dev.berth.auth;

/**
 * Where auth state lives in the registry store, next to {@code blobs/} and {@code repositories/},
 * so replicas sharing one store agree on it.
 *
 * <pre>
 * auth/token/signing-key.json      generated JWT signing key (a private JWK)
 * auth/ci-tokens/&lt;id&gt;.json        CI token: name, groups, expiry and the SHA-256 of its secret
 * </pre>
 */
public final class AuthLayout {
    public static final String SIGNING_KEY = "auth/token/signing-key.json";
    public static final String CI_TOKENS = "auth/ci-tokens";

    private AuthLayout() {
    }

    /** {@code id} must already be validated (lowercase hex); see {@code CiTokenSecret}. */
    public static String ciToken(String id) {
        return CI_TOKENS + "/" + id + ".json";
    }
}
