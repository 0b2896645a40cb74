package dev.berth.storage.manifest;

import dev.berth.oci.Digest;

/** A manifest as stored: its digest, its media type and its exact bytes. */
public record StoredManifest(Digest digest, String mediaType, byte[] content) {
}
