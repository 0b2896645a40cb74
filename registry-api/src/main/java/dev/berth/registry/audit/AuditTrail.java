package dev.berth.registry.audit;

import dev.berth.auth.ci.CiToken;
import dev.berth.auth.events.AuthEventListener;
import dev.berth.auth.web.ClientAddress;
import dev.berth.auth.web.RegistryAccessFilter;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.content.ContentChange;
import dev.berth.storage.audit.AuditAction;
import dev.berth.storage.audit.AuditRecord;
import dev.berth.storage.manifest.PushedManifest;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;

/**
 * Turns what the registry did, or refused, into audit records: who (the signed-in user the access
 * filter named, as the access log and webhook events do), from where (the client address login
 * throttling counts), what and to which repository, reference and digest. Never a credential.
 * Also the auth module's listener for failed sign-ins and CI tokens.
 */
public final class AuditTrail implements AuthEventListener {
    /** Set on a request whose failed sign-in is recorded, so its refusal is not recorded a second time. */
    static final String SIGN_IN_FAILURE_RECORDED = AuditTrail.class.getName() + ".signInFailed";

    private final Consumer<AuditRecord> sink;
    private final Clock clock;

    AuditTrail(Consumer<AuditRecord> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** A manifest push: one record for the reference and each {@code ?tag=}, a tag that moved as such. */
    /** Content changes, heard before the webhook notifications (as it was called first before). */
    @EventListener
    @Order(0)
    public void changed(ContentChange change) {
        if (change instanceof ContentChange.ManifestPushed push) {
            pushed(push.request(), push.name(), push.reference(), push.moreTags(), push.pushed());
        } else if (change instanceof ContentChange.ManifestDeleted delete) {
            manifestDeleted(delete.request(), delete.name(), delete.reference(), delete.tagged());
        } else if (change instanceof ContentChange.BlobDeleted delete) {
            blobDeleted(delete.request(), delete.name(), delete.digest());
        } else if (change instanceof ContentChange.RemovedByPolicy removal) {
            removedByPolicy(removal.name(), removal.tag(), removal.digest());
        } else if (change instanceof ContentChange.ReplicatedIn copy) {
            replicatedIn(copy.name(), copy.reference(), copy.pushed());
        }
        // Pulls are not audited; nor, as before, is a repository deleted from the web UI.
    }

    public void pushed(HttpServletRequest request, RepositoryName name, Reference reference, List<Tag> moreTags,
                       PushedManifest pushed) {
        if (reference instanceof Reference.ByTag byTag) {
            tagged(request, name, byTag.tag(), pushed);
        } else {
            record(request, AuditAction.PUSH, name.value(), reference.toString(), pushed.digest().toString(), null);
        }
        moreTags.forEach(tag -> tagged(request, name, tag, pushed));
    }

    private void tagged(HttpServletRequest request, RepositoryName name, Tag tag, PushedManifest pushed) {
        Digest previous = pushed.moved().get(tag);
        record(request, previous == null ? AuditAction.PUSH : AuditAction.TAG_MOVE, name.value(), tag.value(),
                pushed.digest().toString(), previous == null ? null : "moved from " + previous);
    }

    /**
     * A manifest deleted by digest (with its tags), or a tag alone; {@code tagged} is the digest the
     * tag pointed at, when the caller knew it.
     */
    public void manifestDeleted(HttpServletRequest request, RepositoryName name, Reference reference, Digest tagged) {
        Digest digest = reference instanceof Reference.ByDigest byDigest ? byDigest.digest() : tagged;
        record(request, AuditAction.DELETE, name.value(), reference.toString(), digest == null ? null : digest.toString(),
                null);
    }

    public void blobDeleted(HttpServletRequest request, RepositoryName name, Digest digest) {
        record(request, AuditAction.DELETE, name.value(), digest.toString(), digest.toString(), "blob");
    }

    /** A manifest a replication rule pulled in: the record a push makes, with the actor {@value ContentChange.ReplicatedIn#ACTOR}. */
    public void replicatedIn(RepositoryName name, Reference reference, PushedManifest pushed) {
        String tag = reference instanceof Reference.ByTag byTag ? byTag.tag().value() : reference.toString();
        Digest previous = reference instanceof Reference.ByTag byTag ? pushed.moved().get(byTag.tag()) : null;
        sink.accept(AuditRecord.of(clock.instant(), previous == null ? AuditAction.PUSH : AuditAction.TAG_MOVE,
                ContentChange.ReplicatedIn.ACTOR, null, name.value(), tag, pushed.digest().toString(),
                previous == null ? null : "moved from " + previous));
    }

    /** A tag or untagged manifest a retention policy removed; no request behind it. */
    public void removedByPolicy(RepositoryName name, String tag, Digest digest) {
        sink.accept(AuditRecord.of(clock.instant(), AuditAction.POLICY_REMOVAL, ContentChange.RemovedByPolicy.ACTOR, null,
                name.value(), tag != null ? tag : digest.toString(), digest.toString(), null));
    }

    /** A write turned away; {@code why} is the error code and message the client got. */
    void refused(HttpServletRequest request, String repository, String reference, String digest, String why) {
        record(request, AuditAction.REFUSED, repository, reference, digest, why);
    }

    @Override
    public void signInFailed(HttpServletRequest request, String user) {
        request.setAttribute(SIGN_IN_FAILURE_RECORDED, Boolean.TRUE);
        sink.accept(AuditRecord.of(clock.instant(), AuditAction.SIGN_IN_FAILED, user, ClientAddress.of(request), null,
                null, null, user == null ? "refresh token refused" : null));
    }

    @Override
    public void ciTokenCreated(HttpServletRequest request, CiToken token) {
        record(request, AuditAction.CI_TOKEN_CREATED, null, null, null, describe(token));
    }

    @Override
    public void ciTokenRevoked(HttpServletRequest request, CiToken token) {
        record(request, AuditAction.CI_TOKEN_REVOKED, null, null, null, describe(token));
    }

    /**
     * A CI token created or revoked with the jar's {@code token} command: no request, so the user
     * is the operating system's account that ran it, and no client address.
     */
    public void ciTokenChangedByCommand(boolean created, CiToken token) {
        sink.accept(AuditRecord.of(clock.instant(), created ? AuditAction.CI_TOKEN_CREATED : AuditAction.CI_TOKEN_REVOKED,
                System.getProperty("user.name"), null, null, null, null, describe(token) + " by the token command"));
    }

    /** Name and id: enough to find the token, nothing that signs in. */
    private static String describe(CiToken token) {
        return "token " + token.name() + " (id " + token.id() + ")";
    }

    private void record(HttpServletRequest request, AuditAction action, String repository, String reference,
                        String digest, String detail) {
        Object user = request.getAttribute(RegistryAccessFilter.USER_ATTRIBUTE);
        sink.accept(AuditRecord.of(clock.instant(), action, user == null ? null : user.toString(),
                ClientAddress.of(request), repository, reference, digest, detail));
    }
}
