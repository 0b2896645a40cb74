package dev.berth.storage.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryCatalogTest {
    @TempDir
    Path root;
    StorageFixture fixture;
    RepositoryCatalog catalog;

    @BeforeEach
    void openStore() {
        fixture = new StorageFixture(root);
        catalog = fixture.storage().catalog();
    }

    @Test
    void emptyStoreHasNoRepositories() {
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void listsNestedRepositoriesSorted() {
        for (String name : new String[] {"team/x/y", "a/b", "b", "a"}) {
            fixture.upload(RepositoryName.of(name), ("content of " + name).getBytes(UTF_8));
        }

        assertThat(catalog.list()).containsExactly("a", "a/b", "b", "team/x/y");
    }

    @Test
    void ignoresARepositoryWithOnlyAnUpload() {
        fixture.upload(RepositoryName.of("real"), "x".getBytes(UTF_8));
        fixture.storage().uploads().start(RepositoryName.of("uploading/only"));

        assertThat(catalog.list()).containsExactly("real");
        assertThat(catalog.exists(RepositoryName.of("uploading/only"))).isFalse();
        assertThat(catalog.exists(RepositoryName.of("real"))).isTrue();
    }

    @Test
    void folderBetweenRepositoriesIsNotARepository() {
        fixture.upload(RepositoryName.of("team/x/y"), "x".getBytes(UTF_8));

        assertThat(catalog.exists(RepositoryName.of("team"))).isFalse();
        assertThat(catalog.exists(RepositoryName.of("team/x"))).isFalse();
        assertThat(catalog.exists(RepositoryName.of("team/x/y"))).isTrue();
    }
}
