package dev.berth.storage.index;

import java.util.Iterator;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The names of a snapshot merged, in order, with names changed since: a changed name is there
 * when {@code present} says so, whether or not the snapshot had it.
 */
final class Merged implements Iterator<String> {
    private final Iterator<String> base;
    private final Iterator<String> changes;
    private final NavigableMap<String, ?> changed;
    private final Predicate<String> present;
    private String nextBase;
    private String nextChange;
    private String next;

    Merged(Iterator<String> base, NavigableMap<String, ?> changed, Predicate<String> present, String after) {
        this.base = base;
        this.changed = changed;
        this.changes = (after == null ? changed : changed.tailMap(after, false)).keySet().iterator();
        this.present = present;
        this.nextBase = base.hasNext() ? base.next() : null;
        this.nextChange = changes.hasNext() ? changes.next() : null;
    }

    @Override
    public boolean hasNext() {
        while (next == null && (nextBase != null || nextChange != null)) {
            String candidate;
            if (nextChange == null || (nextBase != null && nextBase.compareTo(nextChange) < 0)) {
                candidate = nextBase;
                nextBase = base.hasNext() ? base.next() : null;
                if (!changed.containsKey(candidate)) {
                    next = candidate;
                }
                continue;
            }
            candidate = nextChange;
            nextChange = changes.hasNext() ? changes.next() : null;
            if (nextBase != null && nextBase.equals(candidate)) {
                nextBase = base.hasNext() ? base.next() : null;
            }
            if (present.test(candidate)) {
                next = candidate;
            }
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String result = next;
        next = null;
        return result;
    }
}
