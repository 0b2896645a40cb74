package dev.berth.registry.replication;

import dev.berth.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A blob on its way to the destination, hashed as it passes: at its end a wrong digest or size is
 * an error, so the upload it feeds fails instead of completing with bad content.
 */
final class VerifiedStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final MessageDigest hash;
    private final ImageCopy.Heartbeat heartbeat;
    private long count;
    private boolean checked;

    /** @param heartbeat told as bytes pass, so the claim on the item outlives a long upload */
    VerifiedStream(InputStream in, Digest expected, long expectedSize, ImageCopy.Heartbeat heartbeat) {
        super(in);
        this.heartbeat = heartbeat;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.hash = expected.digestAlgorithm().newHasher();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            check();
        } else {
            hash.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        heartbeat.beat();
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            check();
        } else {
            hash.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a verified stream is read, not skipped");
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        Digest actual = expected.digestAlgorithm().digestOf(hash.digest());
        if (count != expectedSize || !actual.equals(expected)) {
            throw new IOException("source sent " + count + " bytes digesting to " + actual + " for " + expected
                    + " (" + expectedSize + " bytes)");
        }
    }
}
