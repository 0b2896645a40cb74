package dev.berth.registry.route;

import dev.berth.oci.RepositoryName;

/** A distribution API route inside one repository. */
public sealed interface RepositoryRoute extends V2Route
        permits V2Route.Tags, V2Route.Manifest, V2Route.Blob, V2Route.Uploads, V2Route.Upload, V2Route.Referrers {

    RepositoryName name();

    /** The same route in another repository (a mirror's, for a request naming its upstream's). */
    RepositoryRoute withName(RepositoryName name);
}
