package dev.berth.auth.access;

import dev.berth.oci.RepositoryName;
import java.util.Optional;

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

    /** The name the caller signed in with; empty for callers without credentials and registries without users. */
    Optional<String> signedInAs();

    /** Whether the registry has users to sign in as ({@code registry.auth.mode} is not {@code none}). */
    boolean signInOffered();

    /** Whether the rules let the caller delete tags and manifests of the repository (the web UI's delete buttons). */
    boolean mayDelete(RepositoryName name);
}
