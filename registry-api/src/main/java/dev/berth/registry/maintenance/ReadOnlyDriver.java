package dev.berth.registry.maintenance;

import dev.berth.registry.access.ReadOnlyMode;
import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.ForwardingDriver;
import dev.berth.storage.driver.StorageDriver;

/**
 * The registry's data as seen in read-only mode: every read passes, every change is refused with
 * the read-only error. The web filter refuses pushes and deletes up front with a clear answer; this
 * makes sure no other path (a housekeeping job, a code path nobody thought of) changes the store.
 */
public final class ReadOnlyDriver extends ForwardingDriver {

    public ReadOnlyDriver(StorageDriver driver) {
        super(driver);
    }

    @Override
    public void write(String path, byte[] content) {
        throw ReadOnlyMode.refusal();
    }

    @Override
    public void delete(String path) {
        throw ReadOnlyMode.refusal();
    }

    @Override
    public void deleteFile(String path) {
        throw ReadOnlyMode.refusal();
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        throw ReadOnlyMode.refusal();
    }

    @Override
    public void publish(String source, String target) {
        throw ReadOnlyMode.refusal();
    }
}
