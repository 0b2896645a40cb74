package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAValidSha256Digest() {
        Digest digest = Digest.parse("sha256:" + EMPTY_SHA256);

        assertThat(digest.algorithm()).isEqualTo("sha256");
        assertThat(digest.hex()).isEqualTo(EMPTY_SHA256);
        assertThat(digest).hasToString("sha256:" + EMPTY_SHA256);
    }

    @Test
    void equalDigestsAreEqualValues() {
        assertThat(Digest.parse("sha256:" + EMPTY_SHA256)).isEqualTo(new Digest("sha256", EMPTY_SHA256));
    }

    @Test
    void sha256OfAHashGivesTheDigestOfTheContent() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("".getBytes(StandardCharsets.UTF_8));

        assertThat(Digest.sha256(hash)).isEqualTo(Digest.parse("sha256:" + EMPTY_SHA256));
    }

    @Test
    void uppercaseHexIsRejected() {
        assertInvalid("sha256:" + EMPTY_SHA256.toUpperCase());
    }

    @Test
    void sha512IsSupportedWith128Hex() throws Exception {
        byte[] content = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512").digest(content));

        Digest digest = Digest.parse("sha512:" + hex);

        assertThat(digest.digestAlgorithm()).isEqualTo(DigestAlgorithm.SHA512);
        assertThat(DigestAlgorithm.SHA512.digest(content)).isEqualTo(digest);
        assertInvalid("sha512:" + hex.substring(2));
        assertInvalid("sha512:" + "ab".repeat(32));
    }

    @Test
    void otherAlgorithmsAreRejectedAsUnsupported() {
        assertThatThrownBy(() -> Digest.parse("blake3:" + "ab".repeat(32)))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID))
                .hasMessageContaining("unsupported");
    }

    @Test
    void hexOfTheWrongLengthIsRejected() {
        assertInvalid("sha256:" + EMPTY_SHA256.substring(1));
        assertInvalid("sha256:" + EMPTY_SHA256 + "0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "sha256", "sha256:", ":abc", "sha256:zz", "SHA256:abc",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/", "sha256:../../etc/passwd",
            "sha256 :e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    void garbageIsRejected(String value) {
        assertInvalid(value);
    }

    @Test
    void nullIsRejected() {
        assertInvalid(null);
    }

    @Test
    void anOverlongValueIsRejected() {
        assertInvalid("sha256:" + "a".repeat(300));
    }

    @Test
    void theConstructorChecksItsParts() {
        assertThatThrownBy(() -> new Digest("md5", EMPTY_SHA256))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
        assertThatThrownBy(() -> new Digest("sha256", "abc"))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
    }

    @Test
    void theConstructorRejectsNullPartsAsDigestInvalid() {
        assertThatThrownBy(() -> new Digest("sha256", null))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
        assertThatThrownBy(() -> new Digest(null, EMPTY_SHA256))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
    }

    private static void assertInvalid(String value) {
        assertThatThrownBy(() -> Digest.parse(value))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
    }
}
