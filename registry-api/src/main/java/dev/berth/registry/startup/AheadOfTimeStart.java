package dev.berth.registry.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aot.AotDetector;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.SpringProperties;

/**
 * Starts the server on the bean definitions Spring AOT generated when the jar was built, which takes
 * about a quarter off start-up, but only when this start's settings choose the same beans as the
 * build's; otherwise the context is built the usual way and the log says which setting differed.
 * {@code -Dspring.aot.enabled=false} turns it off. Registered in {@code META-INF/spring.factories};
 * it runs once the settings are known and before the context is made.
 */
public class AheadOfTimeStart implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {
    private static final Log log = LogFactory.getLog(AheadOfTimeStart.class);

    /** Before the server starts: generated definitions are the default when the build made them. */
    public static void preferGeneratedBeans() {
        boolean chosenByUser = System.getProperty(AotDetector.AOT_ENABLED) != null;
        boolean processingAtBuild = Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
        if (!chosenByUser && !processingAtBuild && recordedAtBuild() != null) {
            SpringProperties.setFlag(AotDetector.AOT_ENABLED);
        }
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        String recorded = recordedAtBuild();
        if (recorded == null) {
            return; // asked for by hand on a jar built without them: Spring says so itself
        }
        String reason = event.getSpringApplication().getWebApplicationType() != WebApplicationType.SERVLET
                ? "a command runs without the web server they were made for"
                : BeanChoosingSettings.of(event.getEnvironment()).firstDifferenceFrom(BeanChoosingSettings.read(recorded));
        if (reason != null) {
            SpringProperties.setProperty(AotDetector.AOT_ENABLED, "false");
            log.info("Not using the bean definitions made at build time (a slower start): " + reason);
        }
    }

    /** After the settings are loaded and logging is set up (both at a higher precedence). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static String recordedAtBuild() {
        try (InputStream in = AheadOfTimeStart.class.getClassLoader().getResourceAsStream(BeanChoosingSettings.RESOURCE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
