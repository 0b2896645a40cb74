package dev.berth.registry.api.discovery;

import dev.berth.registry.route.OciStatusException;
import dev.berth.registry.route.QueryParameters;
import dev.berth.storage.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/** The spec's {@code n} and {@code last} query parameters, and the {@code Link} header to the next page. */
public record Pagination(Integer limit, String last) {
    /**
     * The largest page served: a larger {@code n} gets this many and a {@code Link} to the rest, as
     * the spec allows, so no request makes the registry hold a whole large listing.
     */
    public static final int MAX_PAGE = 1000;

    public static Pagination from(QueryParameters query) {
        Integer limit = null;
        Optional<String> n = query.get("n");
        if (n.isPresent() && !n.get().isEmpty()) {
            try {
                limit = Integer.valueOf(n.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 0) {
                throw OciStatusException.badParameter("n must be a whole number, 0 or more");
            }
        }
        if (limit != null && limit > MAX_PAGE) {
            limit = MAX_PAGE;
        }
        return new Pagination(limit, query.get("last").filter(last -> !last.isEmpty()).orElse(null));
    }

    /** Adds {@code Link: <path?n=..&last=..>; rel="next"} when more items follow this page. */
    public void addNextLink(HttpHeaders headers, String path, Page<String> page) {
        if (page.hasMore() && !page.items().isEmpty()) {
            String last = page.items().get(page.items().size() - 1);
            headers.add(HttpHeaders.LINK, "<" + path + "?n=" + limit + "&last="
                    + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
    }
}
