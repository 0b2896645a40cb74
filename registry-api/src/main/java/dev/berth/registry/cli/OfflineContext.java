package dev.berth.registry.cli;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Opens the application's context without its web server, for a command that runs once and exits.
 * The application passes it in, so commands need not know the application class.
 */
@FunctionalInterface
public interface OfflineContext {
    ConfigurableApplicationContext open(String[] settings);
}
