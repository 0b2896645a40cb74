package dev.berth.registry.route;

import dev.berth.storage.upload.UploadStatus;
import org.springframework.http.HttpHeaders;

/** Headers that tell a client where an upload session is and how much it holds. */
public final class UploadHeaders {
    private UploadHeaders() {
    }

    public static HttpHeaders forSession(String location, UploadStatus status) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.LOCATION, location);
        // Inclusive end offset; Docker clients expect "0-0" for an empty session, as Distribution sends.
        headers.set(HttpHeaders.RANGE, "0-" + Math.max(0, status.offset() - 1));
        headers.set("Docker-Upload-UUID", status.id().value());
        headers.setContentLength(0);
        return headers;
    }
}
