package dev.berth.storage.driver.s3;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A kill -9 between two requests, which a test cannot time otherwise: once armed, the n-th request
 * still reaches S3 and takes effect, then the caller fails, and every later request fails before it
 * is sent, so no cleanup code of the "dead" process touches the store.
 */
final class ProcessDeath implements ExecutionInterceptor {
    private final AtomicInteger remaining = new AtomicInteger(Integer.MAX_VALUE);

    /** The process dies after its {@code n}-th request from now. */
    void afterRequests(int n) {
        remaining.set(n);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (remaining.get() <= 0) {
            throw new Died();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (remaining.decrementAndGet() == 0) {
            throw new Died();
        }
    }

    static final class Died extends RuntimeException {
        Died() {
            super("killed", null, false, false);
        }
    }
}
