package dev.berth.storage;

import dev.berth.oci.RepositoryName;
import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.blob.BlobUsage;
import dev.berth.storage.browse.RegistryBrowser;
import dev.berth.storage.catalog.RepositoryCatalog;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.index.Indexes;
import dev.berth.storage.lifecycle.TagGuard;
import dev.berth.storage.manifest.ManifestPulls;
import dev.berth.storage.manifest.ManifestStore;
import dev.berth.storage.manifest.TagPulls;
import dev.berth.storage.manifest.TagStore;
import dev.berth.storage.quota.Quota;
import dev.berth.storage.quota.Quotas;
import dev.berth.storage.upload.UploadStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The registry's state over one driver: the entry point for everything above storage. */
public final class RegistryStorage {
    private final StorageDriver driver;
    private final Clock clock;
    private final Duration gracePeriod;
    private final BlobStore blobs;
    private final UploadStore uploads;
    private final TagStore tags;
    private final ManifestStore manifests;
    private final RepositoryCatalog catalog;
    private final RegistryBrowser browser;
    private final ManifestPulls pulls;
    private final TagPulls tagPulls;
    private final Quotas quotas;

    /** Garbage collection spares blobs used within this long, unless told otherwise. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(1);

    public RegistryStorage(StorageDriver driver, Clock clock) {
        this(driver, clock, DEFAULT_GRACE_PERIOD);
    }

    /** @param gracePeriod how long garbage collection spares a blob after it was last relied on */
    public RegistryStorage(StorageDriver driver, Clock clock, Duration gracePeriod) {
        this(driver, clock, gracePeriod, true);
    }

    /**
     * @param recordUsage whether reads and checks refresh blobs' last-used marks; off for a registry
     *                    that only reads (no push can race a sweep then), so reads write nothing
     */
    public RegistryStorage(StorageDriver driver, Clock clock, Duration gracePeriod, boolean recordUsage) {
        this(driver, clock, gracePeriod, recordUsage, TagGuard.NONE);
    }

    /** @param tagGuard asked before an existing tag is moved or deleted (immutable tags) */
    public RegistryStorage(StorageDriver driver, Clock clock, Duration gracePeriod, boolean recordUsage,
                           TagGuard tagGuard) {
        this(driver, clock, gracePeriod, recordUsage, tagGuard, List.of());
    }

    /** @param quotas limits on what groups of repositories may hold together (see {@link Quotas}) */
    public RegistryStorage(StorageDriver driver, Clock clock, Duration gracePeriod, boolean recordUsage,
                           TagGuard tagGuard, List<Quota> quotas) {
        this.driver = driver;
        this.clock = clock;
        this.gracePeriod = gracePeriod;
        // Indexes order changes by real time, whatever clock the registry's own decisions use.
        Indexes indexes = new Indexes(driver, Clock.systemUTC(), recordUsage);
        this.catalog = new RepositoryCatalog(driver, indexes, this::holdsImages);
        // Quota records order their changes by real time too, like the indexes.
        this.quotas = new Quotas(quotas, driver, catalog, Clock.systemUTC(), recordUsage);
        this.blobs = new BlobStore(driver, new BlobUsage(driver, clock, gracePeriod, recordUsage), catalog, clock,
                this.quotas);
        this.uploads = new UploadStore(driver, blobs, clock, this.quotas);
        this.tags = new TagStore(driver, indexes, clock);
        this.manifests = new ManifestStore(driver, blobs, tags, catalog, indexes, tagGuard, this.quotas);
        this.browser = new RegistryBrowser(catalog, tags, manifests, blobs);
        this.pulls = new ManifestPulls(driver, clock);
        this.tagPulls = new TagPulls(driver, clock, recordUsage);
    }

    /** Asked only once the constructor is done, so the stores it reads are there. */
    private boolean holdsImages(RepositoryName name) {
        return tags.stats(name).count() > 0 || manifests.count(name) > 0;
    }

    public StorageDriver driver() {
        return driver;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public UploadStore uploads() {
        return uploads;
    }

    public TagStore tags() {
        return tags;
    }

    public ManifestStore manifests() {
        return manifests;
    }

    public RepositoryCatalog catalog() {
        return catalog;
    }

    public Clock clock() {
        return clock;
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    /** When manifests of mirrored repositories were last pulled (cache expiry). */
    public ManifestPulls pulls() {
        return pulls;
    }

    /** When clients last pulled by each tag (retention's not-pulled-for). */
    public TagPulls tagPulls() {
        return tagPulls;
    }

    /** The configured quotas: their usage, and a recount for repair. */
    public Quotas quotas() {
        return quotas;
    }

    /** The read model for browsing: tag tables, image details, storage use. */
    public RegistryBrowser browser() {
        return browser;
    }
}
