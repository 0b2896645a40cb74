package dev.berth.registry.audit;

import dev.berth.auth.web.AccessRefusal;
import dev.berth.auth.web.RegistryAccessFilter;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.registry.access.RefusalListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;

/**
 * Records each refused write once, asked by the one error mapping for every OCI error it renders:
 * {@code DENIED} (not allowed, an immutable tag, a quota), {@code UNAUTHORIZED} for credentials
 * that did not do, and a login throttle's {@code TOOMANYREQUESTS}. Not recorded: reads; the
 * {@code 401} challenge to a request that carried no credentials at all (every docker push begins
 * with one: it is the protocol asking who you are, not a refusal); a request whose failed sign-in
 * is recorded already; the token endpoint, whose failures are failed sign-ins.
 */
public final class RefusalAudit implements RefusalListener {
    private static final Set<String> WRITES = Set.of("PUT", "POST", "PATCH", "DELETE");

    private final AuditTrail trail;

    RefusalAudit(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void answered(HttpServletRequest request, OciException error) {
        if (!isRefusal(error) || !WRITES.contains(request.getMethod())
                || request.getAttribute(AuditTrail.SIGN_IN_FAILURE_RECORDED) != null
                || request.getRequestURI().endsWith(RegistryAccessFilter.TOKEN_PATH)) {
            return;
        }
        if (error.code() == ErrorCode.UNAUTHORIZED && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            return;
        }
        AuditTarget target = AuditTarget.of(request);
        String digest = target.digest();
        if (digest == null && error.detail() instanceof Map<?, ?> detail && detail.get("digest") != null) {
            digest = detail.get("digest").toString(); // what a refused push would have put there
        }
        trail.refused(request, target.repository(), target.reference(), digest,
                error.code() + ": " + error.getMessage());
    }

    private static boolean isRefusal(OciException error) {
        return switch (error.code()) {
            case DENIED, UNAUTHORIZED -> true;
            // Otherwise TOOMANYREQUESTS means "storage is down, come back": no one refused anything.
            case TOOMANYREQUESTS -> error instanceof AccessRefusal;
            default -> false;
        };
    }
}
