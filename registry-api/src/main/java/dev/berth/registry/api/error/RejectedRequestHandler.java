package dev.berth.registry.api.error;

import dev.berth.oci.ErrorCode;
import dev.berth.registry.route.DistributionHeaders;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's firewall turns away paths that are not normalized ({@code a//b}, {@code a/./b},
 * {@code a/../b}) before any controller runs. Under {@code /v2/} such a path can only come from a
 * malformed repository name, so the client gets the spec's {@code NAME_INVALID} document and the
 * API version header rather than a generic error page. A method the firewall does not allow is
 * {@code 405 UNSUPPORTED}.
 */
@Component
public class RejectedRequestHandler implements RequestRejectedHandler {
    private final RequestRejectedHandler fallback = new HttpStatusRequestRejectedHandler();
    private final JsonMapper json;

    public RejectedRequestHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException, ServletException {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/v2/") || response.isCommitted()) {
            fallback.handle(request, response, rejected);
            return;
        }
        response.setHeader(DistributionHeaders.API_VERSION, DistributionHeaders.API_VERSION_VALUE);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (String.valueOf(rejected.getMessage()).contains("HTTP method")) {
            // A method the firewall does not know (FOO, CONNECT): not a bad name, an unsupported operation.
            response.setStatus(HttpStatus.METHOD_NOT_ALLOWED.value());
            json.writeValue(response.getOutputStream(), OciErrorBody.of(ErrorCode.UNSUPPORTED,
                    "the method is not supported here", null));
            return;
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        json.writeValue(response.getOutputStream(), OciErrorBody.of(ErrorCode.NAME_INVALID,
                "invalid repository name: the path has empty or dot segments or characters that are not allowed", null));
    }
}
