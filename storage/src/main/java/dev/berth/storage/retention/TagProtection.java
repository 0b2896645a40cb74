package dev.berth.storage.retention;

import dev.berth.oci.RepositoryName;
import java.util.Optional;

/**
 * Tags no policy may remove (immutable tags): asked before every removal. The answer names what
 * protects the tag, for the report.
 */
@FunctionalInterface
public interface TagProtection {
    /** Protects nothing: the default until immutable tags are configured. */
    TagProtection NONE = (name, tag) -> Optional.empty();

    Optional<String> protects(RepositoryName name, String tag);
}
