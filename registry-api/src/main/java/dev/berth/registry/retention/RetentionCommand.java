package dev.berth.registry.retention;

import dev.berth.storage.retention.RetentionReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The jar's {@code retention [--dry-run]}: the configured policies, run once against the configured storage. */
@Component
public class RetentionCommand {
    public static final String NAME = "retention";

    private final Retention retention;

    public RetentionCommand(Retention retention) {
        this.retention = retention;
    }

    /** Returns the process exit code: 0 done, 2 bad usage. */
    public int run(List<String> args, PrintStream out) {
        List<String> flags = args.subList(1, args.size());
        if (!Set.of("--dry-run").containsAll(flags)) {
            out.println("usage: java -jar berth.jar retention [--dry-run]");
            return 2;
        }
        RetentionReport report = retention.run(flags.contains("--dry-run"));
        String verb = report.dryRun() ? "would remove " : "removed ";
        report.removals().forEach(removal -> out.println(verb + (removal.tag() != null
                ? "tag " + removal.repository() + ":" + removal.tag() + " (" + removal.digest() + ")"
                : "manifest " + removal.repository() + "@" + removal.digest()) + ": " + removal.reason()));
        report.protectedTags().forEach(kept -> out.println("kept protected tag " + kept.repository() + ":" + kept.tag()
                + " (" + kept.by() + ")"));
        out.println(report.summary());
        return 0;
    }
}
