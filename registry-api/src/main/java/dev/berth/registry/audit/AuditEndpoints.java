package dev.berth.registry.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.registry.route.OciStatusException;
import dev.berth.storage.audit.AuditCursor;
import dev.berth.storage.audit.AuditPage;
import dev.berth.storage.audit.AuditQuery;
import dev.berth.storage.audit.AuditReader;
import dev.berth.storage.audit.AuditRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API: {@code GET /api/admin/audit?repository=&user=&since=&until=&n=&last=}, the records of
 * every replica newest first. {@code since}/{@code until} are ISO-8601 instants, {@code n} a page
 * (default 50, at most 200), {@code last} the {@code next} of the previous page. Only admins reach
 * it: the access filter guards all of {@code /api/admin/}. Records past the retention are not
 * shown even before their day is removed.
 */
@RestController
@RequestMapping("/api/admin/audit")
public class AuditEndpoints {
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    private final AuditReader reader;
    private final AuditProperties properties;
    private final Clock clock;

    AuditEndpoints(AuditReader reader, AuditProperties properties) {
        this.reader = reader;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** A page; {@code next} is absent when there is no more, and may come with fewer than {@code n} records. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<AuditRecord> records, String next) {
    }

    @GetMapping
    public Page page(@RequestParam(required = false) String repository, @RequestParam(required = false) String user,
                     @RequestParam(required = false) String since, @RequestParam(required = false) String until,
                     @RequestParam(required = false) Integer n, @RequestParam(required = false) String last) {
        int limit = n == null ? DEFAULT_PAGE : n;
        if (limit < 1 || limit > MAX_PAGE) {
            throw OciStatusException.badParameter("n must be between 1 and " + MAX_PAGE);
        }
        Instant oldest = clock.instant().minus(properties.retention());
        Instant from = instant("since", since);
        from = from == null || from.isBefore(oldest) ? oldest : from;
        AuditCursor after = null;
        if (last != null && !last.isEmpty()) {
            after = AuditCursor.parse(last).orElseThrow(
                    () -> OciStatusException.badParameter("last must be the next of an earlier page"));
        }
        AuditPage page = reader.page(new AuditQuery(from, instant("until", until), blankToNull(repository),
                blankToNull(user), limit, after));
        return new Page(page.records(), page.next().map(AuditCursor::format).orElse(null));
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw OciStatusException.badParameter(name + " must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
