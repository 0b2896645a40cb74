package dev.berth.registry.startup;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a start-up failure a person caused (a bad setting, a taken port) as the two lines of
 * {@link InvalidSettingException}, with the stack trace at debug level only. Anything else is left to
 * Spring Boot's failure analysis. Registered in {@code META-INF/spring.factories}, ahead of it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StartupFailureReporter implements SpringBootExceptionReporter {
    private static final Logger log = LoggerFactory.getLogger(StartupFailureReporter.class);

    // Spring Boot creates reporters with the context (which may be null this early) as the argument.
    public StartupFailureReporter(ConfigurableApplicationContext context) {
    }

    @Override
    public boolean reportException(Throwable failure) {
        Optional<InvalidSettingException> setting = explain(failure);
        if (setting.isEmpty()) {
            return false;
        }
        log.error(setting.get().explanation());
        log.debug("start-up failure", failure);
        return true;
    }

    /** The failure as a setting a person can fix, when it is one. */
    public static Optional<InvalidSettingException> explain(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return Optional.of(invalid);
            }
            if (cause instanceof PortInUseException inUse) {
                return Optional.of(new InvalidSettingException("server.port", String.valueOf(inUse.getPort()),
                        "the port is already in use",
                        "stop what listens there (ss -ltnp 'sport = :" + inUse.getPort()
                                + "'), or choose another port, e.g. --server.port=5001"));
            }
        }
        return Optional.empty();
    }
}
