package dev.berth.registry.events;

import dev.berth.auth.web.RegistryAccessFilter;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.content.ContentChange;
import dev.berth.registry.route.RequestId;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the API reports to the webhook endpoints: manifest pushes, manifest pulls, and deletes of
 * manifests, tags and blobs (by a client or by a retention policy), each as Distribution's event document. Cheap when no endpoint wants
 * the action: nothing is built.
 */
public final class RegistryEvents {
    /** The actor of the events of removals a retention policy made. */
    public static final String RETENTION_ACTOR = ContentChange.RemovedByPolicy.ACTOR;
    /** The actor of the events of manifests a replication rule pulled in. */
    public static final String REPLICATION_ACTOR = ContentChange.ReplicatedIn.ACTOR;

    private final Webhooks webhooks;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String instanceId = UUID.randomUUID().toString();
    /** Looked up at the first event, not at start-up: resolving the local host name can take seconds. */
    private volatile String hostname;

    RegistryEvents(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** Content changes, heard after the audit trail. */
    @EventListener
    @Order(1)
    public void changed(ContentChange change) {
        if (change instanceof ContentChange.ManifestPushed push) {
            Digest digest = push.pushed().digest();
            manifestPushed(push.request(), push.name(), push.reference(), digest, push.mediaType(), push.size());
            for (Tag tag : push.moreTags()) {
                manifestPushed(push.request(), push.name(), new Reference.ByTag(tag), digest, push.mediaType(),
                        push.size());
            }
        } else if (change instanceof ContentChange.ManifestPulled pull) {
            manifestPulled(pull.request(), pull.name(), pull.reference(), pull.digest(), pull.mediaType(), pull.size());
        } else if (change instanceof ContentChange.ManifestDeleted delete) {
            manifestDeleted(delete.request(), delete.name(), delete.reference());
        } else if (change instanceof ContentChange.BlobDeleted delete) {
            blobDeleted(delete.request(), delete.name(), delete.digest());
        } else if (change instanceof ContentChange.RepositoryDeleted delete) {
            // One delete event per manifest, as deleting each by digest would send.
            for (Digest digest : delete.manifests()) {
                manifestDeleted(delete.request(), delete.name(), new Reference.ByDigest(digest));
            }
        } else if (change instanceof ContentChange.RemovedByPolicy removal) {
            removedByPolicy(removal.name(), removal.tag(), removal.digest());
        } else if (change instanceof ContentChange.ReplicatedIn copy) {
            replicatedIn(copy.name(), copy.reference(), copy.pushed().digest(), copy.mediaType(), copy.size());
        }
    }

    public void manifestPushed(HttpServletRequest request, RepositoryName name, Reference reference, Digest digest,
                               String mediaType, long size) {
        manifestEvent(Envelope.PUSH, request, name, reference, digest, mediaType, size);
    }

    public void manifestPulled(HttpServletRequest request, RepositoryName name, Reference reference, Digest digest,
                               String mediaType, long size) {
        manifestEvent(Envelope.PULL, request, name, reference, digest, mediaType, size);
    }

    /** A manifest deleted by digest (with its tags), or only a tag. */
    public void manifestDeleted(HttpServletRequest request, RepositoryName name, Reference reference) {
        if (!webhooks.anyWants(Envelope.DELETE)) {
            return;
        }
        String digest = reference instanceof Reference.ByDigest byDigest ? byDigest.digest().toString() : null;
        String tag = reference instanceof Reference.ByTag byTag ? byTag.tag().value() : null;
        publish(Envelope.DELETE, request, new Envelope.Target(null, null, digest, null, name.value(),
                digest == null ? null : url(request, name, "manifests", digest), tag));
    }

    public void blobDeleted(HttpServletRequest request, RepositoryName name, Digest digest) {
        if (!webhooks.anyWants(Envelope.DELETE)) {
            return;
        }
        publish(Envelope.DELETE, request, new Envelope.Target(null, null, digest.toString(), null, name.value(),
                url(request, name, "blobs", digest.toString()), null));
    }

    /**
     * A manifest a replication rule pulled in: the push event a client's push sends, with no request
     * behind it and the actor {@value #REPLICATION_ACTOR}.
     */
    public void replicatedIn(RepositoryName name, Reference reference, Digest digest, String mediaType, long size) {
        if (!webhooks.anyWants(Envelope.PUSH)) {
            return;
        }
        String tag = reference instanceof Reference.ByTag byTag ? byTag.tag().value() : null;
        publish(Envelope.PUSH, null, new Envelope.Actor(REPLICATION_ACTOR), hostname(),
                new Envelope.Target(mediaType, size, digest.toString(), size, name.value(), null, tag));
    }

    /**
     * A tag or untagged manifest a retention policy removed: the delete event a client's delete
     * sends, with no request behind it and the actor {@value #RETENTION_ACTOR}.
     */
    public void removedByPolicy(RepositoryName name, String tag, Digest digest) {
        if (!webhooks.anyWants(Envelope.DELETE)) {
            return;
        }
        String manifest = tag == null ? digest.toString() : null;
        publish(Envelope.DELETE, null, new Envelope.Actor(RETENTION_ACTOR), hostname(),
                new Envelope.Target(null, null, manifest, null, name.value(), null, tag));
    }

    private void manifestEvent(String action, HttpServletRequest request, RepositoryName name, Reference reference,
                               Digest digest, String mediaType, long size) {
        if (!webhooks.anyWants(action)) {
            return;
        }
        String tag = reference instanceof Reference.ByTag byTag ? byTag.tag().value() : null;
        publish(action, request, new Envelope.Target(mediaType, size, digest.toString(), size, name.value(),
                url(request, name, "manifests", digest.toString()), tag));
    }

    private void publish(String action, HttpServletRequest request, Envelope.Target target) {
        Object user = request.getAttribute(RegistryAccessFilter.USER_ATTRIBUTE);
        publish(action, new Envelope.Request(RequestId.of(request).orElse(null), request.getRemoteAddr(),
                        request.getHeader(HttpHeaders.HOST), request.getMethod(), request.getHeader(HttpHeaders.USER_AGENT)),
                new Envelope.Actor(user == null ? null : user.toString()), hostname() + ":" + request.getLocalPort(),
                target);
    }

    private void publish(String action, Envelope.Request request, Envelope.Actor actor, String sourceAddr,
                         Envelope.Target target) {
        Envelope.Event event = new Envelope.Event(UUID.randomUUID().toString(), Instant.now().toString(), action,
                target, request, actor, new Envelope.Source(sourceAddr, instanceId));
        webhooks.publish(action, json.writeValueAsBytes(new Envelope(List.of(event))));
    }

    private static String url(HttpServletRequest request, RepositoryName name, String kind, String digest) {
        String host = request.getHeader(HttpHeaders.HOST);
        String authority = host != null ? host : request.getServerName() + ":" + request.getServerPort();
        return request.getScheme() + "://" + authority + "/v2/" + name + "/" + kind + "/" + digest;
    }

    private String hostname() {
        String known = hostname;
        if (known == null) {
            try {
                known = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                known = "localhost";
            }
            hostname = known;
        }
        return known;
    }
}
