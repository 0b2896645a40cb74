package dev.berth.auth.token;

import dev.berth.auth.access.ResourceScope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code access} claim of a registry token: {@code [{"type","name","actions":[...]}]}. */
final class AccessClaim {
    static final String NAME = "access";

    private AccessClaim() {
    }

    static List<Map<String, Object>> write(List<ResourceScope> granted) {
        List<Map<String, Object>> claim = new ArrayList<>();
        for (ResourceScope scope : granted) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", scope.type());
            entry.put("name", scope.name());
            entry.put("actions", orderedActions(scope));
            claim.add(entry);
        }
        return claim;
    }

    private static List<String> orderedActions(ResourceScope scope) {
        String text = scope.toString();
        return List.of(text.substring(text.lastIndexOf(':') + 1).split(","));
    }

    /** The scopes a token grants; empty when it has no access claim at all (an external token may not). */
    static Optional<List<ResourceScope>> read(Object claim) {
        if (!(claim instanceof List<?> entries)) {
            return Optional.empty();
        }
        List<ResourceScope> scopes = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("type") instanceof String type
                    && map.get("name") instanceof String name && map.get("actions") instanceof List<?> actions) {
                Set<String> names = new HashSet<>();
                actions.stream().filter(String.class::isInstance).map(String.class::cast).forEach(names::add);
                scopes.add(new ResourceScope(type, name, names));
            }
        }
        return Optional.of(scopes);
    }
}
