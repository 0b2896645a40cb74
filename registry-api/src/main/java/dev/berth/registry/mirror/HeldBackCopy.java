package dev.berth.registry.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a blob from the upstream (for the store to write and hash) while passing it on to the
 * client's {@link ClientFeed}, always one read behind: the last piece is held back until
 * {@link #release()}, called only once the store verified the digest. A client of a lying upstream
 * therefore never receives the whole declared length and cannot take a wrong blob for a complete one.
 */
final class HeldBackCopy extends InputStream {
    private final InputStream upstream;
    private final ClientFeed client;
    private byte[] held;

    HeldBackCopy(InputStream upstream, ClientFeed client) {
        this.upstream = upstream;
        this.client = client;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = upstream.read(buffer, offset, length);
        if (read > 0) {
            passOnHeld();
            held = Arrays.copyOfRange(buffer, offset, offset + read);
        }
        return read;
    }

    /** Passes on the held-back piece: the content is verified. */
    void release() {
        passOnHeld();
    }

    private void passOnHeld() {
        if (held != null) {
            client.offer(held);
            held = null;
        }
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
