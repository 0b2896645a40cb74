package dev.berth.storage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageDriverContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemDriverTest extends StorageDriverContract {

    @TempDir
    Path root;

    @Override
    protected StorageDriver createDriver() {
        return new FilesystemDriver(root.resolve("store"));
    }

    @Test
    void pathsThatEscapeTheRootAreRefused() throws IOException {
        Files.writeString(root.resolve("outside"), "secret");

        assertThatThrownBy(() -> driver.read("../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.write("../x", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.delete("../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.list("a/../../")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.exists(root.resolve("outside").toString()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.publish("../outside", "x")).isInstanceOf(IllegalArgumentException.class);

        assertThat(root.resolve("x")).doesNotExist();
        assertThat(root.resolve("outside")).hasContent("secret");
    }

    @Test
    void deletingTheRootIsRefused() {
        driver.write("file", bytes("x"));

        assertThatThrownBy(() -> driver.delete("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.delete("a/..")).isInstanceOf(IllegalArgumentException.class);
        assertThat(driver.read("file")).isPresent();
    }

    @Test
    void writeLeavesNoTemporaryFileBehind() throws IOException {
        driver.write("folder/file", bytes("1"));
        driver.write("folder/file", bytes("2"));

        try (var files = Files.list(((FilesystemDriver) driver).root().resolve("folder"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("file");
        }
    }

    @Test
    void listHidesTemporaryFilesLeftBehindByACrashedWrite() throws IOException {
        driver.write("folder/file", bytes("x"));
        Path folder = ((FilesystemDriver) driver).root().resolve("folder");
        Files.writeString(folder.resolve(FilesystemDriver.TEMP_PREFIX + "0123"), "half written");

        assertThat(driver.list("folder")).containsExactly("file");
    }

    @Test
    void appendBeyondTheEndOfTheDataIsRefused() {
        driver.append("data", 0).close();

        assertThatThrownBy(() -> driver.append("data", 10))
                .isInstanceOf(dev.berth.storage.driver.StorageFailureException.class);
    }
}
