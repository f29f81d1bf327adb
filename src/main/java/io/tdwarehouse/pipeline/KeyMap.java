package io.tdwarehouse.pipeline;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Source id → surrogate key of one dimension, as sorted arrays: 20 bytes an entry, binary search, and quick to
 * serialise as a side input (a HashMap of UUIDs would be four times the size).
 */
public final class KeyMap implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] msb;
    private final long[] lsb;
    private final int[] keys;
    /** The keys as text, made on first use in this JVM (a fact row writes a dozen keys as COPY text). */
    private transient String[] texts;

    private KeyMap(long[] msb, long[] lsb, int[] keys) {
        this.msb = msb;
        this.lsb = lsb;
        this.keys = keys;
    }

    /** Builds a map from parallel arrays, in any order; duplicate ids keep one key. */
    public static KeyMap of(long[] msb, long[] lsb, int[] keys) {
        int n = keys.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compare(msb[a], lsb[a], msb[b], lsb[b]));
        long[] m = new long[n];
        long[] l = new long[n];
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = msb[order[i]];
            l[i] = lsb[order[i]];
            k[i] = keys[order[i]];
        }
        return new KeyMap(m, l, k);
    }

    /** The key of the id, or -1 when the dimension has no member with it. */
    public int lookup(long idMsb, long idLsb) {
        int i = indexOf(idMsb, idLsb);
        return i < 0 ? -1 : keys[i];
    }

    /** The key of the id as text, or null when the dimension has no member with it. */
    public String keyText(long idMsb, long idLsb) {
        int i = indexOf(idMsb, idLsb);
        if (i < 0) {
            return null;
        }
        String[] t = texts;
        if (t == null) {
            t = new String[keys.length];
            texts = t; // a race makes two arrays, both right
        }
        String text = t[i];
        if (text == null) {
            text = Integer.toString(keys[i]);
            t[i] = text; // Strings are safely published (final fields)
        }
        return text;
    }

    private int indexOf(long idMsb, long idLsb) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(msb[mid], lsb[mid], idMsb, idLsb);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    public int size() {
        return keys.length;
    }

    private static int compare(long m1, long l1, long m2, long l2) {
        int c = Long.compare(m1, m2);
        return c != 0 ? c : Long.compare(l1, l2);
    }
}
