package dev.berth.registry.maintenance;

import dev.berth.storage.gc.GcReport;
import dev.berth.storage.integrity.IntegrityReport;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: run housekeeping on demand. */
@RestController
@RequestMapping("/api/admin")
public class MaintenanceEndpoints {
    private final Maintenance maintenance;

    public MaintenanceEndpoints(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @PostMapping("/gc")
    public GcReport collectGarbage(@RequestParam(defaultValue = "false") boolean dryRun,
                                   @RequestParam(required = false) Boolean deleteUntagged) {
        return maintenance.collectGarbage(dryRun, deleteUntagged);
    }

    @ExceptionHandler(Maintenance.CollectionRunningException.class)
    public ResponseEntity<Map<String, String>> alreadyRunning(Maintenance.CollectionRunningException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    @PostMapping("/uploads/cleanup")
    public Map<String, Integer> removeAbandonedUploads() {
        return Map.of("removed", maintenance.removeAbandonedUploads());
    }

    @PostMapping("/check")
    public IntegrityReport checkIntegrity(@RequestParam(defaultValue = "false") boolean repair) {
        return maintenance.checkIntegrity(repair);
    }
}
