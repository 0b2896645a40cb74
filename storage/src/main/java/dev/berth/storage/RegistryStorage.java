package dev.berth.storage;

import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.browse.RegistryBrowser;
import dev.berth.storage.catalog.RepositoryCatalog;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.manifest.ManifestStore;
import dev.berth.storage.manifest.TagStore;
import dev.berth.storage.upload.UploadStore;
import java.time.Clock;

/** The registry's state over one driver: the entry point for everything above storage. */
public final class RegistryStorage {
    private final StorageDriver driver;
    private final BlobStore blobs;
    private final UploadStore uploads;
    private final TagStore tags;
    private final ManifestStore manifests;
    private final RepositoryCatalog catalog;
    private final RegistryBrowser browser;

    public RegistryStorage(StorageDriver driver, Clock clock) {
        this.driver = driver;
        this.blobs = new BlobStore(driver);
        this.uploads = new UploadStore(driver, blobs, clock);
        this.tags = new TagStore(driver);
        this.manifests = new ManifestStore(driver, blobs, tags);
        this.catalog = new RepositoryCatalog(driver);
        this.browser = new RegistryBrowser(catalog, tags, manifests, blobs);
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

    /** The read model for browsing: tag tables, image details, storage use. */
    public RegistryBrowser browser() {
        return browser;
    }
}
