package dev.berth.storage.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something a test can observe instead of sleeping a fixed time: asks again every
 * {@link #POLL} until it holds, and fails naming what it waited for once {@code timeout} is past.
 */
public final class Await {
    public static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** The first value {@code probe} yields; fails after {@code timeout}. */
    public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            pause(POLL);
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
