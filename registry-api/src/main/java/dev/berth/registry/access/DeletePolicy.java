package dev.berth.registry.access;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.registry.config.RegistryProperties;
import org.springframework.stereotype.Component;

/** Whether deletes are allowed ({@code registry.storage.delete.enabled}). */
@Component
public class DeletePolicy {
    private final boolean enabled;

    public DeletePolicy(RegistryProperties properties) {
        this.enabled = properties.storage().delete().enabled();
    }

    public boolean enabled() {
        return enabled;
    }

    public void requireEnabled() {
        if (!enabled) {
            throw new OciException(ErrorCode.UNSUPPORTED, "deletes are disabled on this registry");
        }
    }
}
