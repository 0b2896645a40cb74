package dev.berth.registry.browse;

import dev.berth.auth.access.CallerAccess;
import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.access.DeletePolicy;
import dev.berth.registry.browse.BrowseViews.ImageView;
import dev.berth.registry.browse.BrowseViews.RepositoryPage;
import dev.berth.registry.browse.BrowseViews.RepositoryRow;
import dev.berth.registry.browse.BrowseViews.RepositoryView;
import dev.berth.registry.browse.BrowseViews.SessionView;
import dev.berth.registry.browse.BrowseViews.TagRow;
import dev.berth.registry.browse.BrowseViews.TagTable;
import dev.berth.registry.browse.BrowseViews.UsageView;
import dev.berth.registry.content.ContentChange;
import dev.berth.registry.route.BrowseRoute;
import dev.berth.registry.route.OciStatusException;
import dev.berth.registry.route.QueryParameters;
import dev.berth.storage.Page;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.browse.RegistryBrowser;
import dev.berth.storage.browse.RepositorySummary;
import dev.berth.storage.browse.StorageUse;
import dev.berth.storage.browse.TagDetails;
import dev.berth.storage.quota.QuotaUsage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The browse API under {@code /api/}: repositories, tag tables, image details and storage use, as
 * JSON for the web UI and for scripts, and deletes (a tag, an image, a whole repository) through
 * the same storage operations and policy as the distribution API. Every question of who may see or
 * delete what goes to {@link RepositoryAccess}; a repository the caller may not see answers as if it
 * did not exist.
 */
@RestController
public class BrowseController {
    /** Repositories per page unless {@code n} says otherwise, and the most {@code n} may ask for. */
    static final int DEFAULT_PAGE = 50;
    static final int DEFAULT_TAG_PAGE = 100;
    /** Repositories with more manifests than this are shown without their size (see {@link #repository}). */
    static final int MAX_MANIFESTS_SIZED = 2_000;
    static final int MAX_PAGE = 200;

    private final RegistryStorage storage;
    private final RegistryBrowser browser;
    private final RepositoryAccess access;
    private final DeletePolicy deletePolicy;
    private final CallerAccess caller;
    private final ApplicationEventPublisher changes;

    public BrowseController(RegistryStorage storage, RepositoryAccess access, DeletePolicy deletePolicy,
                            CallerAccess caller, ApplicationEventPublisher changes) {
        this.changes = changes;
        this.storage = storage;
        this.browser = storage.browser();
        this.access = access;
        this.deletePolicy = deletePolicy;
        this.caller = caller;
    }

    @RequestMapping({"/api/**"})
    public ResponseEntity<?> handle(HttpServletRequest request) {
        String method = request.getMethod();
        BrowseRoute route = BrowseRoute.of(request);
        QueryParameters query = QueryParameters.parse(request.getQueryString());
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (route instanceof BrowseRoute.Repositories && read) {
            return ok(repositories(query));
        } else if (route instanceof BrowseRoute.Repository repository && read) {
            return ok(repository(repository.name()));
        } else if (route instanceof BrowseRoute.Repository repository && method.equals("DELETE")) {
            deleteRepository(repository.name(), request);
            return ResponseEntity.noContent().build();
        } else if (route instanceof BrowseRoute.Tags tags && read) {
            return ok(tags(tags.name(), query));
        } else if (route instanceof BrowseRoute.Manifest manifest && read) {
            return ok(image(manifest.name(), manifest.reference()));
        } else if (route instanceof BrowseRoute.Manifest manifest && method.equals("DELETE")) {
            deleteManifest(manifest.name(), manifest.reference(), request);
            return ResponseEntity.noContent().build();
        } else if (route instanceof BrowseRoute.Tag tag && method.equals("DELETE")) {
            deleteTag(tag.name(), tag.tag(), request);
            return ResponseEntity.noContent().build();
        } else if (route instanceof BrowseRoute.Usage && read) {
            return ok(usage());
        } else if (route instanceof BrowseRoute.Session && read) {
            return ok(new SessionView(caller.signedInAs().orElse(null), caller.signInOffered()));
        }
        throw new OciException(ErrorCode.UNSUPPORTED, "method " + method + " is not supported here");
    }

    /**
     * One page of the repositories the caller may see, matching the search. The names come from the
     * catalog's index (cached snapshot chunks), so counting the matches costs no per-repository read.
     */
    private RepositoryPage repositories(QueryParameters query) {
        String search = query.get("q").map(q -> q.trim().toLowerCase(Locale.ROOT)).filter(q -> !q.isEmpty()).orElse(null);
        int limit = limit(query, DEFAULT_PAGE);
        String last = query.get("last").filter(l -> !l.isEmpty()).orElse(null);
        List<String> page = new ArrayList<>();
        int total = 0;
        boolean more = false;
        for (String name : browser.repositories()) {
            if ((search != null && !name.contains(search)) || !access.canView(RepositoryName.of(name))) {
                continue;
            }
            total++;
            if (last == null || name.compareTo(last) > 0) {
                if (page.size() < limit) {
                    page.add(name);
                } else {
                    more = true;
                }
            }
        }
        List<RepositoryRow> rows = browser.summaries(page.stream().map(RepositoryName::of).toList()).stream()
                .map(RepositoryRow::of).toList();
        String next = more && !rows.isEmpty() ? rows.get(rows.size() - 1).name() : null;
        return new RepositoryPage(rows, total, next);
    }

    private RepositoryView repository(RepositoryName name) {
        requireVisible(name);
        RepositorySummary summary = browser.summary(name);
        long manifests = storage.manifests().count(name);
        if (manifests > MAX_MANIFESTS_SIZED) {
            // Sizing reads every manifest; past this many the page would wait for it.
            return new RepositoryView(name.value(), summary.tagCount(), BrowseViews.millis(summary.lastPushed()),
                    null, null, (int) manifests, mayDelete(name));
        }
        StorageUse.RepositoryUse use = browser.use(List.of(name)).repositories().get(0);
        return new RepositoryView(name.value(), summary.tagCount(), BrowseViews.millis(summary.lastPushed()),
                use.size(), use.blobs(), use.manifests(), mayDelete(name));
    }

    private TagTable tags(RepositoryName name, QueryParameters query) {
        requireVisible(name);
        int limit = limit(query, DEFAULT_TAG_PAGE);
        Page<TagDetails> page = browser.tags(name, query.get("last").filter(l -> !l.isEmpty()).orElse(null), limit);
        List<TagRow> rows = page.items().stream().map(TagRow::of).toList();
        String next = page.hasMore() && !rows.isEmpty() ? rows.get(rows.size() - 1).name() : null;
        return new TagTable(name.value(), mayDelete(name), rows, next);
    }

    private ImageView image(RepositoryName name, String reference) {
        requireVisible(name);
        return ImageView.of(name.value(), browser.image(name, Reference.parse(reference)), mayDelete(name));
    }

    private UsageView usage() {
        List<RepositoryName> visible = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (String name : browser.repositories()) {
            if (access.canView(RepositoryName.of(name))) {
                visible.add(RepositoryName.of(name));
            } else {
                hidden.add(name);
            }
        }
        // A quota's usage sums its repositories, so it is shown only to callers who may see them all.
        List<QuotaUsage> quotas = storage.quotas().usage().stream()
                .filter(usage -> hidden.stream().noneMatch(usage.quota()::covers))
                .toList();
        return UsageView.of(browser.use(visible), quotas);
    }

    /** Removes the tag only, as {@code DELETE /v2/<name>/manifests/<tag>} does. */
    private void deleteTag(RepositoryName name, String tag, HttpServletRequest request) {
        requireDeletable(name);
        Reference reference = new Reference.ByTag(new Tag(tag));
        Digest tagged = storage.tags().resolve(name, new Tag(tag)).orElse(null);
        storage.manifests().delete(name, reference);
        changes.publishEvent(new ContentChange.ManifestDeleted(request, name, reference, tagged));
    }

    /** Removes the manifest and every tag pointing at it, as {@code DELETE /v2/<name>/manifests/<digest>} does. */
    private void deleteManifest(RepositoryName name, String reference, HttpServletRequest request) {
        Reference parsed = Reference.parse(reference);
        if (!(parsed instanceof Reference.ByDigest)) {
            throw new OciException(ErrorCode.DIGEST_INVALID,
                    "an image is deleted by digest; to remove only a tag, DELETE /api/repositories/" + name + "/-/tags/"
                            + reference);
        }
        requireDeletable(name);
        storage.manifests().delete(name, parsed);
        changes.publishEvent(new ContentChange.ManifestDeleted(request, name, parsed, null));
    }

    /**
     * Removes the repository's tags, manifests and blob links (blobs are freed by garbage collection),
     * with a delete event for each manifest, as deleting each by digest would send.
     */
    private void deleteRepository(RepositoryName name, HttpServletRequest request) {
        requireDeletable(name);
        changes.publishEvent(new ContentChange.RepositoryDeleted(request, name,
                storage.manifests().deleteRepository(name)));
    }

    private void requireVisible(RepositoryName name) {
        if (!access.canView(name) || !browser.exists(name)) {
            throw new OciException(ErrorCode.NAME_UNKNOWN, "repository name not known to registry",
                    Map.of("name", name.value()));
        }
    }

    private void requireDeletable(RepositoryName name) {
        requireVisible(name);
        if (!access.canDelete(name)) {
            throw new OciException(ErrorCode.DENIED, "you may not delete from repository " + name,
                    Map.of("name", name.value()));
        }
        deletePolicy.requireEnabled();
    }

    private boolean mayDelete(RepositoryName name) {
        return deletePolicy.enabled() && access.canDelete(name);
    }

    private static int limit(QueryParameters query, int defaultPage) {
        String n = query.get("n").orElse("");
        if (n.isEmpty()) {
            return defaultPage;
        }
        try {
            int limit = Integer.parseInt(n);
            if (limit < 0) {
                throw new NumberFormatException();
            }
            return Math.min(limit, MAX_PAGE);
        } catch (NumberFormatException e) {
            throw OciStatusException.badParameter("n must be a whole number from 0 to " + MAX_PAGE);
        }
    }

    private static <T> ResponseEntity<T> ok(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(body);
    }
}
