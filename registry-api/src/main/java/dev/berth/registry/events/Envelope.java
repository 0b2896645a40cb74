package dev.berth.registry.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The document CNCF Distribution's notifications send, so receivers written for it work unchanged:
 * {@code {"events":[{id, timestamp, action, target, request, actor, source}]}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(List<Event> events) {
    public static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";
    public static final String PUSH = "push";
    public static final String PULL = "pull";
    public static final String DELETE = "delete";

    /** One thing that happened; {@code timestamp} is ISO-8601 UTC. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String id, String timestamp, String action, Target target, Request request, Actor actor,
                        Source source) {
    }

    /** What it happened to; {@code length} repeats {@code size}, as Distribution's does. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(String mediaType, Long size, String digest, Long length, String repository, String url,
                         String tag) {
    }

    /** The request that caused it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String id, String addr, String host, String method, String useragent) {
    }

    /** Who made the request; no name when anonymous. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Actor(String name) {
    }

    /** The registry instance that saw it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String addr, String instanceID) {
    }
}
