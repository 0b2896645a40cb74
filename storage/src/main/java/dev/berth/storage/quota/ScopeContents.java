package dev.berth.storage.quota;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.DigestFolders;
import dev.berth.storage.Page;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.catalog.RepositoryCatalog;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.lifecycle.Glob;

/**
 * What the repositories matching a pattern hold, read from their links: the truth a recount
 * rebuilds a quota's usage from. A walk, so only for counting a scope the first time and for repair,
 * never on a push. Reads the sorted catalog only from the pattern's literal prefix on.
 */
final class ScopeContents {
    private static final int PAGE = 500;

    private final StorageDriver driver;
    private final RepositoryCatalog catalog;

    ScopeContents(StorageDriver driver, RepositoryCatalog catalog) {
        this.driver = driver;
        this.catalog = catalog;
    }

    interface Visitor {
        void held(RepositoryName name, HeldAs kind, Digest digest);
    }

    void forEach(Glob repositories, Visitor visitor) {
        String prefix = repositories.literalPrefix();
        String after = justBefore(prefix);
        while (true) {
            Page<String> page = catalog.page(after, PAGE);
            for (String name : page.items()) {
                if (!name.startsWith(prefix)) {
                    return;
                }
                after = name;
                if (RepositoryName.isValid(name) && repositories.matches(name)) {
                    visit(RepositoryName.of(name), visitor);
                }
            }
            if (!page.hasMore()) {
                return;
            }
        }
    }

    private void visit(RepositoryName name, Visitor visitor) {
        for (Digest blob : DigestFolders.list(driver, StorageLayout.layers(name))) {
            visitor.held(name, HeldAs.BLOB, blob);
        }
        for (Digest manifest : DigestFolders.list(driver, StorageLayout.revisions(name))) {
            visitor.held(name, HeldAs.MANIFEST, manifest);
        }
    }

    /** A name that sorts just before every name starting with {@code prefix} (null: from the first). */
    private static String justBefore(String prefix) {
        if (prefix.isEmpty()) {
            return null;
        }
        // Repository names use only [a-z0-9._/-], so no name falls between this and the prefix.
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last - 1) + '\uffff';
    }
}
