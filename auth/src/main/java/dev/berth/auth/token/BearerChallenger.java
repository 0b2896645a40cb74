package dev.berth.auth.token;

import dev.berth.auth.AuthProperties;
import dev.berth.auth.access.RequiredAccess;
import dev.berth.auth.access.ResourceScope;
import dev.berth.auth.web.Challenger;
import dev.berth.auth.web.RegistryAccessFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Token mode: {@code Bearer realm="<token url>",service="<service>",scope="<exactly what the request needs>"}.
 * The realm defaults to this registry's own token endpoint at the address the client used.
 */
public final class BearerChallenger implements Challenger {
    private final AuthProperties.Token settings;

    public BearerChallenger(AuthProperties.Token settings) {
        this.settings = settings;
    }

    @Override
    public String challenge(HttpServletRequest request, RequiredAccess required, String error) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm(request))
                .append("\",service=\"").append(settings.service()).append('"');
        if (!required.scopes().isEmpty()) {
            challenge.append(",scope=\"").append(required.scopes().stream().map(ResourceScope::toString)
                    .collect(Collectors.joining(" "))).append('"');
        }
        if (error != null) {
            challenge.append(",error=\"").append(error).append('"');
        }
        return challenge.toString();
    }

    private String realm(HttpServletRequest request) {
        if (settings.realm() != null && !settings.realm().isBlank()) {
            return settings.realm();
        }
        return ServletUriComponentsBuilder.fromContextPath(request).path(RegistryAccessFilter.TOKEN_PATH)
                .replaceQuery(null).toUriString();
    }
}
