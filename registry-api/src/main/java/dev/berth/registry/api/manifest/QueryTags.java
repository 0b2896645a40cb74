package dev.berth.registry.api.manifest;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Tag;
import dev.berth.registry.route.OciStatusException;
import dev.berth.registry.route.QueryParameters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The {@code tag} query parameters of a manifest push ({@code PUT .../manifests/<digest>?tag=a&tag=b},
 * distribution-spec after v1.1.1), all validated before anything is stored. The spec asks for at
 * least ten; more than {@link #MAX_TAGS} is refused with 413.
 */
final class QueryTags {
    static final String OCI_TAG = "OCI-Tag";
    static final int MAX_TAGS = 100;

    private QueryTags() {
    }

    static List<Tag> of(QueryParameters query) {
        List<String> values = query.all("tag");
        if (values.size() > MAX_TAGS) {
            throw new OciStatusException(ErrorCode.MANIFEST_INVALID, HttpStatus.PAYLOAD_TOO_LARGE,
                    "at most " + MAX_TAGS + " tag parameters per push", Map.of("tags", values.size()));
        }
        List<Tag> tags = new ArrayList<>();
        for (String value : new LinkedHashSet<>(values)) {
            try {
                tags.add(new Tag(value));
            } catch (OciException invalid) {
                throw new OciException(ErrorCode.MANIFEST_INVALID, invalid.getMessage(), Map.of("tag", value));
            }
        }
        return tags;
    }
}
