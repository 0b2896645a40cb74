package dev.berth.registry.fairness;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts each request on a virtual thread behind the requests already waiting for a carrier.
 *
 * <p>Tomcat reads a keep-alive connection's next request on the same thread when it has already
 * arrived, and a virtual thread is never preempted. With a few carriers (one per core), a handful
 * of busy connections could keep them while requests the poller handed over waited: under 64
 * connections of manifest GETs the slowest 1% took four times as long as Distribution's.
 * {@link Thread#yield()} sends this thread to the back of the scheduler's queue, so connections
 * take turns. Platform threads are preempted by the kernel and need no such help.
 */
final class TakeTurnsFilter extends OncePerRequestFilter {
    /** {@code Thread::isVirtual}, which Java 17 (the language level) does not have; null there. */
    private static final MethodHandle IS_VIRTUAL = isVirtual();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (onVirtualThread()) {
            Thread.yield();
        }
        chain.doFilter(request, response);
    }

    private static boolean onVirtualThread() {
        try {
            return IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static MethodHandle isVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException beforeJava21) {
            return null;
        }
    }
}
