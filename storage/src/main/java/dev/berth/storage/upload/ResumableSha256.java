package dev.berth.storage.upload;

import dev.berth.oci.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * SHA-256 whose intermediate state can be saved in the store and restored later, so a chunked
 * upload continues after a restart or on another replica without re-reading its data.
 * The JDK's {@code MessageDigest} cannot export its state; Bouncy Castle's digest can.
 */
final class ResumableSha256 {
    private final SHA256Digest digest;

    private ResumableSha256(SHA256Digest digest) {
        this.digest = digest;
    }

    static ResumableSha256 fresh() {
        return new ResumableSha256(new SHA256Digest());
    }

    static ResumableSha256 restore(byte[] state) {
        return new ResumableSha256(new SHA256Digest(state));
    }

    void update(byte[] buffer, int offset, int length) {
        digest.update(buffer, offset, length);
    }

    byte[] state() {
        return digest.getEncodedState();
    }

    /** The digest of everything so far; the running state is left as it was. */
    Digest current() {
        SHA256Digest copy = new SHA256Digest(digest);
        byte[] hash = new byte[copy.getDigestSize()];
        copy.doFinal(hash, 0);
        return Digest.sha256(hash);
    }
}
