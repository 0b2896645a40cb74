package dev.berth.storage.quota;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.catalog.RepositoryCatalog;
import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured quotas over one store. Storage asks {@link #admit} before content becomes part of a
 * repository (an upload completes, a blob is mounted, a manifest is pushed) and tells it when a
 * repository lets go of content or garbage collection removes it; a push over a limit is refused
 * with {@link QuotaExceededException} before anything of it is visible.
 *
 * <p>A repository matching several quotas is held to each.
 */
public final class Quotas {
    private final List<QuotaScope> scopes;

    /** @param writable false for a store that must not be written (read-only mode): usage is read, never counted afresh */
    public Quotas(List<Quota> quotas, StorageDriver driver, RepositoryCatalog catalog, Clock clock, boolean writable) {
        ScopeContents contents = new ScopeContents(driver, catalog);
        List<QuotaScope> scopes = new ArrayList<>();
        for (Quota quota : quotas) {
            scopes.add(new QuotaScope(quota, driver, contents, clock, writable));
        }
        this.scopes = List.copyOf(scopes);
    }

    public List<Quota> quotas() {
        return scopes.stream().map(QuotaScope::quota).toList();
    }

    /**
     * Admits content of {@code size} bytes into the repository, charging each quota covering it
     * unless its scope holds the content already; refuses with {@link QuotaExceededException}, having
     * recorded nothing, when a quota would go past its limit.
     */
    public Charge admit(RepositoryName name, HeldAs kind, Digest digest, long size) {
        List<QuotaScope> recorded = new ArrayList<>();
        try {
            for (QuotaScope scope : covering(name)) {
                if (scope.charge(name, kind, digest, size)) {
                    recorded.add(scope);
                }
            }
        } catch (RuntimeException refused) {
            recorded.forEach(scope -> scope.release(name, kind, digest));
            throw refused;
        }
        return recorded.isEmpty() ? Charge.NONE : new Charge(name, kind, digest, recorded);
    }

    /** The repository no longer holds the digest that way (a blob unlinked, a manifest deleted). */
    public void released(RepositoryName name, HeldAs kind, Digest digest) {
        covering(name).forEach(scope -> scope.release(name, kind, digest));
    }

    /** Garbage collection removed the content: no repository holds it any more. */
    public void contentRemoved(Digest digest) {
        scopes.forEach(scope -> scope.contentRemoved(digest));
    }

    /** Each quota's usage now, in configuration order. */
    public List<QuotaUsage> usage() {
        return scopes.stream().map(scope -> new QuotaUsage(scope.quota(), scope.used())).toList();
    }

    /** Counts every quota's usage afresh from the repositories' links (a walk: repair, after garbage collection). */
    public List<QuotaUsage> recount() {
        return scopes.stream().map(scope -> new QuotaUsage(scope.quota(), scope.recount())).toList();
    }

    private List<QuotaScope> covering(RepositoryName name) {
        return scopes.stream().filter(scope -> scope.quota().covers(name.value())).toList();
    }
}
