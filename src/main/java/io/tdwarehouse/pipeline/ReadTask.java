package io.tdwarehouse.pipeline;

import java.io.Serializable;

/**
 * One independent read of the feed: an entity set (or a window of one) into the staging table of a warehouse
 * table. Tasks are the elements that Beam spreads over workers; rows never travel between transforms.
 *
 * @param taskId        unique within the run; a retried task first deletes what it staged before
 * @param table         the warehouse table it feeds (dim_branch, fact_incident, ...)
 * @param part          the main entity set, or the details set of a fact
 * @param filter        the $filter of the read (window), or null for the whole set
 * @param detailsById   for a fact's main read: also fetch the details of the rows read, by id
 */
public record ReadTask(int taskId, String table, Part part, String filter, boolean detailsById) implements Serializable {
    /** MAIN: the set's rows; DETAILS: its details set; KEYS: only its ids, to find hard deletes. */
    public enum Part { MAIN, DETAILS, KEYS }
}
