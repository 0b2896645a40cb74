package dev.berth.registry.api;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.registry.access.ReadOnlyRepositories;
import dev.berth.registry.api.blob.BlobEndpoints;
import dev.berth.registry.api.discovery.ListingEndpoints;
import dev.berth.registry.api.manifest.ManifestEndpoints;
import dev.berth.registry.api.upload.UploadEndpoints;
import dev.berth.registry.route.RepositoryRoute;
import dev.berth.registry.route.RoutedRequest;
import dev.berth.registry.route.V2Route;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Entry point of the distribution API: finds the endpoint a {@code /v2/} path and method address
 * and hands the request to it.
 */
@RestController
public class V2Controller {
    private final BlobEndpoints blobs;
    private final UploadEndpoints uploads;
    private final ManifestEndpoints manifests;
    private final ListingEndpoints listings;
    private final ReadOnlyRepositories readOnlyRepositories;

    public V2Controller(BlobEndpoints blobs, UploadEndpoints uploads, ManifestEndpoints manifests,
                        ListingEndpoints listings, ReadOnlyRepositories readOnlyRepositories) {
        this.blobs = blobs;
        this.uploads = uploads;
        this.manifests = manifests;
        this.listings = listings;
        this.readOnlyRepositories = readOnlyRepositories;
    }

    @RequestMapping({"/v2", "/v2/", "/v2/**"})
    public ResponseEntity<?> handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        V2Route route = RoutedRequest.of(request).orElseThrow().local();
        if (!isRead(method) && route instanceof RepositoryRoute inRepository) {
            readOnlyRepositories.refuseWrite(inRepository.name());
        }
        if (route instanceof V2Route.Base) {
            if (isRead(method)) {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of());
            }
        } else if (route instanceof V2Route.Catalog) {
            if (isRead(method)) {
                return listings.catalog(request);
            }
        } else if (route instanceof V2Route.Tags tags) {
            if (isRead(method)) {
                return listings.tags(tags.name(), request);
            }
        } else if (route instanceof V2Route.Referrers referrers) {
            if (isRead(method)) {
                return listings.referrers(referrers.name(), referrers.digest(), request);
            }
        } else if (route instanceof V2Route.Manifest manifest) {
            switch (method) {
                case "GET", "HEAD":
                    return manifests.fetch(manifest.name(), manifest.reference(), method.equals("GET"), request);
                case "PUT":
                    return manifests.put(manifest.name(), manifest.reference(), request);
                case "DELETE":
                    return manifests.delete(manifest.name(), manifest.reference(), request);
                default:
                    break;
            }
        } else if (route instanceof V2Route.Blob blob) {
            switch (method) {
                case "GET", "HEAD":
                    blobs.fetch(blob.name(), blob.digest(), method.equals("GET"), request, response);
                    return null;
                case "DELETE":
                    return blobs.delete(blob.name(), blob.digest(), request);
                default:
                    break;
            }
        } else if (route instanceof V2Route.Uploads upload) {
            if (method.equals("POST")) {
                return uploads.start(upload.name(), request);
            }
        } else if (route instanceof V2Route.Upload upload) {
            switch (method) {
                case "PATCH":
                    return uploads.patch(upload.name(), upload.id(), request);
                case "PUT":
                    return uploads.complete(upload.name(), upload.id(), request);
                case "GET":
                    return uploads.status(upload.name(), upload.id());
                case "DELETE":
                    return uploads.cancel(upload.name(), upload.id());
                default:
                    break;
            }
        }
        throw new OciException(ErrorCode.UNSUPPORTED, "method " + method + " is not supported here");
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

}
