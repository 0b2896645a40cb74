package dev.berth.registry.mirror;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.content.CachedRepositories;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.gc.CacheExpiry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Before each garbage collection, removes the cached manifests (and their tags) of mirrored
 * repositories that nobody pulled within their upstream's {@code expire-after}, so the sweep frees
 * their blobs. Upstreams without {@code expire-after} keep everything.
 */
@Component
public class MirrorExpiry implements CachedRepositories {
    private static final Logger log = LoggerFactory.getLogger(MirrorExpiry.class);

    private final RegistryStorage storage;
    private final MirrorRoutes routes;

    public MirrorExpiry(RegistryStorage storage, MirrorRoutes routes) {
        this.storage = storage;
        this.routes = routes;
    }

    @Override
    public boolean isCache(RepositoryName name) {
        return routes.mirrored(name).isPresent();
    }

    @Override
    public List<String> expire() {
        List<String> expired = new ArrayList<>();
        if (routes.upstreams().stream().allMatch(upstream -> upstream.expireAfter().isEmpty())) {
            return expired;
        }
        Instant now = storage.clock().instant();
        CacheExpiry expiry = new CacheExpiry(storage);
        for (String repository : storage.catalog().all()) {
            Optional<MirroredRepository> mirrored = routes.mirrored(RepositoryName.of(repository));
            mirrored.flatMap(m -> m.upstream().expireAfter()).ifPresent(age ->
                    expired.addAll(expiry.expire(mirrored.get().local(), now.minus(age), false)));
        }
        if (!expired.isEmpty()) {
            log.info("cache expiry removed {} manifests nobody pulled lately from mirrored repositories", expired.size());
        }
        return expired;
    }
}
