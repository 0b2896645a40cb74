package dev.berth.registry.remote;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Docker token flow towards one remote registry: on a {@code 401} with
 * {@code WWW-Authenticate: Bearer realm=...,service=...}, ask the realm for a token for the scopes
 * (with the configured credentials, else anonymously) and keep it until shortly before it expires.
 */
public final class RemoteToken {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** What the token spec says to assume when a token server gives no expiry. */
    private static final long DEFAULT_EXPIRES_IN = 60;
    private static final int MAX_SCOPES = 10_000;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private record Token(String value, Instant renewAt) {
    }

    private final String remote;
    private final HttpClient http;
    private final String basicAuthorization;
    private final Duration timeout;
    private final Clock clock;
    private final boolean allowPlainRealm;
    private final Map<String, Token> byScope = new ConcurrentHashMap<>();

    /**
     * @param remote          how messages name the registry ("remote site-b", "upstream hub")
     * @param allowPlainRealm whether the realm may be plain HTTP: only for a registry that is plain HTTP itself
     */
    public RemoteToken(String remote, HttpClient http, String basicAuthorization, Duration timeout, Clock clock,
                       boolean allowPlainRealm) {
        this.remote = remote;
        this.http = http;
        this.basicAuthorization = basicAuthorization;
        this.timeout = timeout;
        this.clock = clock;
        this.allowPlainRealm = allowPlainRealm;
    }

    public static boolean isBearerChallenge(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** A token for the scopes obtained earlier and not about to expire. */
    public Optional<String> cached(String scopes) {
        Token token = byScope.get(scopes);
        return token != null && clock.instant().isBefore(token.renewAt()) ? Optional.of(token.value()) : Optional.empty();
    }

    /** Fetches a token for the space-separated {@code scopes} from the realm the challenge names. */
    public String fetch(String challenge, String scopes) {
        Map<String, String> parameters = parameters(challenge);
        String realm = parameters.get("realm");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (RuntimeException e) {
            realmUri = null;
        }
        // Credentials go to the realm: never over plain HTTP when the remote itself is HTTPS.
        if (realmUri == null || realmUri.getHost() == null
                || !("https".equals(realmUri.getScheme()) || ("http".equals(realmUri.getScheme()) && allowPlainRealm))) {
            throw new RemoteFailure(401, remote + " asked for a token from an unusable realm: " + realm);
        }
        StringBuilder query = new StringBuilder();
        if (parameters.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(parameters.get("service"), StandardCharsets.UTF_8));
        }
        for (String scope : scopes.split(" ")) {
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
                .timeout(timeout).GET();
        if (basicAuthorization != null) {
            request.header("Authorization", basicAuthorization);
        }
        Token token;
        try {
            // The body as a bounded stream that gives up when it stalls: a token is small, a realm may misbehave.
            HttpResponse<InputStream> response = http.send(request.build(), info -> new IdleTimeoutBody(timeout));
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new RemoteFailure(response.statusCode(), "token server of " + remote + " answered "
                            + response.statusCode() + (response.statusCode() == 401 ? ": the configured credentials were refused" : ""));
                }
                byte[] content = body.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (content.length > MAX_RESPONSE_BYTES) {
                    throw new RemoteFailure(502, "token server of " + remote + " sent more than 64 KiB");
                }
                token = parse(content);
            }
        } catch (IOException e) {
            throw new RemoteFailure("token server of " + remote + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFailure("interrupted while asking the token server of " + remote, e);
        }
        if (byScope.size() >= MAX_SCOPES) {
            byScope.clear();
        }
        byScope.put(scopes, token);
        return token.value();
    }

    private Token parse(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            String value = json.path("token").asString("");
            if (value.isEmpty()) {
                value = json.path("access_token").asString("");
            }
            if (value.isEmpty()) {
                throw new RemoteFailure(401, "token server of " + remote + " sent no token");
            }
            long expiresIn = json.path("expires_in").asLong(DEFAULT_EXPIRES_IN);
            Duration lifetime = Duration.ofSeconds(expiresIn <= 0 ? DEFAULT_EXPIRES_IN : expiresIn);
            // Renewed a little early, so a token never expires between our check and the remote's.
            return new Token(value, clock.instant().plus(lifetime.minus(lifetime.dividedBy(10))));
        } catch (JacksonException e) {
            throw new RemoteFailure(401, "token server of " + remote + " sent no JSON");
        }
    }

    private static Map<String, String> parameters(String challenge) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
        }
        return parameters;
    }
}
