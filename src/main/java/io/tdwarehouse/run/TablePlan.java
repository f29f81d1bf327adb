package io.tdwarehouse.run;

import io.tdwarehouse.definition.TableDefinition;
import java.time.Instant;

/**
 * What a run does with one warehouse table.
 *
 * @param mode           how its entity set is read
 * @param windowFrom     for INCREMENTAL, the lower bound read (watermark − overlap)
 * @param watermark      the watermark before the run, or null
 */
public record TablePlan(TableDefinition table, Mode mode, Instant windowFrom, Instant watermark) {
    public enum Mode {
        /** everything, replacing what the warehouse has (first load, or --full-refresh) */
        FULL,
        /** rows with modificationDate ≥ windowFrom */
        INCREMENTAL,
        /** everything, merged into what the warehouse has (sets without an incremental field) */
        WHOLE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The $filter of the read, or null. */
    public String filter() {
        return mode == Mode.INCREMENTAL ? table.incremental() + " ge " + windowFrom : null;
    }
}
