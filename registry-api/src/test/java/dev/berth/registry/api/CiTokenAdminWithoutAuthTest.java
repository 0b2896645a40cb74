package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.json;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With auth off the CI token admin API answers as if it did not exist: anyone could call it, and a
 * token made then would become a password the day auth is turned on.
 */
class CiTokenAdminWithoutAuthTest extends RegistryApiTest {

    @Test
    void noTokenCanBeMadeListedOrRevoked() {
        assertStatus(registry.post("/api/admin/tokens", json(Map.of("name", "ci-bot", "expiresIn", "1h")),
                "Content-Type", "application/json"), 404);
        assertStatus(registry.get("/api/admin/tokens"), 404);
        assertStatus(registry.delete("/api/admin/tokens/0123456789abcdef"), 404);
    }
}
