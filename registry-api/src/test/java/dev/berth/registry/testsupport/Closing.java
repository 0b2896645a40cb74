package dev.berth.registry.testsupport;

/** Tearing down what a test class started, in order, whatever fails along the way. */
public final class Closing {
    private Closing() {
    }

    /** Closes each in turn (nulls skipped); a failure to close one does not keep the others open. */
    public static void quietly(AutoCloseable... resources) {
        for (AutoCloseable each : resources) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception ignored) {
                // best effort: the next resource must still be closed
            }
        }
    }
}
