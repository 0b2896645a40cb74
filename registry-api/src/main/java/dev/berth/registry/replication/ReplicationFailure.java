package dev.berth.registry.replication;

/** A copy that did not complete, and whether trying again later may help. */
final class ReplicationFailure extends RuntimeException {
    private final boolean mayPassLater;

    ReplicationFailure(String message, boolean mayPassLater) {
        super(message);
        this.mayPassLater = mayPassLater;
    }

    boolean mayPassLater() {
        return mayPassLater;
    }
}
