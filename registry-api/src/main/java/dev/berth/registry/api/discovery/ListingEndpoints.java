package dev.berth.registry.api.discovery;

import dev.berth.auth.access.CallerAccess;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.route.PathValue;
import dev.berth.registry.route.QueryParameters;
import dev.berth.storage.Page;
import dev.berth.storage.RegistryStorage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
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
        Pagination pagination = Pagination.from(QueryParameters.parse(request.getQueryString()));
        Page<String> page = pagination.limit() == null ? Page.of(storage.tags().list(name), null, pagination.last())
                : storage.tags().page(name, pagination.last(), pagination.limit());
        // A page with tags proves the repository exists; only an empty one needs the slower check.
        if (page.items().isEmpty() && !storage.catalog().exists(name)) {
            throw new OciException(ErrorCode.NAME_UNKNOWN, "repository name not known to registry",
                    Map.of("name", name.value()));
        }
        HttpHeaders headers = new HttpHeaders();
        pagination.addNextLink(headers, "/v2/" + name + "/tags/list", page);
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(new TagList(name.value(), page.items()));
    }

    public ResponseEntity<RepositoryList> catalog(HttpServletRequest request) {
        Pagination pagination = Pagination.from(QueryParameters.parse(request.getQueryString()));
        Page<String> page = visiblePage(pagination);
        HttpHeaders headers = new HttpHeaders();
        pagination.addNextLink(headers, "/v2/_catalog", page);
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(new RepositoryList(page.items()));
    }

    /**
     * The next page of repositories the caller may pull: the catalog must not reveal the others.
     * Index pages are read until the page is full, so a caller who sees few repositories still
     * gets whole pages.
     */
    private Page<String> visiblePage(Pagination pagination) {
        int wanted = pagination.limit() == null ? Integer.MAX_VALUE : pagination.limit();
        List<String> visible = new ArrayList<>();
        String last = pagination.last();
        while (true) {
            Page<String> page = storage.catalog().page(last, Math.max(1, Math.min(wanted - visible.size() + 1, 1000)));
            for (String name : page.items()) {
                if (access.mayList(RepositoryName.of(name))) {
                    if (visible.size() == wanted) {
                        return new Page<>(visible, true);
                    }
                    visible.add(name);
                }
            }
            if (!page.hasMore()) {
                return new Page<>(visible, false);
            }
            last = page.items().get(page.items().size() - 1);
        }
    }

    public ResponseEntity<ReferrersIndex> referrers(RepositoryName name, PathValue<Digest> digest,
                                                    HttpServletRequest request) {
        Digest subject = digest.get();
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
