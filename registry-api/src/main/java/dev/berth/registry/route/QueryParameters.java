package dev.berth.registry.route;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request's query string, parsed without touching the body: {@code getParameter} would read
 * a form-encoded upload body into memory.
 */
public final class QueryParameters {
    private final Map<String, String> values;
    private final Map<String, List<String>> repeated;

    private QueryParameters(Map<String, String> values, Map<String, List<String>> repeated) {
        this.values = values;
        this.repeated = repeated;
    }

    public static QueryParameters parse(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                values.putIfAbsent(key, value);
                repeated.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParameters(values, repeated);
    }

    /** Every value of a parameter that may repeat ({@code ?tag=a&tag=b}), in order. */
    public List<String> all(String name) {
        return repeated.getOrDefault(name, List.of());
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
