package dev.berth.registry.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.oci.ErrorCode;
import java.util.List;

/** The spec's error document: {@code {"errors":[{"code","message","detail"}]}}. */
public record OciErrorBody(List<Entry> errors) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String code, String message, Object detail) {
    }

    public static OciErrorBody of(ErrorCode code, String message, Object detail) {
        return new OciErrorBody(List.of(new Entry(code.name(), message, detail)));
    }
}
