package dev.berth.registry.startup;

import dev.berth.auth.basic.HtpasswdFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.scheduling.support.CronExpression;

/**
 * Checks the settings people get wrong most, before any bean or the web server starts, so a mistake
 * ends start-up with {@link InvalidSettingException}'s two lines instead of a framework's stack trace
 * from deep inside. Registered in {@code META-INF/spring.factories}: it must run before the context.
 */
public class SettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
    private static final Set<String> DRIVERS = Set.of("filesystem", "s3", "memory");
    // Files the TLS setup reads; a missing one otherwise fails inside Tomcat's connector.
    private static final List<String> TLS_FILES = List.of("server.ssl.certificate", "server.ssl.certificate-private-key",
            "server.ssl.key-store", "server.ssl.trust-store");
    private static final String PEM_BUNDLES = "spring.ssl.bundle.pem.";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        checkPort(environment.getProperty("server.port"));
        checkDriver(environment.getProperty("registry.storage.driver"));
        checkCron(environment.getProperty("registry.gc.schedule"));
        checkHtpasswd(environment.getProperty("registry.auth.htpasswd-file"));
        QuotaSettings.check(environment);
        TLS_FILES.forEach(setting -> checkTlsFile(setting, environment.getProperty(setting)));
        pemBundleFiles(environment).forEach(setting -> checkTlsFile(setting, environment.getProperty(setting)));
    }

    private static void checkPort(String port) {
        if (port == null) {
            return;
        }
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("server.port", port, "not a port number",
                    "give a number from 1 to 65535 (0 picks a free port), e.g. --server.port=5000");
        }
        if (number < 0 || number > 65535) {
            throw new InvalidSettingException("server.port", port, "out of range",
                    "give a number from 1 to 65535 (0 picks a free port), e.g. --server.port=5000");
        }
    }

    private static void checkDriver(String driver) {
        if (driver != null && !DRIVERS.contains(driver)) {
            throw new InvalidSettingException("registry.storage.driver", driver, "unknown storage driver",
                    "use 'filesystem' (a folder, registry.storage.filesystem.root) or 's3' (registry.storage.s3.*); "
                            + "'memory' keeps everything in the heap until exit, for tests and trying out");
        }
    }

    private static void checkCron(String schedule) {
        if (schedule != null && !schedule.isBlank() && !CronExpression.isValidExpression(schedule)) {
            throw new InvalidSettingException("registry.gc.schedule", schedule, "not a cron expression",
                    "give Spring's six fields: second minute hour day month weekday, e.g. '0 0 3 * * *' for 03:00 daily");
        }
    }

    private static void checkHtpasswd(String file) {
        if (file == null || file.isBlank()) {
            return;
        }
        if (!Files.isReadable(Path.of(file))) {
            throw new InvalidSettingException("registry.auth.htpasswd-file", file, "no such readable file",
                    "create it with 'htpasswd -B -c " + file + " USER', or point the setting at the existing file");
        }
        try {
            HtpasswdFile.read(Path.of(file));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new InvalidSettingException("registry.auth.htpasswd-file", file, "unsupported hash: " + e.getMessage(),
                    "only bcrypt hashes are accepted; set the password again with 'htpasswd -B " + file + " USER'");
        }
    }

    private static void checkTlsFile(String setting, String location) {
        if (location == null || location.isBlank() || location.startsWith("classpath:")) {
            return;
        }
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        if (!Files.isReadable(Path.of(path))) {
            throw new InvalidSettingException(setting, location, "no such readable file",
                    "point it at the PEM (or key store) file, or leave TLS off by removing the setting");
        }
    }

    /**
     * The certificate and key files of PEM SSL bundles ({@code spring.ssl.bundle.pem.NAME.keystore.certificate}, ...)
     * given in files or arguments; names from environment variables are left to Spring's own error.
     */
    private static List<String> pemBundleFiles(ConfigurableEnvironment environment) {
        return environment.getPropertySources().stream()
                .filter(source -> source instanceof EnumerablePropertySource<?>)
                .flatMap(source -> Stream.of(((EnumerablePropertySource<?>) source).getPropertyNames()))
                .filter(name -> name.startsWith(PEM_BUNDLES) && (name.endsWith(".certificate") || name.endsWith(".private-key")))
                .distinct()
                .toList();
    }
}
