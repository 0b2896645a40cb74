package dev.berth.storage.gc;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.util.Set;

/** What one repository keeps (manifests and the blobs they name), and the manifests nothing keeps. */
record RepositoryMark(RepositoryName name, Set<Digest> keptContent, Set<Digest> unusedManifests) {
}
