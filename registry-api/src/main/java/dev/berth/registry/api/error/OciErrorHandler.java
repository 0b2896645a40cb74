package dev.berth.registry.api.error;

import dev.berth.auth.web.AccessRefusal;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.registry.access.RefusalListener;
import dev.berth.registry.route.BrowseRoute;
import dev.berth.registry.route.ManifestBodyInterruptedException;
import dev.berth.registry.route.OciStatusException;
import dev.berth.registry.route.UploadHeaders;
import dev.berth.registry.route.V2Route;
import dev.berth.storage.driver.StorageFailureException;
import dev.berth.storage.manifest.ManifestTooLargeException;
import dev.berth.storage.upload.OutOfOrderChunkException;
import dev.berth.storage.upload.UploadInterruptedException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The one place where failures become OCI error responses. */
@RestControllerAdvice
public class OciErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(OciErrorHandler.class);

    private final RefusalListener refusals;

    public OciErrorHandler(RefusalListener refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(OutOfOrderChunkException.class)
    ResponseEntity<OciErrorBody> outOfOrder(OutOfOrderChunkException e, HttpServletRequest request) {
        HttpHeaders headers = UploadHeaders.forSession(request.getRequestURI(), e.status());
        // The session headers declare an empty body; this response carries the error document.
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        return respond(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers, e);
    }

    @ExceptionHandler(ManifestTooLargeException.class)
    ResponseEntity<OciErrorBody> tooLarge(ManifestTooLargeException e) {
        return respond(HttpStatus.PAYLOAD_TOO_LARGE, new HttpHeaders(), e);
    }

    @ExceptionHandler({V2Route.UnknownEndpointException.class, BrowseRoute.UnknownEndpointException.class})
    ResponseEntity<OciErrorBody> unknownEndpoint(OciException e) {
        return respond(HttpStatus.NOT_FOUND, new HttpHeaders(), e);
    }

    /** A path outside the API that nothing serves; without this the catch-all below would call it a 500. */
    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<OciErrorBody> noResource(NoResourceFoundException e) {
        return body(HttpStatus.NOT_FOUND, new HttpHeaders(),
                OciErrorBody.of(ErrorCode.UNSUPPORTED, "no such endpoint", null));
    }

    /**
     * Refused by the auth module: the challenge or {@code Retry-After} goes with the error. The web
     * UI marks its own requests ({@code X-Requested-With: XMLHttpRequest}) and gets no challenge, so
     * the browser does not open its own login dialog over the page's sign-in form.
     */
    @ExceptionHandler(AccessRefusal.class)
    ResponseEntity<OciErrorBody> refused(AccessRefusal e, HttpServletRequest request) {
        refusals.answered(request, e);
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::set);
        if ("XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            headers.remove(HttpHeaders.WWW_AUTHENTICATE);
        }
        return respond(ErrorStatus.of(e.code()), headers, e);
    }

    @ExceptionHandler(OciStatusException.class)
    ResponseEntity<OciErrorBody> withStatus(OciStatusException e, HttpServletRequest request) {
        refusals.answered(request, e);
        return respond(e.status(), new HttpHeaders(), e);
    }

    @ExceptionHandler(OciException.class)
    ResponseEntity<OciErrorBody> oci(OciException e, HttpServletRequest request) {
        refusals.answered(request, e);
        return respond(ErrorStatus.of(e.code()), new HttpHeaders(), e);
    }

    @ExceptionHandler(UploadInterruptedException.class)
    ResponseEntity<OciErrorBody> interrupted(UploadInterruptedException e) {
        log.info("upload interrupted: {}", e.getMessage());
        return body(HttpStatus.BAD_REQUEST, new HttpHeaders(),
                OciErrorBody.of(ErrorCode.BLOB_UPLOAD_INVALID, "the upload body ended early; resume from the reported offset", null));
    }

    /** A manifest body that broke off (client hung up, broken chunked encoding): nothing is stored. */
    @ExceptionHandler(ManifestBodyInterruptedException.class)
    ResponseEntity<OciErrorBody> manifestInterrupted(ManifestBodyInterruptedException e) {
        log.info("manifest body interrupted: {}", e.getMessage());
        return respond(HttpStatus.BAD_REQUEST, new HttpHeaders(), e);
    }

    @ExceptionHandler(StorageFailureException.class)
    ResponseEntity<OciErrorBody> storage(StorageFailureException e) {
        log.error("storage failure", e);
        return body(HttpStatus.SERVICE_UNAVAILABLE, new HttpHeaders(),
                OciErrorBody.of(ErrorCode.TOOMANYREQUESTS, "storage is unavailable, try again later", null));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OciErrorBody> unexpected(Exception e) {
        log.error("unexpected failure", e);
        // The table has no code for "the server failed"; what the client can do is retry later.
        return body(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(),
                OciErrorBody.of(ErrorCode.TOOMANYREQUESTS, "internal error; try again later", null));
    }

    private static ResponseEntity<OciErrorBody> respond(HttpStatus status, HttpHeaders headers, OciException e) {
        return body(status, headers, OciErrorBody.of(e.code(), e.getMessage(), e.detail()));
    }

    private static ResponseEntity<OciErrorBody> body(HttpStatus status, HttpHeaders headers, OciErrorBody body) {
        if (ErrorStatus.asksToRetry(ErrorCode.valueOf(body.errors().get(0).code()))
                && !headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
            headers.set(HttpHeaders.RETRY_AFTER, ErrorStatus.DEFAULT_RETRY_AFTER);
        }
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
