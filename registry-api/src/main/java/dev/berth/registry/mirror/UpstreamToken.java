package dev.berth.registry.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Docker token flow towards one upstream: on a {@code 401} with
 * {@code WWW-Authenticate: Bearer realm=...,service=...}, ask the realm for a token for the scope
 * (with the configured credentials, else anonymously) and keep it, per scope, until shortly before
 * it expires.
 */
final class UpstreamToken {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** What the token spec says to assume when a token server gives no expiry. */
    private static final long DEFAULT_EXPIRES_IN = 60;
    private static final int MAX_SCOPES = 10_000;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private record Token(String value, Instant renewAt) {
    }

    private final String upstream;
    private final HttpClient http;
    private final String basicAuthorization;
    private final Duration timeout;
    private final Clock clock;
    private final boolean allowPlainRealm;
    private final Map<String, Token> byScope = new ConcurrentHashMap<>();

    /** @param allowPlainRealm whether the realm may be plain HTTP: only for an upstream that is plain HTTP itself */
    UpstreamToken(String upstream, HttpClient http, String basicAuthorization, Duration timeout, Clock clock,
                  boolean allowPlainRealm) {
        this.upstream = upstream;
        this.allowPlainRealm = allowPlainRealm;
        this.http = http;
        this.basicAuthorization = basicAuthorization;
        this.timeout = timeout;
        this.clock = clock;
    }

    static boolean isBearerChallenge(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** A token for the scope obtained earlier and not about to expire. */
    Optional<String> cached(String scope) {
        Token token = byScope.get(scope);
        return token != null && clock.instant().isBefore(token.renewAt()) ? Optional.of(token.value()) : Optional.empty();
    }

    /** Fetches a token for {@code scope} from the realm the challenge names, and keeps it. */
    String fetch(String challenge, String scope) {
        Map<String, String> parameters = parameters(challenge);
        String realm = parameters.get("realm");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (RuntimeException e) {
            realmUri = null;
        }
        // Credentials go to the realm: never over plain HTTP when the upstream itself is HTTPS.
        if (realmUri == null || realmUri.getHost() == null
                || !("https".equals(realmUri.getScheme()) || ("http".equals(realmUri.getScheme()) && allowPlainRealm))) {
            throw new UpstreamFailure(UpstreamFailure.Kind.REFUSED,
                    "upstream " + upstream + " asked for a token from an unusable realm: " + realm);
        }
        StringBuilder query = new StringBuilder();
        if (parameters.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(parameters.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        query.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        String separator = realm.contains("?") ? "&" : "?";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm + separator + query))
                .timeout(timeout).GET();
        if (basicAuthorization != null) {
            request.header("Authorization", basicAuthorization);
        }
        Token token;
        try {
            // The body as a bounded stream that gives up when it stalls: a token is small, a realm may misbehave.
            HttpResponse<InputStream> response = http.send(request.build(), info -> new IdleTimeoutBody(timeout));
            try (InputStream body = response.body()) {
                refuseUnless200(response.statusCode());
                byte[] content = body.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (content.length > MAX_RESPONSE_BYTES) {
                    throw new UpstreamFailure(UpstreamFailure.Kind.BAD_CONTENT,
                            "token server of upstream " + upstream + " sent more than 64 KiB");
                }
                token = parse(content);
            }
        } catch (IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                    "token server of upstream " + upstream + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "interrupted", e);
        }
        if (byScope.size() >= MAX_SCOPES) {
            byScope.clear();
        }
        byScope.put(scope, token);
        return token.value();
    }

    private void refuseUnless200(int status) {
        if (status == 401 || status == 403) {
            throw new UpstreamFailure(UpstreamFailure.Kind.REFUSED, "token server of upstream " + upstream
                    + " refused the configured credentials (" + status + ")");
        }
        if (status == 429) {
            throw new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, "token server of upstream " + upstream + " rate-limits");
        }
        if (status != 200) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "token server of upstream " + upstream
                    + " answered " + status);
        }
    }

    private Token parse(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            String value = json.path("token").asString("");
            if (value.isEmpty()) {
                value = json.path("access_token").asString("");
            }
            if (value.isEmpty()) {
                throw new UpstreamFailure(UpstreamFailure.Kind.REFUSED, "token server of upstream " + upstream + " sent no token");
            }
            long expiresIn = json.path("expires_in").asLong(DEFAULT_EXPIRES_IN);
            if (expiresIn <= 0) {
                expiresIn = DEFAULT_EXPIRES_IN;
            }
            // Renewed a little early, so a token never expires between our check and the upstream's.
            Duration lifetime = Duration.ofSeconds(expiresIn);
            return new Token(value, clock.instant().plus(lifetime.minus(lifetime.dividedBy(10))));
        } catch (JacksonException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.REFUSED, "token server of upstream " + upstream + " sent no JSON");
        }
    }

    /** The {@code key="value"} pairs of a challenge. */
    static Map<String, String> parameters(String challenge) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.putIfAbsent(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
        }
        return parameters;
    }
}
