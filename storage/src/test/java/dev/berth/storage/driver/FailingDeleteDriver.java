package dev.berth.storage.driver;

/**
 * A real driver whose next delete under a chosen prefix fails, standing in for a process that
 * dies between two storage steps (a crash cannot be placed that precisely otherwise).
 */
public final class FailingDeleteDriver extends ForwardingDriver {
    private final String failingPrefix;
    private boolean failed;

    public FailingDeleteDriver(StorageDriver real, String failingPrefix) {
        super(real);
        this.failingPrefix = failingPrefix;
    }

    @Override
    public void delete(String path) {
        if (!failed && path.startsWith(failingPrefix)) {
            failed = true;
            throw new StorageFailureException("simulated crash before deleting " + path, null);
        }
        real.delete(path);
    }
}
