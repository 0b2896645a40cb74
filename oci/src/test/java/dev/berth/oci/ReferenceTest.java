package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReferenceTest {
    static final String DIGEST = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void aTagParsesAsATagReference() {
        Reference reference = Reference.parse("v1.0");

        assertThat(reference).isEqualTo(new Reference.ByTag(new Tag("v1.0")));
        assertThat(reference).hasToString("v1.0");
    }

    @Test
    void aDigestParsesAsADigestReference() {
        Reference reference = Reference.parse(DIGEST);

        assertThat(reference).isEqualTo(new Reference.ByDigest(Digest.parse(DIGEST)));
        assertThat(reference).hasToString(DIGEST);
    }

    @Test
    void somethingShapedLikeADigestMustBeAValidDigest() {
        assertThatThrownBy(() -> Reference.parse("sha256:nothex"))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
        assertThatThrownBy(() -> Reference.parse("sha512:" + "ab".repeat(32)))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
        assertThatThrownBy(() -> Reference.parse("md5:" + "ab".repeat(16)))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
    }

    @Test
    void aSha512DigestParsesAsADigestReference() {
        String sha512 = "sha512:" + "ab".repeat(64);

        assertThat(Reference.parse(sha512)).isEqualTo(new Reference.ByDigest(Digest.parse(sha512)));
    }

    @Test
    void anInvalidTagIsManifestInvalid() {
        assertThatThrownBy(() -> Reference.parse(".hidden"))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID));
        assertThatThrownBy(() -> Reference.parse(null))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID));
        assertThatThrownBy(() -> Reference.parse(""))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID));
    }
}
