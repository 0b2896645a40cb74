package dev.berth.registry.remote;

/**
 * A request to another registry that did not do what was asked, with the HTTP status when there
 * was one (0: no answer at all).
 */
public final class RemoteFailure extends RuntimeException {
    private final int status;

    public RemoteFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    public RemoteFailure(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }

    /** Whether trying again later may help: no answer, a 5xx, rate limiting. */
    public boolean mayPassLater() {
        return status == 0 || status == 429 || status >= 500;
    }
}
