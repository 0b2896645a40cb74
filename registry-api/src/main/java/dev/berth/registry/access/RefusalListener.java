package dev.berth.registry.access;

import dev.berth.oci.OciException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Hears every OCI error the one error mapping renders, so a feature that keeps a record of
 * refusals (the audit trail) needs none of the mapping's classes, nor it of theirs.
 */
public interface RefusalListener {

    void answered(HttpServletRequest request, OciException error);
}
