package dev.berth.storage.browse;

import java.util.List;

/**
 * Bytes kept for the manifests of a set of repositories and everything they reference.
 *
 * @param size                 distinct blobs, each counted once however many images and repositories share it
 * @param blobs                how many distinct blobs that is
 * @param sizeOfRepositories   the sum of every repository's own size: what the store would hold if
 *                             nothing were shared; the difference to {@code size} is what sharing saves
 * @param repositories         each repository, largest first
 */
public record StorageUse(long size, int blobs, long sizeOfRepositories, List<RepositoryUse> repositories) {

    /** One repository: its distinct blobs (manifests, configs, layers), counted once within it. */
    public record RepositoryUse(String name, long size, int blobs, int manifests) {
    }
}
