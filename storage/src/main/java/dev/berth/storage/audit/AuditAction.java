package dev.berth.storage.audit;

/** What an audit record says happened; {@link #value()} is what the record and the API carry. */
public enum AuditAction {
    /** A manifest pushed (by digest, or under a tag that was new or already pointed at it). */
    PUSH("push"),
    /** A push that moved an existing tag to another manifest; the detail names the previous digest. */
    TAG_MOVE("tag-move"),
    /** A manifest, tag or blob deleted by a client. */
    DELETE("delete"),
    /** A tag or untagged manifest a retention policy removed. */
    POLICY_REMOVAL("policy-removal"),
    /** A write turned away: not allowed, an immutable tag, a quota; the detail says why. */
    REFUSED("refused"),
    /** A CI token created by an admin; the detail names its id, never its secret. */
    CI_TOKEN_CREATED("ci-token-created"),
    /** A CI token revoked by an admin. */
    CI_TOKEN_REVOKED("ci-token-revoked"),
    /** A wrong password, CI token secret or refresh token. */
    SIGN_IN_FAILED("sign-in-failed");

    private final String value;

    AuditAction(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
