package dev.berth.registry.api.manifest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.springframework.http.HttpHeaders;

/** The media types a client lists in its {@code Accept} headers; none listed means anything goes. */
record AcceptedTypes(Set<String> types) {

    static AcceptedTypes of(HttpServletRequest request) {
        Set<String> types = new HashSet<>();
        for (String header : Collections.list(request.getHeaders(HttpHeaders.ACCEPT))) {
            for (String each : header.split(",")) {
                String type = each.split(";", 2)[0].trim();
                if (!type.isEmpty()) {
                    types.add(type);
                }
            }
        }
        return new AcceptedTypes(types);
    }

    boolean accepts(String mediaType) {
        return types.isEmpty() || types.contains("*/*") || types.contains("application/*") || types.contains(mediaType);
    }
}
