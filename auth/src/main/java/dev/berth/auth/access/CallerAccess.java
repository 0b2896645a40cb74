package dev.berth.auth.access;

import dev.berth.oci.RepositoryName;

/**
 * Questions the web layer may ask about the current caller, for the few answers that shape a
 * response rather than refuse it. The auth module answers; endpoints never inspect credentials.
 */
public interface CallerAccess {

    /**
     * Whether a cross-repository mount may link a blob from {@code from} (null: from any repository,
     * which only an open registry allows, since it would copy blobs out of unreadable repositories).
     */
    boolean mayMountFrom(RepositoryName from);

    /** Whether the repository belongs in the caller's catalog: they may pull it. */
    boolean mayList(RepositoryName name);
}
