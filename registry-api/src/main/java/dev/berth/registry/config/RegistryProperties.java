package dev.berth.registry.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code registry.*}; docs/configuration.md documents each.
 *
 * @param readOnly maintenance mode: pulls work, pushes and deletes are refused, housekeeping removes nothing
 */
@ConfigurationProperties("registry")
public record RegistryProperties(@DefaultValue Storage storage, @DefaultValue Gc gc, @DefaultValue Uploads uploads,
                                 @DefaultValue("false") boolean readOnly,
                                 @DefaultValue List<ImmutableTag> immutableTags) {

    /**
     * @param repositories glob of repository names, e.g. {@code team-a/**}
     * @param tags         glob of tags, e.g. {@code v*} or {@code *}
     */
    public record ImmutableTag(String repositories, @DefaultValue("*") String tags) {
    }

    /**
     * @param schedule       cron expression (Spring's six fields, e.g. {@code 0 0 3 * * *}); empty: no scheduled runs
     * @param gracePeriod    anything pushed, checked for or referenced within this long is kept
     * @param deleteUntagged also remove manifests no tag reaches
     * @param keepReferrers  with deleteUntagged, keep signatures, SBOMs and other referrers of kept manifests
     */
    public record Gc(@DefaultValue("") String schedule,
                     @DefaultValue("1h") Duration gracePeriod,
                     @DefaultValue("false") boolean deleteUntagged,
                     @DefaultValue("true") boolean keepReferrers) {
    }

    /**
     * @param maxAge          upload sessions older than this are removed
     * @param cleanupInterval how often to look for them
     */
    public record Uploads(@DefaultValue("24h") Duration maxAge, @DefaultValue("1h") Duration cleanupInterval) {
    }

    /**
     * @param driver where bytes live: {@code filesystem} (the default) or {@code s3}
     */
    public record Storage(@DefaultValue("filesystem") String driver,
                          @DefaultValue Filesystem filesystem,
                          @DefaultValue S3 s3,
                          @DefaultValue Delete delete) {
    }

    /**
     * @param bucket           the bucket that holds all registry data (required with the s3 driver)
     * @param region           the bucket's region
     * @param endpoint         for S3-compatible servers (MinIO, Ceph RGW, R2); empty for AWS
     * @param pathStyleAccess  address the bucket as {@code endpoint/bucket} rather than {@code bucket.endpoint}
     * @param prefix           folder inside the bucket for all registry keys
     * @param accessKey        static credentials; empty to use the SDK's default chain
     * @param partSize         multipart part size, at least 5MB
     */
    public record S3(String bucket,
                     @DefaultValue("us-east-1") String region,
                     URI endpoint,
                     @DefaultValue("false") boolean pathStyleAccess,
                     @DefaultValue("") String prefix,
                     String accessKey,
                     String secretKey,
                     @DefaultValue("16MB") DataSize partSize,
                     @DefaultValue Redirect redirect) {
    }

    /**
     * @param enabled answer blob GETs with a 307 to a presigned URL, so bytes bypass the registry
     * @param expiry  how long such a URL is valid
     */
    public record Redirect(@DefaultValue("false") boolean enabled, @DefaultValue("20m") Duration expiry) {
    }

    /** @param root the folder that holds all registry data */
    public record Filesystem(@DefaultValue("./data") Path root) {
    }

    /** @param enabled whether clients may delete manifests, tags and blobs */
    public record Delete(@DefaultValue("true") boolean enabled) {
    }
}
