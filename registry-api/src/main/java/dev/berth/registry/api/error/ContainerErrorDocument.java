package dev.berth.registry.api.error;

import dev.berth.oci.ErrorCode;
import dev.berth.registry.route.DistributionHeaders;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;

/**
 * The OCI error document for a failure the container or framework answered before (or instead of)
 * an endpoint: which code a status means there, and the headers every /v2/ error carries.
 */
final class ContainerErrorDocument {
    private ContainerErrorDocument() {
    }

    /**
     * The code for a failed request under /v2/. A body that broke off is an invalid upload or
     * manifest; otherwise the status is all that is known.
     */
    static ErrorCode codeFor(int status, String method, String path) {
        if ((status == 400 || status == 408) && path != null && ("PUT".equals(method) || "PATCH".equals(method) || "POST".equals(method))) {
            if (path.contains("/blobs/uploads")) {
                return ErrorCode.BLOB_UPLOAD_INVALID;
            }
            if (path.contains("/manifests/")) {
                return ErrorCode.MANIFEST_INVALID;
            }
        }
        return ErrorStatus.codeFor(status);
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "the request could not be read: malformed, cut short, or with values that are not allowed";
            case 404 -> "no such endpoint";
            case 405 -> "the method is not supported here";
            case 413 -> "the request is too large";
            case 414 -> "the URL is too long";
            case 431 -> "the request headers are too large";
            case 501 -> "not implemented";
            case 505 -> "HTTP version not supported";
            default -> status >= 500 ? "internal error; try again later" : "the request was refused";
        };
    }

    /** Whether a request path (null when the request line could not be read) belongs to the API. */
    static boolean isApiPath(String path) {
        return path == null || path.isEmpty() || path.equals("/v2") || path.startsWith("/v2/");
    }

    /** Sets the headers; the caller writes {@link #json} to the body. */
    static void prepare(HttpServletResponse response, ErrorCode code) {
        response.setHeader(DistributionHeaders.API_VERSION, DistributionHeaders.API_VERSION_VALUE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (ErrorStatus.asksToRetry(code) && response.getHeader("Retry-After") == null) {
            response.setHeader("Retry-After", ErrorStatus.DEFAULT_RETRY_AFTER);
        }
    }

    /** Written by hand: the container's valve runs outside Spring and has no JSON mapper. */
    static void write(Writer writer, ErrorCode code, String message) throws IOException {
        writer.write("{\"errors\":[{\"code\":\"" + code.name() + "\",\"message\":\"" + message.replace("\"", "'")
                + "\"}]}");
        writer.flush();
    }
}
