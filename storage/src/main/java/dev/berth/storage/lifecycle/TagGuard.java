package dev.berth.storage.lifecycle;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;

/** A policy asked before an existing tag is moved or deleted; it refuses by throwing. */
public interface TagGuard {
    TagGuard NONE = new TagGuard() {
        @Override
        public void beforeMove(RepositoryName name, Tag tag, Digest current, Digest next) {
        }

        @Override
        public void beforeDelete(RepositoryName name, Tag tag) {
        }
    };

    void beforeMove(RepositoryName name, Tag tag, Digest current, Digest next);

    void beforeDelete(RepositoryName name, Tag tag);
}
