package dev.berth.storage.driver.memory;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageDriverContract;

class MemoryDriverTest extends StorageDriverContract {

    @Override
    protected StorageDriver createDriver() {
        return new MemoryDriver();
    }
}
