package dev.berth.auth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The token endpoint's answer. Docker reads {@code token} from the GET form and {@code access_token}
 * from the OAuth2 form; both carry the same JWT.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(@JsonProperty("token") String token,
                            @JsonProperty("access_token") String accessToken,
                            @JsonProperty("expires_in") long expiresIn,
                            @JsonProperty("issued_at") String issuedAt,
                            @JsonProperty("refresh_token") String refreshToken,
                            @JsonProperty("scope") String scope) {

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + ", issuedAt=" + issuedAt + "]";
    }
}
