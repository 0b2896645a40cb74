package dev.berth.storage.lifecycle;

/** One {@code registry.immutable-tags[i]} entry: tags matching {@code tags} in repositories matching {@code repositories}. */
public record ImmutableTagRule(int index, Glob repositories, Glob tags) {

    /** How refusals name the rule, so the user can find it in the configuration. */
    public String describe() {
        return "registry.immutable-tags[" + index + "] (repositories " + repositories.text() + ", tags " + tags.text() + ")";
    }
}
