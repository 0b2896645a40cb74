package dev.berth.registry.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A remote registry's response body as a stream whose reads give up when no bytes arrive for a
 * while: the JDK's own body stream waits forever, and a stalled remote would hold a pull through
 * the cache (and every pull waiting for the same blob) or a replication worker until someone gave up. Buffers are requested one list at a time,
 * so memory stays bounded however large the body.
 */
public final class IdleTimeoutBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final Duration idleTimeout;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> pending;
    private ByteBuffer current;
    private boolean ended;
    /** Set by close(), read by onSubscribe on the client's thread: a body closed before it starts is cancelled then. */
    private volatile boolean closed;

    public IdleTimeoutBody(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (closed) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrived.add(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        arrived.add(failure);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current == null || !current.hasRemaining()) {
            if (pending != null && pending.hasNext()) {
                current = pending.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            Object next = take();
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable failure) {
                ended = true;
                throw failure instanceof IOException io ? io : new IOException(failure);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) next;
            pending = buffers.iterator();
            subscription.request(1);
        }
        int count = Math.min(length, current.remaining());
        current.get(target, offset, count);
        return count;
    }

    private Object take() throws IOException {
        Object next;
        try {
            next = arrived.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the upstream", e);
        }
        if (next == null) {
            ended = true;
            cancel();
            throw new IOException("the upstream sent nothing for " + idleTimeout);
        }
        return next;
    }

    @Override
    public void close() {
        closed = true;
        if (!ended) {
            ended = true;
            cancel();
        }
    }

    private void cancel() {
        Flow.Subscription subscribed = subscription;
        if (subscribed != null) {
            subscribed.cancel();
        }
    }
}
