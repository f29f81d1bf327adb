package io.tdwarehouse.simulator.query;

import io.tdwarehouse.simulator.model.Row;

/** A compiled {@code $filter}: whether a row belongs to the result. */
@FunctionalInterface
public interface RowFilter {

    boolean test(Row row);
}
