package dev.berth.storage.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.RepositoryName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tags a list of rules protects, as retention and storage ask. */
class ImmutableTagsTest {
    private final ImmutableTags rules = new ImmutableTags(List.of(
            new ImmutableTagRule(0, Glob.of("team-a/**"), Glob.of("v*")),
            new ImmutableTagRule(1, Glob.of("base/*"), Glob.of("*"))));

    @Test
    void doubleStarSpansFoldersAndSingleStarStaysInOne() {
        assertThat(rules.protects(RepositoryName.of("team-a/app"), "v1")).map(ImmutableTagRule::index).contains(0);
        assertThat(rules.protects(RepositoryName.of("team-a/x/y/app"), "v2.0")).isPresent();
        assertThat(rules.protects(RepositoryName.of("base/debian"), "latest")).map(ImmutableTagRule::index).contains(1);
        assertThat(rules.protects(RepositoryName.of("base/os/debian"), "latest")).isEmpty();
    }

    @Test
    void tagsOutsideEveryRuleAreNotProtected() {
        assertThat(rules.protects(RepositoryName.of("team-a/app"), "latest")).isEmpty();
        assertThat(rules.protects(RepositoryName.of("team-b/app"), "v1")).isEmpty();
        assertThat(rules.protects(RepositoryName.of("team-ab/app"), "v1")).isEmpty();
    }
}
