package dev.berth.registry.api.discovery;

import dev.berth.auth.access.CallerAccess;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.api.Pagination;
import dev.berth.registry.api.QueryParameters;
import dev.berth.storage.Page;
import dev.berth.storage.RegistryStorage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** Content discovery: tag lists, the referrers of a manifest, and the repository catalog. */
@Component
public class ListingEndpoints {
    private final RegistryStorage storage;
    private final CallerAccess access;

    public ListingEndpoints(RegistryStorage storage, CallerAccess access) {
        this.storage = storage;
        this.access = access;
    }

    public ResponseEntity<TagList> tags(RepositoryName name, HttpServletRequest request) {
        if (!storage.catalog().exists(name)) {
            throw new OciException(ErrorCode.NAME_UNKNOWN, "repository name not known to registry",
                    Map.of("name", name.value()));
        }
        Pagination pagination = Pagination.from(QueryParameters.parse(request.getQueryString()));
        Page<String> page = pagination.apply(storage.tags().list(name));
        HttpHeaders headers = new HttpHeaders();
        pagination.addNextLink(headers, "/v2/" + name + "/tags/list", page);
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(new TagList(name.value(), page.items()));
    }

    public ResponseEntity<RepositoryList> catalog(HttpServletRequest request) {
        Pagination pagination = Pagination.from(QueryParameters.parse(request.getQueryString()));
        // Only what the caller may pull: the catalog must not reveal other repositories.
        List<String> visible = storage.catalog().list().stream()
                .filter(name -> access.mayList(RepositoryName.of(name)))
                .toList();
        Page<String> page = pagination.apply(visible);
        HttpHeaders headers = new HttpHeaders();
        pagination.addNextLink(headers, "/v2/_catalog", page);
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(new RepositoryList(page.items()));
    }

    public ResponseEntity<ReferrersIndex> referrers(RepositoryName name, String digestText, HttpServletRequest request) {
        Digest subject = Digest.parse(digestText);
        Optional<String> artifactType = QueryParameters.parse(request.getQueryString()).get("artifactType")
                .filter(type -> !type.isEmpty());
        List<Descriptor> found = storage.manifests().referrers(name, subject, artifactType.orElse(null));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(MediaTypes.OCI_INDEX));
        artifactType.ifPresent(type -> response.header("OCI-Filters-Applied", "artifactType"));
        return response.body(new ReferrersIndex(2, MediaTypes.OCI_INDEX, found));
    }

    public record TagList(String name, List<String> tags) {
    }

    public record RepositoryList(List<String> repositories) {
    }

    public record ReferrersIndex(int schemaVersion, String mediaType, List<Descriptor> manifests) {
    }
}
