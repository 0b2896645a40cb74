package dev.berth.storage.quota;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.util.List;

/**
 * What one push added to the quotas' records, so a push that fails after it was admitted (a blob
 * removed meanwhile, a store error) takes back exactly that and leaves earlier holdings alone.
 */
public final class Charge {
    static final Charge NONE = new Charge(null, null, null, List.of());

    private final RepositoryName name;
    private final HeldAs kind;
    private final Digest digest;
    private final List<QuotaScope> recordedIn;

    Charge(RepositoryName name, HeldAs kind, Digest digest, List<QuotaScope> recordedIn) {
        this.name = name;
        this.kind = kind;
        this.digest = digest;
        this.recordedIn = List.copyOf(recordedIn);
    }

    public void undo() {
        recordedIn.forEach(scope -> scope.release(name, kind, digest));
    }
}
