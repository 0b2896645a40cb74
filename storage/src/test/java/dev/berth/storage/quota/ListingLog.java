package dev.berth.storage.quota;

import dev.berth.storage.driver.ForwardingDriver;
import dev.berth.storage.driver.StorageDriver;
import java.util.ArrayList;
import java.util.List;

/** A real driver that remembers which folders were listed: how a test tells a lookup from a walk. */
final class ListingLog extends ForwardingDriver {
    private final List<String> listed = new ArrayList<>();

    ListingLog(StorageDriver real) {
        super(real);
    }

    @Override
    public synchronized List<String> list(String folder) {
        listed.add(folder);
        return real.list(folder);
    }

    synchronized List<String> listedSinceLastAsked() {
        List<String> folders = List.copyOf(listed);
        listed.clear();
        return folders;
    }
}
