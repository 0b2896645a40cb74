package dev.berth.storage.gc;

import dev.berth.oci.Digest;
import java.util.HexFormat;

/**
 * The digests a collection keeps, 8 bytes each instead of a hundred: a store of millions of blobs
 * is marked in tens of megabytes. Two digests sharing their first 64 bits would both be kept;
 * for content digests that never happens in practice, and when it did it would only spare garbage.
 */
final class DigestSet {
    private static final long EMPTY = 0;
    private long[] slots = new long[1 << 16];
    private int size;
    private boolean hasZero;

    synchronized void add(Digest digest) {
        long key = key(digest);
        if (key == EMPTY) {
            hasZero = true;
            return;
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        if (insert(slots, key)) {
            size++;
        }
    }

    synchronized boolean contains(Digest digest) {
        long key = key(digest);
        if (key == EMPTY) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == EMPTY) {
                return false;
            }
            if (slots[i] == key) {
                return true;
            }
        }
    }

    synchronized int size() {
        return size + (hasZero ? 1 : 0);
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long key : slots) {
            if (key != EMPTY) {
                insert(bigger, key);
            }
        }
        slots = bigger;
    }

    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (table[i] == EMPTY) {
                table[i] = key;
                return true;
            }
            if (table[i] == key) {
                return false;
            }
        }
    }

    private static int mix(long key) {
        return (int) (key ^ (key >>> 32));
    }

    /** The first 64 bits of the hash, mixed with the algorithm so sha256 and sha512 never meet. */
    private static long key(Digest digest) {
        return HexFormat.fromHexDigitsToLong(digest.hex(), 0, 16) ^ digest.algorithm().hashCode();
    }
}
