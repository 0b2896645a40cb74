package dev.berth.storage.quota;

/**
 * How a repository holds a digest: as a blob it links or as a manifest revision. A repository may
 * hold one digest both ways (a manifest uploaded as a blob too); removing one must not forget the other.
 */
public enum HeldAs {
    BLOB("b"),
    MANIFEST("m");

    private final String code;

    HeldAs(String code) {
        this.code = code;
    }

    /** The one-letter prefix of a holding record's name. */
    String code() {
        return code;
    }
}
