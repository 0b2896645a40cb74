package dev.berth.storage.retention;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.manifest.ManifestDocument;
import dev.berth.storage.manifest.ManifestStore;
import dev.berth.storage.manifest.TagStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the manifests of one repository that no tag reaches once the given tags are gone: not
 * tagged, not a child of a reached index, not a referrer (signature, SBOM) of a reached manifest.
 * Manifests written within the grace period stay: a client pushing an index pushes its children
 * untagged first.
 */
final class UntaggedSweep {
    private final TagStore tags;
    private final ManifestStore manifests;
    private final Duration grace;
    private final Instant now;

    UntaggedSweep(TagStore tags, ManifestStore manifests, Duration grace, Instant now) {
        this.tags = tags;
        this.manifests = manifests;
        this.grace = grace;
        this.now = now;
    }

    List<Digest> sweep(RepositoryName name, Set<String> goneTags) {
        Set<Digest> reached = new HashSet<>();
        Deque<Digest> queue = new ArrayDeque<>();
        for (String tag : tags.all(name)) {
            if (!goneTags.contains(tag)) {
                tags.resolve(name, new Tag(tag)).filter(reached::add).ifPresent(queue::add);
            }
        }
        while (!queue.isEmpty()) {
            Digest manifest = queue.poll();
            if (!manifests.contains(name, manifest)) {
                continue;
            }
            ManifestDocument document = manifests.document(manifest);
            document.manifestsOrEmpty().stream().map(Descriptor::parsedDigest).filter(reached::add).forEach(queue::add);
            manifests.referrersOf(name, manifest).stream().filter(reached::add).forEach(queue::add);
        }
        List<Digest> unreached = new ArrayList<>();
        for (Digest revision : manifests.allRevisions(name)) {
            if (!reached.contains(revision) && !recent(name, revision)) {
                unreached.add(revision);
            }
        }
        return unreached;
    }

    private boolean recent(RepositoryName name, Digest revision) {
        return manifests.pushedAt(name, revision)
                .map(written -> written.isAfter(now.minus(grace)))
                .orElse(true);
    }
}
