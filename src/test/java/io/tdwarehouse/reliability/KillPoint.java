package io.tdwarehouse.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Where to SIGKILL a run: a phase, and within it a table or a threshold. A scenario's kill points are derived from
 * a {@link Random} with a fixed seed, so every build kills at the same points: every phase once (in a seeded order),
 * then seeded extra picks.
 *
 * @param target    the entity set whose requests are counted (read phases), the table whose lock stops the run
 *                  (merge, after commit), or null
 * @param threshold requests served to {@code target} (read phases), or read tasks committed; 0 when unused
 */
record KillPoint(int number, Phase phase, String target, int threshold) {

    enum Phase {
        MIGRATION("Flyway migrating the empty warehouse (stopped at its schema-history insert)"),
        READ_DIMENSIONS("reading a dimension set (kill once N requests were served)"),
        KEY_ASSIGNMENT("between the dimension and the fact sets: assigning surrogate keys (stopped at etl.dimension_keys)"),
        READ_FACTS("reading Incidents (kill once N requests were served)"),
        READ_DETAILS("reading IncidentDetails (kill once N requests were served)"),
        COPY("a COPY into a fact's staging table in progress (after N requests of its set)"),
        TASKS_COMMITTED("between read tasks / entity sets: N tasks have committed their staging"),
        MERGE("inside the merge transaction (stopped at the merge of a table)"),
        WATERMARKS("merge done, moving the watermarks (stopped at etl.watermarks), not committed"),
        LEDGER("last statements before COMMIT (stopped at etl.run_entity_sets)"),
        AFTER_COMMIT("committed, dropping staging (stopped at DROP TABLE of a staging table)");

        final String description;

        Phase(String description) {
            this.description = description;
        }
    }

    /** The entity set whose pages are slowed down, so that a read-phase kill lands in the middle of the read. */
    String slowSet() {
        return switch (phase) {
            case READ_DIMENSIONS, READ_FACTS, READ_DETAILS -> target;
            case COPY -> entitySetOf(target);
            default -> null;
        };
    }

    /**
     * The staging table (without its _r{run} suffix) that the watched set is read into. Requests are counted from the
     * moment it exists: before that, the planner may ask a set for one page of ids (to decide how to split a full
     * read), which is not yet the read.
     */
    String stagingTable() {
        return switch (phase) {
            case READ_DIMENSIONS -> target.equals("Persons") ? "dim_person" : "dim_operator";
            case READ_FACTS -> "fact_incident";
            case READ_DETAILS -> "fact_incident_details";
            case COPY -> target;
            default -> null;
        };
    }

    static String entitySetOf(String factTable) {
        return switch (factTable) {
            case "fact_incident" -> "Incidents";
            case "fact_change" -> "Changes";
            case "fact_change_activity" -> "ChangeActivities";
            default -> throw new IllegalArgumentException(factTable);
        };
    }

    String describe() {
        String what = switch (phase) {
            case READ_DIMENSIONS, READ_FACTS, READ_DETAILS -> target + " requests >= " + threshold;
            case COPY -> "COPY staging." + target + "_r* active, " + entitySetOf(target) + " requests >= " + threshold;
            case TASKS_COMMITTED -> "etl.run_tasks rows >= " + threshold;
            case MERGE -> "lock on dw." + target;
            case AFTER_COMMIT -> "lock on staging." + target + "_r*";
            case KEY_ASSIGNMENT -> "lock on etl.dimension_keys";
            case WATERMARKS -> "lock on etl.watermarks";
            case LEDGER -> "lock on etl.run_entity_sets";
            case MIGRATION -> "lock on etl.flyway_schema_history";
        };
        return phase + " (" + what + ")";
    }

    /**
     * @param fullLoad  a full load of an empty warehouse (with MIGRATION and more pages to read) or an incremental run
     * @param count     how many kill points: every phase of the scenario once, in a seeded order, then seeded extra
     *                  picks up to {@code count}
     */
    static List<KillPoint> plan(long seed, boolean fullLoad, int count) {
        Random rnd = new Random(seed);
        List<Phase> phases = new ArrayList<>(List.of(Phase.values()));
        if (!fullLoad) {
            phases.remove(Phase.MIGRATION); // nothing left to migrate
        }
        List<Phase> order = new ArrayList<>(phases);
        Collections.shuffle(order, rnd);
        while (order.size() < Math.max(count, phases.size())) {
            order.add(phases.get(rnd.nextInt(phases.size())));
        }
        List<KillPoint> points = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Phase p = order.get(i);
            points.add(switch (p) {
                // pages of 100 rows. Full load of 1,000 incidents: Persons 200 rows, Operators 300, Incidents and
                // IncidentDetails 1,000, Changes 100, ChangeActivities 300. Incremental: a page or two of Persons and
                // Operators, ~6 of Incidents, ~15 by-id requests of IncidentDetails. Thresholds stay below those.
                case READ_DIMENSIONS -> rnd.nextBoolean()
                        ? new KillPoint(i + 1, p, "Persons", 1 + rnd.nextInt(fullLoad ? 2 : 1))
                        : new KillPoint(i + 1, p, "Operators", 1 + rnd.nextInt(fullLoad ? 2 : 1));
                case READ_FACTS -> new KillPoint(i + 1, p, "Incidents", 1 + rnd.nextInt(fullLoad ? 8 : 3));
                case READ_DETAILS -> new KillPoint(i + 1, p, "IncidentDetails", 1 + rnd.nextInt(fullLoad ? 8 : 6));
                case COPY -> {
                    String table = List.of("fact_incident", "fact_change", "fact_change_activity").get(rnd.nextInt(3));
                    int pages = !fullLoad ? 1 : table.equals("fact_incident") ? 7 : table.equals("fact_change") ? 1 : 2;
                    yield new KillPoint(i + 1, p, table, 1 + rnd.nextInt(pages));
                }
                case TASKS_COMMITTED -> new KillPoint(i + 1, p, null, 1 + rnd.nextInt(fullLoad ? 20 : 14));
                case MERGE -> new KillPoint(i + 1, p, List.of("dim_branch", "dim_person", "fact_incident", "fact_change",
                        "fact_change_activity").get(rnd.nextInt(5)), 0);
                // the first staging table dropped after COMMIT: the others stay behind for the next run to drop
                case AFTER_COMMIT -> new KillPoint(i + 1, p, "fact_incident", 0);
                case KEY_ASSIGNMENT, WATERMARKS, LEDGER, MIGRATION -> new KillPoint(i + 1, p, null, 0);
            });
        }
        return points;
    }
}
