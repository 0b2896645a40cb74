package dev.berth.registry;

import dev.berth.registry.cli.TokenCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

// No default in-memory user: it would log a generated password, and access is decided by dev.berth.auth.
@SpringBootApplication(scanBasePackages = "dev.berth", exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class BerthApplication {

    public static void main(String[] args) {
        if (TokenCommand.handles(args)) {
            System.exit(TokenCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(BerthApplication.class, args);
    }
}
