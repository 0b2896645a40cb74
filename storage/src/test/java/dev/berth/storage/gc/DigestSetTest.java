package dev.berth.storage.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.storage.blob.BlobStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestSetTest {
    @Test
    void holdsEveryDigestAddedAndNoOtherThroughGrowth() {
        DigestSet set = new DigestSet();
        List<Digest> added = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            Digest digest = Digest.sha256(BlobStore.sha256(("blob " + i).getBytes()));
            added.add(digest);
            set.add(digest);
        }
        set.add(added.get(0));

        assertThat(added).allMatch(set::contains);
        assertThat(set.size()).isEqualTo(200_000);
        assertThat(set.contains(Digest.sha256(BlobStore.sha256("never added".getBytes())))).isFalse();
    }
}
