package dev.berth.registry.remote;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The body of a refusal: read only as far as its first OCI error code, at most a few KiB. */
final class ErrorBody implements AutoCloseable {
    private static final int MAX_BYTES = 4096;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InputStream in;

    ErrorBody(InputStream in) {
        this.in = in;
    }

    /** Reads and closes the body; the code of its first error, if it is a spec-shaped error document. */
    Optional<String> code() {
        try (in) {
            byte[] content = in.readNBytes(MAX_BYTES);
            String code = JSON.readTree(content).path("errors").path(0).path("code").asString("");
            return code.isEmpty() ? Optional.empty() : Optional.of(code);
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is dropped either way
        }
    }
}
