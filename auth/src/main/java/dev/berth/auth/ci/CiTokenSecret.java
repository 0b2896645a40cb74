package dev.berth.auth.ci;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret of a CI token: {@code berth_ci_<id>_<256 random bits>}. The id finds the stored record
 * without a scan; the random part is what proves possession. It is random enough that a plain
 * SHA-256 is the right hash for it (bcrypt is for guessable passwords).
 */
public record CiTokenSecret(String id, String value) {
    private static final String PREFIX = "berth_ci_";
    private static final Pattern FORM = Pattern.compile("berth_ci_([0-9a-f]{16})_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static CiTokenSecret generate() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String hexId = HexFormat.of().formatHex(id);
        return new CiTokenSecret(hexId, PREFIX + hexId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Empty unless the text has the form of a CI token secret. */
    public static Optional<CiTokenSecret> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(text);
        return matcher.matches() ? Optional.of(new CiTokenSecret(matcher.group(1), text)) : Optional.empty();
    }

    public static boolean looksLikeOne(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    public static boolean isValidId(String id) {
        return id != null && id.matches("[0-9a-f]{16}");
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Constant-time comparison with a stored hash. */
    public boolean matches(String storedSha256) {
        return MessageDigest.isEqual(sha256().getBytes(StandardCharsets.US_ASCII),
                storedSha256.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "CiTokenSecret[id=" + id + ", value=****]";
    }
}
