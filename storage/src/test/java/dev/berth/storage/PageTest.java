package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {
    static final List<String> SORTED = List.of("a", "a/b", "b", "c", "team/x/y");

    @Test
    void withoutLimitReturnsEverything() {
        assertThat(Page.of(SORTED, null, null)).isEqualTo(new Page<>(SORTED, false));
    }

    @Test
    void limitCutsThePageAndSaysThereIsMore() {
        assertThat(Page.of(SORTED, 2, null)).isEqualTo(new Page<>(List.of("a", "a/b"), true));
        assertThat(Page.of(SORTED, 5, null)).isEqualTo(new Page<>(SORTED, false));
    }

    @Test
    void lastStartsThePageAfterThatItem() {
        assertThat(Page.of(SORTED, 2, "a/b")).isEqualTo(new Page<>(List.of("b", "c"), true));
        assertThat(Page.of(SORTED, 2, "c")).isEqualTo(new Page<>(List.of("team/x/y"), false));
        assertThat(Page.of(SORTED, 2, "bb")).isEqualTo(new Page<>(List.of("c", "team/x/y"), false));
        assertThat(Page.of(SORTED, null, "z")).isEqualTo(new Page<>(List.of(), false));
    }

    @Test
    void negativeLimitIsPaginationNumberInvalid() {
        assertThatThrownBy(() -> Page.of(SORTED, -1, null)).isInstanceOfSatisfying(OciException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
    }
}
