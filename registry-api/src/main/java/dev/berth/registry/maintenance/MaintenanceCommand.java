package dev.berth.registry.maintenance;

import dev.berth.storage.gc.GcReport;
import dev.berth.storage.integrity.IntegrityReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The jar's housekeeping commands, run against the configured storage without starting the server:
 * {@code gc [--dry-run] [--delete-untagged]} and {@code check [--repair]}.
 */
@Component
public class MaintenanceCommand {
    public static final Set<String> NAMES = Set.of("gc", "check");

    private final Maintenance maintenance;

    public MaintenanceCommand(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    /** Returns the process exit code: 0 done, 1 problems found, 2 bad usage. */
    public int run(List<String> args, PrintStream out) {
        String command = args.get(0);
        List<String> flags = args.subList(1, args.size());
        if (command.equals("gc") && Set.of("--dry-run", "--delete-untagged").containsAll(flags)) {
            GcReport report = maintenance.collectGarbage(flags.contains("--dry-run"),
                    flags.contains("--delete-untagged") ? Boolean.TRUE : null);
            report.manifests().forEach(manifest -> out.println((report.dryRun() ? "would remove manifest " : "removed manifest ") + manifest));
            report.blobs().forEach(blob -> out.println((report.dryRun() ? "would remove blob " : "removed blob ") + blob));
            out.println(report.summary());
            return 0;
        }
        if (command.equals("check") && Set.of("--repair").containsAll(flags)) {
            IntegrityReport report = maintenance.checkIntegrity(flags.contains("--repair"));
            report.problems().forEach(out::println);
            out.println(report.summary());
            return report.problems().size() > report.repaired() ? 1 : 0;
        }
        out.println("usage: java -jar berth.jar gc [--dry-run] [--delete-untagged] | check [--repair]");
        return 2;
    }
}
