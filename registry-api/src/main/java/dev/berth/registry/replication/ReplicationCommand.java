package dev.berth.registry.replication;

import java.io.PrintStream;
import java.util.List;
import org.springframework.stereotype.Component;

/** The jar's {@code replicate <rule>}: runs the rule once against the configured storage; non-zero on any failure. */
@Component
public class ReplicationCommand {
    public static final String NAME = "replicate";

    private final Replication replication;

    public ReplicationCommand(Replication replication) {
        this.replication = replication;
    }

    /** Returns the process exit code: 0 all copied, 1 some item failed, 2 bad usage or unknown rule. */
    public int run(List<String> args, PrintStream out) {
        if (args.size() != 2) {
            out.println("usage: java -jar berth.jar replicate RULE");
            return 2;
        }
        if (!replication.has(args.get(1))) {
            out.println("berth: no replication rule is named '" + args.get(1) + "' (see registry.replication.rules)");
            return 2;
        }
        RunReport report = replication.run(args.get(1));
        report.failures().forEach(failure -> out.println("failed: " + failure));
        out.println(report.summary());
        return report.succeeded() ? 0 : 1;
    }
}
