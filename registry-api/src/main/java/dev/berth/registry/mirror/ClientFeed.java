package dev.berth.registry.mirror;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Passes the pieces of a blob being fetched to the client that asked for it, on a writer thread of
 * its own behind a bounded queue, so the client never sets the pace of the fetch: a slow or stalled
 * client would otherwise hold the upstream connection (until the upstream gives up on it) and every
 * pull waiting for the same blob. A client more than the queue's worth behind is no longer fed;
 * it gets the rest of the blob from the store once the fetch is done ({@link #sent()} tells where
 * to go on from).
 *
 * <p>The response belongs to the request's thread again only after {@link #finish()} or
 * {@link #abort()} returned: both wait for the writer.
 */
final class ClientFeed {
    private static final byte[] END = new byte[0];

    private final OutputStream client;
    private final long maxQueuedBytes;
    private final LinkedBlockingQueue<byte[]> pieces = new LinkedBlockingQueue<>();
    private final Thread writer;
    private long queuedBytes;
    private volatile boolean fedNoMore;
    private volatile boolean clientGone;
    private volatile long sent;

    ClientFeed(OutputStream client, long maxQueuedBytes) {
        this.client = client;
        this.maxQueuedBytes = maxQueuedBytes;
        this.writer = new Thread(this::write, "mirror-client-feed");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a piece (the caller no longer touches it); stops feeding a client that fell too far behind. */
    void offer(byte[] piece) {
        if (fedNoMore || clientGone) {
            return;
        }
        synchronized (this) {
            if (queuedBytes + piece.length > maxQueuedBytes) {
                fedNoMore = true;
                return;
            }
            queuedBytes += piece.length;
        }
        pieces.add(piece);
    }

    /** Lets the writer send what is queued and waits for it. */
    void finish() {
        pieces.add(END);
        awaitWriter();
    }

    /** Drops what is queued and waits for the writer (at most for a write under way). */
    void abort() {
        fedNoMore = true;
        pieces.clear();
        pieces.add(END);
        awaitWriter();
    }

    /** Bytes the client got; meaningful once finished. */
    long sent() {
        return sent;
    }

    boolean clientGone() {
        return clientGone;
    }

    private void write() {
        try {
            for (byte[] piece = pieces.take(); piece != END; piece = pieces.take()) {
                if (!clientGone) {
                    try {
                        client.write(piece);
                        sent += piece.length;
                    } catch (IOException e) {
                        clientGone = true; // the fetch goes on: the next pull is served from the store
                    }
                }
                synchronized (this) {
                    queuedBytes -= piece.length;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitWriter() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
