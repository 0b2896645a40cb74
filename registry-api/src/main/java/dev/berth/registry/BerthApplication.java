package dev.berth.registry;

import dev.berth.registry.cli.CommandLine;
import dev.berth.registry.cli.TokenCommand;
import dev.berth.registry.maintenance.MaintenanceCommand;
import dev.berth.registry.replication.ReplicationCommand;
import dev.berth.registry.retention.RetentionCommand;
import dev.berth.registry.startup.AheadOfTimeStart;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

// No default in-memory user: it would log a generated password, and access is decided by dev.berth.auth.
// No Tomcat session metrics: Berth keeps no sessions, and binding them started the platform MBean
// server (JMX, some 200 classes) at every start. No http_server_requests observation: it timed every
// request a second time beside berth_requests_seconds (bench/README.md, issue 16).
@SpringBootApplication(scanBasePackages = "dev.berth",
        exclude = {UserDetailsServiceAutoConfiguration.class, TomcatMetricsAutoConfiguration.class,
                WebMvcObservationAutoConfiguration.class})
@ConfigurationPropertiesScan
public class BerthApplication {

    public static void main(String[] args) {
        if (CommandLine.startsServer(args)) {
            serve(args.length > 0 && args[0].equals("serve") ? Arrays.copyOfRange(args, 1, args.length) : args);
            return;
        }
        int handled = CommandLine.handle(args, System.out, System.err);
        if (handled >= 0) {
            System.exit(handled);
        }
        if (TokenCommand.handles(args)) {
            System.exit(TokenCommand.run(args, System.out, System.err, BerthApplication::quietOffline));
        }
        if (args.length > 0 && (MaintenanceCommand.NAMES.contains(args[0]) || args[0].equals(RetentionCommand.NAME)
                || args[0].equals(ReplicationCommand.NAME))) {
            System.exit(runCommand(args));
        }
    }

    /** Starts the server; a failure has been reported (StartupFailureReporter) and ends the process with 1. */
    private static void serve(String[] settings) {
        AheadOfTimeStart.preferGeneratedBeans();
        try {
            SpringApplication.run(BerthApplication.class, settings);
        } catch (SpringApplication.AbandonedRunException e) {
            throw e; // how the build's Spring AOT step stops the context it has read; not a failure
        } catch (RuntimeException e) {
            System.exit(1);
        }
    }

    /** The application without its web server, logging only warnings: the command's output is what the user reads. */
    public static ConfigurableApplicationContext quietOffline(String[] settings) {
        return new SpringApplicationBuilder(BerthApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("logging.level.root=warn", "spring.main.banner-mode=off")
                .run(settings);
    }

    /** Runs a housekeeping command against the configured storage, without the web server. */
    private static int runCommand(String[] args) {
        List<String> command = List.of(args).stream().takeWhile(arg -> !arg.startsWith("--") || !arg.contains("=")).toList();
        String[] settings = List.of(args).stream().filter(arg -> arg.startsWith("--") && arg.contains("=")).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BerthApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.log-startup-info=false")
                .run(settings)) {
            return switch (command.get(0)) {
                case RetentionCommand.NAME -> context.getBean(RetentionCommand.class).run(command, System.out);
                case ReplicationCommand.NAME -> context.getBean(ReplicationCommand.class).run(command, System.out);
                default -> context.getBean(MaintenanceCommand.class).run(command, System.out);
            };
        }
    }
}
