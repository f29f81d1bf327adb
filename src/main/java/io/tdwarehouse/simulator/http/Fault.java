package io.tdwarehouse.simulator.http;

/**
 * One fault to inject into entity-set requests.
 *
 * @param kind              what goes wrong
 * @param entitySet         only requests to this set, or null for any set
 * @param count             how many requests it hits
 * @param afterRequests     matching requests to let through before the first hit
 * @param status            for {@link Kind#STATUS}: 429, 500, 502, 503, ...
 * @param retryAfterSeconds for {@link Kind#STATUS}: the Retry-After header, or null for none
 * @param delayMillis       for {@link Kind#SLOW}: how long the page waits before its first byte
 * @param afterRows         for {@link Kind#CUT} and {@link Kind#TRUNCATE}: rows written before the break
 */
public record Fault(Kind kind, String entitySet, int count, int afterRequests, int status, Integer retryAfterSeconds,
                    int delayMillis, int afterRows) {

    public enum Kind {
        /** answer with an HTTP error status and an OData error body */
        STATUS,
        /** wait before answering */
        SLOW,
        /** close the connection in the middle of the body */
        CUT,
        /** end the body cleanly but with invalid JSON (a page cut short by a broken proxy) */
        TRUNCATE,
        /** serve the page with a nextLink that points back at the first page */
        LOOP
    }

    public Fault {
        if (kind == null) {
            throw new IllegalArgumentException("fault kind is required: one of status, slow, cut, truncate, loop");
        }
        if (count < 1) {
            throw new IllegalArgumentException("fault count must be >= 1, was " + count);
        }
        if (afterRequests < 0) {
            throw new IllegalArgumentException("afterRequests must be >= 0, was " + afterRequests);
        }
        if (kind == Kind.STATUS && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("a status fault needs a status from 400 to 599, was " + status);
        }
        if (kind == Kind.SLOW && delayMillis <= 0) {
            throw new IllegalArgumentException("a slow fault needs delayMillis > 0");
        }
    }
}
