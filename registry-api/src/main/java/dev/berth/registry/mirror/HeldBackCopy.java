package dev.berth.registry.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads a blob from the upstream (for the store to write and hash) while passing it on to the
 * client, always one read behind: the last piece is held back until {@link #release()}, called
 * only once the store verified the digest. A client of a lying upstream therefore never receives
 * the whole declared length and cannot take a wrong blob for a complete one. If the client goes
 * away, reading goes on, so the blob is still stored for the next pull.
 */
final class HeldBackCopy extends InputStream {
    private final InputStream upstream;
    private final OutputStream client;
    private byte[] held = new byte[0];
    private int heldLength;
    private boolean clientGone;

    HeldBackCopy(InputStream upstream, OutputStream client) {
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
            if (held.length < read) {
                held = new byte[Math.max(read, 64 * 1024)];
            }
            System.arraycopy(buffer, offset, held, 0, read);
            heldLength = read;
        }
        return read;
    }

    /** Sends the held-back piece: the content is verified. */
    void release() {
        passOnHeld();
        if (!clientGone) {
            try {
                client.flush();
            } catch (IOException e) {
                clientGone = true;
            }
        }
    }

    private void passOnHeld() {
        if (heldLength > 0 && !clientGone) {
            try {
                client.write(held, 0, heldLength);
            } catch (IOException e) {
                clientGone = true; // keep storing: the next pull is served from the cache
            }
        }
        heldLength = 0;
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
