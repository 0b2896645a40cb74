package dev.berth.registry.observability;

import dev.berth.storage.driver.ContentMissingException;
import java.io.IOException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Times storage operations as {@code berth.storage.operations} by operation, driver and outcome:
 * {@code success}, {@code missing} (the file was not there, a normal answer), {@code aborted} (a
 * copy to a client who went away: not the storage's fault) or {@code error}.
 */
final class StorageMeter {
    private final MeterRegistry registry;
    private final String driver;

    StorageMeter(MeterRegistry registry, String driver) {
        this.registry = registry;
        this.driver = driver;
    }

    <T> T time(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } catch (ContentMissingException e) {
            outcome = "missing";
            throw e;
        } catch (ClientGone e) {
            outcome = "aborted";
            throw e;
        } finally {
            Timer.builder("berth.storage.operations")
                    .description("storage driver operations by operation, driver and outcome")
                    .tag("operation", operation)
                    .tag("driver", driver)
                    .tag("outcome", outcome)
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    void time(String operation, Runnable call) {
        time(operation, () -> {
            call.run();
            return null;
        });
    }

    /** A copy that failed writing to the client, not reading from storage. */
    static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
