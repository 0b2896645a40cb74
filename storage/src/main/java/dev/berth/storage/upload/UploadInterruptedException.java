package dev.berth.storage.upload;

/** The client's body ended early or failed; the upload stays at its last recorded offset. */
public class UploadInterruptedException extends RuntimeException {
    public UploadInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
