package dev.berth.oci;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. Only algorithms the
 * registry can verify ({@link DigestAlgorithm}) are accepted, so a {@code Digest} is always safe to
 * use in a storage path.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    public static final String SHA256 = "sha256";
    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    public Digest {
        if (DigestAlgorithm.named(algorithm).filter(known -> known.isEncoding(hex)).isEmpty()) {
            throw new OciException(ErrorCode.DIGEST_INVALID, "invalid digest: " + algorithm + ":" + hex);
        }
    }

    /** Parses {@code algorithm:hex}; a malformed or unsupported digest is {@code DIGEST_INVALID}. */
    public static Digest parse(String value) {
        if (value == null || value.length() > 256 || !GRAMMAR.matcher(value).matches()) {
            throw new OciException(ErrorCode.DIGEST_INVALID, "invalid digest: " + safe(value));
        }
        int colon = value.indexOf(':');
        String algorithm = value.substring(0, colon);
        if (DigestAlgorithm.named(algorithm).isEmpty()) {
            throw new OciException(ErrorCode.DIGEST_INVALID, "unsupported digest algorithm: " + safe(algorithm));
        }
        return new Digest(algorithm, value.substring(colon + 1));
    }

    public static boolean looksLikeDigest(String value) {
        return value != null && value.indexOf(':') > 0;
    }

    public static Digest sha256(byte[] hash) {
        return DigestAlgorithm.SHA256.digestOf(hash);
    }

    /** The algorithm, as a value the registry can hash with. */
    public DigestAlgorithm digestAlgorithm() {
        return DigestAlgorithm.parse(algorithm);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    private static String safe(String value) {
        if (value == null) {
            return "(none)";
        }
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?").toLowerCase(Locale.ROOT);
    }
}
