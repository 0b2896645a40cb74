package dev.berth.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** The digest algorithms of the image spec that the registry verifies: sha256 (canonical) and sha512. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String id;
    private final String jdkName;
    private final Pattern encoded;

    DigestAlgorithm(String id, String jdkName, int hexLength) {
        this.id = id;
        this.jdkName = jdkName;
        this.encoded = Pattern.compile("[a-f0-9]{" + hexLength + "}");
    }

    /** The algorithm named {@code id} as in a digest ({@code sha256}), if the registry supports it. */
    public static Optional<DigestAlgorithm> named(String id) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.id.equals(id)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #named}, but an unsupported name is {@code DIGEST_INVALID}. */
    public static DigestAlgorithm parse(String id) {
        return named(id).orElseThrow(() -> new OciException(ErrorCode.DIGEST_INVALID,
                "unsupported digest algorithm: " + (id == null ? "(none)" : id.substring(0, Math.min(id.length(), 40)))));
    }

    public String id() {
        return id;
    }

    boolean isEncoding(String hex) {
        return hex != null && encoded.matcher(hex).matches();
    }

    /** A fresh hasher for this algorithm. */
    public MessageDigest newHasher() {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + jdkName, e);
        }
    }

    /** The digest of a hash this algorithm computed. */
    public Digest digestOf(byte[] hash) {
        return new Digest(id, HexFormat.of().formatHex(hash));
    }

    /** The digest of {@code content}. */
    public Digest digest(byte[] content) {
        return digestOf(newHasher().digest(content));
    }

    @Override
    public String toString() {
        return id;
    }
}
