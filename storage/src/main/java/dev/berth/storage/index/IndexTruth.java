package dev.berth.storage.index;

/**
 * What an index lists, as the store itself records it: the links that say a tag, a manifest or a
 * repository exists. The index only remembers which names changed; the truth decides what they are.
 */
public interface IndexTruth {

    /** Whether the name exists now. */
    boolean contains(String name);

    /** Every name that exists, in any order: the slow walk an index is rebuilt from. */
    Iterable<String> all();
}
