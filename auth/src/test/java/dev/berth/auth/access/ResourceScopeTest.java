package dev.berth.auth.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.RepositoryName;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceScopeTest {

    @Test
    void repositoryScopeRoundTripsWithActionsInClientOrder() {
        ResourceScope scope = ResourceScope.parse("repository:team/app:push,pull").orElseThrow();

        assertThat(scope.repository()).contains(RepositoryName.of("team/app"));
        assertThat(scope.repositoryActions()).containsExactlyInAnyOrder(Action.PULL, Action.PUSH);
        assertThat(scope).hasToString("repository:team/app:pull,push");
        assertThat(ResourceScope.repository(RepositoryName.of("a/b"), Set.of(Action.DELETE, Action.PULL)))
                .hasToString("repository:a/b:pull,delete");
    }

    @Test
    void starMeansPullPushAndDeleteButNeverAdmin() {
        assertThat(ResourceScope.parse("repository:a:*").orElseThrow().repositoryActions())
                .containsExactlyInAnyOrder(Action.PULL, Action.PUSH, Action.DELETE);
        assertThat(ResourceScope.parse("repository:a:admin").orElseThrow().repositoryActions()).isEmpty();
    }

    @Test
    void catalogScope() {
        assertThat(ResourceScope.parse("registry:catalog:*").orElseThrow().isCatalog()).isTrue();
        assertThat(ResourceScope.catalog()).hasToString("registry:catalog:*");
    }

    @Test
    void spaceSeparatedScopesAndMalformedOnesAreHandled() {
        assertThat(ResourceScope.parseAll(List.of("repository:a:pull repository:b:push", "nonsense", "x:y:")))
                .extracting(ResourceScope::name).containsExactly("a", "b");
        assertThat(ResourceScope.parse("repository:Bad Name:pull").orElseThrow().repository()).isEmpty();
    }
}
