package dev.berth.auth.ci;

import dev.berth.auth.events.AuthEventListener;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The admin API for CI tokens. Only admins reach it (the access filter requires {@code admin} on
 * {@code **}); with auth off there are no users to give tokens to, so it answers as if it did not exist.
 * <ul>
 * <li>{@code POST /api/admin/tokens} {@code {"name","expiresIn":"30d","groups":[...]}}: 201 with the secret, shown once;</li>
 * <li>{@code GET /api/admin/tokens}: every token, without secrets;</li>
 * <li>{@code DELETE /api/admin/tokens/<id>}: revokes at once (204), 404 if there is no such token.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/admin/tokens")
public class CiTokenAdminController {
    private final CiTokenAdmin admin;
    private final List<AuthEventListener> listeners;
    private final boolean authOn;

    /**
     * Decided here rather than by a condition on the bean, so the bean definitions Spring AOT
     * generates at build serve every auth mode.
     */
    public CiTokenAdminController(CiTokenAdmin admin, ObjectProvider<AuthEventListener> listeners,
                                  @Value("${registry.auth.mode:none}") String mode) {
        this.admin = admin;
        this.listeners = listeners.orderedStream().toList();
        this.authOn = !mode.equalsIgnoreCase("none");
    }

    /** With auth off anyone could call it, and a token made then would be a password once auth is on. */
    private void requireAuthOn(HttpServletRequest http) throws NoResourceFoundException {
        if (!authOn) {
            throw new NoResourceFoundException(HttpMethod.valueOf(http.getMethod()), http.getRequestURI(),
                    http.getRequestURI());
        }
    }

    public record CreateRequest(String name, String expiresIn, List<String> groups) {
    }

    public record Created(String id, String name, List<String> groups, Instant createdAt, Instant expiresAt,
                          String secret) {
        @Override
        public String toString() {
            return "Created[id=" + id + ", name=" + name + "]";
        }
    }

    public record Listed(String id, String name, List<String> groups, Instant createdAt, Instant expiresAt,
                         boolean expired) {
    }

    @PostMapping
    public ResponseEntity<?> create(@RequestBody CreateRequest request, HttpServletRequest http)
            throws NoResourceFoundException {
        requireAuthOn(http);
        try {
            CiTokenStore.Created created = admin.create(request.name(), request.expiresIn(), request.groups());
            CiToken token = created.token();
            listeners.forEach(listener -> listener.ciTokenCreated(http, token));
            return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                    .header("Cache-Control", "no-store")
                    .body(new Created(token.id(), token.name(), token.groups(), token.createdAt(), token.expiresAt(),
                            created.secret().value()));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", e.getMessage()));
        }
    }

    @GetMapping
    public List<Listed> list(HttpServletRequest http) throws NoResourceFoundException {
        requireAuthOn(http);
        Instant now = Instant.now();
        return admin.list().stream().map(token -> new Listed(token.id(), token.name(), token.groups(),
                token.createdAt(), token.expiresAt(), token.expiredAt(now))).toList();
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable("id") String id, HttpServletRequest http)
            throws NoResourceFoundException {
        requireAuthOn(http);
        Optional<CiToken> token = admin.find(id);
        if (!admin.revoke(id)) {
            return ResponseEntity.notFound().build();
        }
        token.ifPresent(revoked -> listeners.forEach(listener -> listener.ciTokenRevoked(http, revoked)));
        return ResponseEntity.noContent().build();
    }
}
