package dev.berth.registry.retention;

import dev.berth.storage.retention.RetentionReport;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: {@code POST /api/admin/retention[?dryRun=true]} runs the policies; {@code GET} shows them and the last run. */
@RestController
@RequestMapping("/api/admin/retention")
public class RetentionEndpoints {
    private final Retention retention;

    public RetentionEndpoints(Retention retention) {
        this.retention = retention;
    }

    @PostMapping
    public RetentionReport run(@RequestParam(defaultValue = "false") boolean dryRun) {
        return retention.run(dryRun);
    }

    @GetMapping
    public Retention.Overview overview() {
        return retention.overview();
    }

    @ExceptionHandler(Retention.RunningException.class)
    public ResponseEntity<Map<String, String>> alreadyRunning(Retention.RunningException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}
