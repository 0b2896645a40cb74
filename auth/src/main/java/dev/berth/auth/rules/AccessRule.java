package dev.berth.auth.rules;

import dev.berth.auth.access.Action;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One entry of {@code registry.auth.rules}: the {@code actions} on {@code repositories} (patterns
 * such as {@code team-a/**}) for the listed {@code users} ({@code *}: every authenticated user),
 * members of {@code groups}, and, with {@code anonymous}, callers without credentials.
 */
public record AccessRule(@DefaultValue List<String> repositories,
                         @DefaultValue List<String> users,
                         @DefaultValue List<String> groups,
                         boolean anonymous,
                         @DefaultValue List<Action> actions) {
}
