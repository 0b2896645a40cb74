package dev.berth.storage.index;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two registries over one store, as replicas sharing a bucket: what one pushes or deletes is in the
 * other's tag list and catalog at once, though each caches index snapshots of its own.
 */
public abstract class ReplicaListsContract {
    private RegistryStorage one;
    private RegistryStorage two;

    protected abstract StorageDriver createDriver();

    @BeforeEach
    void twoReplicas() {
        StorageDriver driver = createDriver();
        one = new RegistryStorage(driver, Clock.systemUTC());
        two = new RegistryStorage(driver, Clock.systemUTC());
    }

    private Digest push(RegistryStorage storage, RepositoryName name, String tag) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"tag\":\"" + tag + "\"}").getBytes(UTF_8);
        Digest configDigest = storage.blobs().putSmall(config);
        storage.blobs().link(name, configDigest);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[]}";
        return storage.manifests().put(name, Reference.parse(tag), MediaTypes.OCI_MANIFEST, manifest.getBytes(UTF_8))
                .digest();
    }

    @Test
    void aTagPushedOrDeletedThroughOneReplicaIsInTheOthersListsAtOnce() {
        RepositoryName app = RepositoryName.of("team/app");
        push(one, app, "v1");
        assertThat(two.tags().page(app, null, 10).items()).containsExactly("v1");
        assertThat(two.catalog().page(null, 10).items()).containsExactly("team/app");

        push(two, app, "v2");
        Digest v3 = push(one, RepositoryName.of("team/other"), "v3");
        assertThat(one.tags().page(app, null, 10).items()).containsExactly("v1", "v2");
        assertThat(two.catalog().page(null, 10).items()).containsExactly("team/app", "team/other");

        one.manifests().delete(app, Reference.parse("v1"));
        assertThat(two.tags().page(app, null, 10).items()).containsExactly("v2");
        two.manifests().delete(RepositoryName.of("team/other"), new Reference.ByDigest(v3));
        assertThat(one.tags().page(RepositoryName.of("team/other"), null, 10).items()).isEmpty();
        assertThat(one.manifests().revisions(RepositoryName.of("team/other"))).isEmpty();
        assertThat(two.tags().stats(app).count()).isEqualTo(1);
    }
}
