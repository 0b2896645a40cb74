package dev.berth.registry.replication;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API: {@code GET /api/admin/replication} shows each rule with its last run, totals, recent
 * failures and backlog; {@code POST /api/admin/replication/<rule>/run} runs one now and answers with
 * what the run did.
 */
@RestController
@RequestMapping("/api/admin/replication")
public class ReplicationEndpoints {
    private final Replication replication;

    public ReplicationEndpoints(Replication replication) {
        this.replication = replication;
    }

    @GetMapping
    public Map<String, List<Replication.RuleOverview>> overview() {
        return Map.of("rules", replication.overview());
    }

    @PostMapping("/{rule}/run")
    public RunReport run(@PathVariable String rule) {
        return replication.run(rule);
    }

    @ExceptionHandler(Replication.UnknownRuleException.class)
    public ResponseEntity<Map<String, String>> unknown(Replication.UnknownRuleException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }
}
