package dev.berth.registry.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings under {@code registry.*}; README's configuration table documents each. */
@ConfigurationProperties("registry")
public record RegistryProperties(@DefaultValue Storage storage) {

    /**
     * @param driver where bytes live: {@code filesystem} (the default)
     */
    public record Storage(@DefaultValue("filesystem") String driver,
                          @DefaultValue Filesystem filesystem,
                          @DefaultValue Delete delete) {
    }

    /** @param root the folder that holds all registry data */
    public record Filesystem(@DefaultValue("./data") Path root) {
    }

    /** @param enabled whether clients may delete manifests, tags and blobs */
    public record Delete(@DefaultValue("true") boolean enabled) {
    }
}
