package dev.berth.storage.bench;

import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the large store holds, as names and counts only (no I/O), so the generator, its test and
 * bench/large-store.sh agree on every name: one big CI repository ({@value #BIG_REPOSITORY}) with
 * {@code bigTags} tags {@code build-000001...}, each its own manifest, and the other manifests
 * spread evenly over {@code repositories - 1} repositories named like teams'
 * ({@code team-007/service-042}), about {@value #SERVICES_PER_TEAM} to a team.
 */
record StoreShape(int repositories, int manifests, int bigTags) {
    static final String BIG_REPOSITORY = "ci/big";
    /** Teams of about this many repositories, as 10,000 repositories in 100 teams of 100. */
    static final int SERVICES_PER_TEAM = 100;
    /** Distinct base layers; every image has one, so each is shared by many repositories. */
    static final int BASES = 8;
    /** One in this many manifests of a team repository is pushed by digest only: untagged. */
    static final int UNTAGGED_EVERY = 5;
    /** One in this many team repositories also holds a blob no manifest names (an abandoned push). */
    static final int ORPHAN_EVERY = 10;
    /** Tags of the big repository per unit of work: few enough that the big repository keeps every thread busy. */
    static final int BIG_CHUNK = 100;

    StoreShape {
        if (repositories < 2) {
            throw new IllegalArgumentException("need at least 2 repositories: the big one and one more");
        }
        if (bigTags < 1 || bigTags > 999_999) {
            throw new IllegalArgumentException("tags in the big repository: 1 to 999,999 (build-000001 ...)");
        }
        if (manifests - bigTags < repositories - 1) {
            throw new IllegalArgumentException("every repository but the big one needs a manifest: at least "
                    + (repositories - 1 + bigTags) + " manifests");
        }
        if (teams(repositories - 1) > 1000) {
            throw new IllegalArgumentException("at most 100,000 team repositories (team-000 to team-999)");
        }
    }

    int teamRepositories() {
        return repositories - 1;
    }

    /** The {@code index}th team repository, 0-based, in the catalog's (lexical) order. */
    RepositoryName teamRepository(int index) {
        return RepositoryName.of(String.format("team-%03d/service-%03d", index / SERVICES_PER_TEAM,
                index % SERVICES_PER_TEAM));
    }

    /** Which of the {@link #BASES} base layers the images of this team repository build on (at any scale). */
    static int baseOf(int index) {
        return index % BASES;
    }

    /** Manifests of the {@code index}th team repository: the remainder goes to the first ones. */
    int manifestsIn(int index) {
        int spread = manifests - bigTags;
        int each = spread / teamRepositories();
        return each + (index < spread % teamRepositories() ? 1 : 0);
    }

    /** The tag of the {@code m}th manifest of a team repository, or null when it stays untagged. */
    static String teamTag(int m) {
        return m % UNTAGGED_EVERY == UNTAGGED_EVERY - 1 ? null : "1.0." + m;
    }

    static boolean hasOrphan(int index) {
        return index % ORPHAN_EVERY == 0;
    }

    /** The {@code n}th tag of the big repository, 1-based: {@code build-000123}. */
    static String bigTag(int n) {
        return String.format("build-%06d", n);
    }

    /** The first tag of every unit of work in the big repository. */
    List<Integer> bigChunkStarts() {
        List<Integer> starts = new ArrayList<>();
        for (int first = 1; first <= bigTags; first += BIG_CHUNK) {
            starts.add(first);
        }
        return starts;
    }

    /** Every repository the store will hold. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        names.add(BIG_REPOSITORY);
        for (int i = 0; i < teamRepositories(); i++) {
            names.add(teamRepository(i).value());
        }
        return names;
    }

    /** Tags the store will hold: every big-repository build, the team tags, and a {@code latest} per team repository. */
    long tags() {
        long tags = bigTags;
        for (int i = 0; i < teamRepositories(); i++) {
            int count = manifestsIn(i);
            tags += count - count / UNTAGGED_EVERY + 1;
        }
        return tags;
    }

    private static int teams(int teamRepositories) {
        return (teamRepositories + SERVICES_PER_TEAM - 1) / SERVICES_PER_TEAM;
    }
}
