package dev.berth.registry.access;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.registry.config.RegistryProperties;
import org.springframework.stereotype.Component;

/**
 * Maintenance mode ({@code registry.read-only}): the registry serves what it has and changes
 * nothing. Refusals are {@code 405 UNSUPPORTED}, which docker prints with this message.
 */
@Component
public class ReadOnlyMode {
    public static final String MESSAGE = "registry is in read-only mode";

    private final boolean enabled;

    public ReadOnlyMode(RegistryProperties properties) {
        this.enabled = properties.readOnly();
    }

    public boolean enabled() {
        return enabled;
    }

    /** Throws the read-only refusal when the registry is read-only. */
    public void requireWritable() {
        if (enabled) {
            throw refusal();
        }
    }

    public static OciException refusal() {
        return new OciException(ErrorCode.UNSUPPORTED, MESSAGE);
    }
}
