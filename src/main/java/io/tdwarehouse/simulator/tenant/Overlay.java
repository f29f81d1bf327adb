package io.tdwarehouse.simulator.tenant;

import java.util.BitSet;
import java.util.Map;

/**
 * What the admin interface changed in one family of rows, as an immutable snapshot: a page is always served
 * from one snapshot, and a mutation swaps in a new one.
 *
 * @param createdIn for each row appended after the generated ones, the batch that created it
 * @param versions row index to the batch that last created or updated it (its modificationDate)
 * @param deleted  hard-deleted row indices
 * @param names    row index to a new name (renames)
 */
record Overlay(int[] createdIn, Map<Integer, Integer> versions, BitSet deleted, Map<Integer, String> names) {
    static final Overlay EMPTY = new Overlay(new int[0], Map.of(), new BitSet(), Map.of());

    int created() {
        return createdIn.length;
    }

    int version(int index) {
        return versions.getOrDefault(index, 0);
    }
}
