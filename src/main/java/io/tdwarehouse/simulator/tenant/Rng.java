package io.tdwarehouse.simulator.tenant;

import java.util.UUID;

/**
 * A tiny SplitMix64 generator. Every value of the tenant is drawn from a stream keyed by (seed, family, row,
 * version, purpose), so any row can be generated on its own, in any order, and always the same way.
 */
final class Rng {
    private long state;

    private Rng(long state) {
        this.state = state;
    }

    static Rng of(long... keys) {
        long h = 0x632BE59BD9B4E019L;
        for (long k : keys) {
            h = mix(h ^ mix(k + 0x9E3779B97F4A7C15L));
        }
        return new Rng(h);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Uniform in [0, bound). */
    long nextLong(long bound) {
        return (nextLong() >>> 1) % bound;
    }

    boolean chance(double p) {
        return (nextLong() >>> 11) * 0x1.0p-53 < p;
    }

    <T> T pick(T[] values) {
        return values[nextInt(values.length)];
    }

    /** A random (version 4) UUID, drawn from this stream. */
    UUID nextUuid() {
        long msb = (nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
