package dev.berth.storage.driver;

/** The store could not do what was asked: disk full, permission denied, S3 unreachable. */
public class StorageFailureException extends RuntimeException {
    public StorageFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
