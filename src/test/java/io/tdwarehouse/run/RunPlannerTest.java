package io.tdwarehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.pipeline.ReadTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RunPlannerTest {

    private static final PipelineDefinition DEFAULT = PipelineDefinition.loadDefault();
    private static final Duration OVERLAP = Duration.ofMinutes(5);
    private static final Instant WATERMARK = Instant.parse("2025-01-01T00:05:00Z");

    private static Map<String, Instant> watermarksForAll(Instant w) {
        Map<String, Instant> m = new HashMap<>();
        DEFAULT.tables().forEach(t -> m.put(t.entitySet(), w));
        return m;
    }

    private static TablePlan plan(RunPlanner.Plan plan, String entitySet) {
        return plan.tables().stream().filter(t -> t.table().entitySet().equals(entitySet)).findFirst().orElseThrow();
    }

    private static List<ReadTask> tasks(List<ReadTask> tasks, String table) {
        return tasks.stream().filter(t -> t.table().equals(table)).toList();
    }

    private static List<ReadTask> all(RunPlanner.Plan plan) {
        List<ReadTask> all = new ArrayList<>(plan.dimensionTasks());
        all.addAll(plan.factTasks());
        return all;
    }

    @Test
    void noWatermarkMeansAFullLoadWithDetails() {
        RunPlanner.Plan plan = RunPlanner.plan(DEFAULT, Map.of(), null, OVERLAP);

        assertThat(plan.tables()).hasSize(20);
        TablePlan incidents = plan(plan, "Incidents");
        assertThat(incidents.mode()).isEqualTo(TablePlan.Mode.FULL);
        assertThat(incidents.filter()).isNull();
        assertThat(incidents.windowFrom()).isNull();
        assertThat(incidents.watermark()).isNull();
        assertThat(plan(plan, "Branches").mode()).isEqualTo(TablePlan.Mode.FULL);
        assertThat(plan(plan, "Departments").mode()).isEqualTo(TablePlan.Mode.WHOLE);

        assertPartitionedFullRead(tasks(plan.factTasks(), "fact_incident"), true);
        assertPartitionedFullRead(tasks(plan.factTasks(), "fact_change"), true);
        assertPartitionedFullRead(tasks(plan.factTasks(), "fact_change_activity"), false);
        int windows = PartitionWindows.of("creationDate").size();
        assertThat(plan.factTasks()).hasSize(3 * windows + 2);
        assertPartitionedFullRead(tasks(plan.dimensionTasks(), "dim_person"), false);
        assertThat(plan.dimensionTasks()).hasSize(16 + windows);
        assertThat(plan.dimensionTasks()).filteredOn(t -> !t.table().equals("dim_person"))
                .allSatisfy(t -> {
                    assertThat(t.part()).isEqualTo(ReadTask.Part.MAIN);
                    assertThat(t.filter()).isNull();
                    assertThat(t.detailsById()).isFalse();
                });
    }

    /** A full read of a partitioned set: one MAIN task per creationDate window, plus one DETAILS task when it has details. */
    private static void assertPartitionedFullRead(List<ReadTask> tasks, boolean details) {
        List<String> windows = PartitionWindows.of("creationDate");
        assertThat(tasks).filteredOn(t -> t.part() == ReadTask.Part.MAIN).extracting(ReadTask::filter)
                .containsExactlyElementsOf(windows);
        assertThat(tasks).allSatisfy(t -> assertThat(t.detailsById()).isFalse());
        assertThat(tasks).filteredOn(t -> t.part() == ReadTask.Part.DETAILS).extracting(ReadTask::filter)
                .containsExactlyElementsOf(details ? java.util.Collections.singletonList(null) : List.of());
    }

    @Test
    void aWatermarkMeansAnIncrementalReadFromWatermarkMinusOverlap() {
        RunPlanner.Plan plan = RunPlanner.plan(DEFAULT, watermarksForAll(WATERMARK), Set.of(), OVERLAP);

        TablePlan incidents = plan(plan, "Incidents");
        assertThat(incidents.mode()).isEqualTo(TablePlan.Mode.INCREMENTAL);
        assertThat(incidents.windowFrom()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(incidents.watermark()).isEqualTo(WATERMARK);
        assertThat(incidents.filter()).isEqualTo("modificationDate ge 2025-01-01T00:00:00Z");

        assertThat(tasks(plan.factTasks(), "fact_incident")).singleElement().satisfies(t -> {
            assertThat(t.part()).isEqualTo(ReadTask.Part.MAIN);
            assertThat(t.filter()).isEqualTo("modificationDate ge 2025-01-01T00:00:00Z");
            assertThat(t.detailsById()).isTrue();
        });
        assertThat(tasks(plan.factTasks(), "fact_change")).singleElement().satisfies(t -> assertThat(t.detailsById()).isTrue());
        // no details: nothing to fetch by id
        assertThat(tasks(plan.factTasks(), "fact_change_activity")).singleElement()
                .satisfies(t -> assertThat(t.detailsById()).isFalse());
        assertThat(all(plan)).noneMatch(t -> t.part() == ReadTask.Part.DETAILS);
        assertThat(plan.factTasks()).hasSize(3);

        assertThat(tasks(plan.dimensionTasks(), "dim_branch")).singleElement()
                .satisfies(t -> assertThat(t.filter()).isEqualTo("modificationDate ge 2025-01-01T00:00:00Z"));
    }

    @Test
    void setsWithoutAnIncrementalPropertyAreReadWhole() {
        RunPlanner.Plan plan = RunPlanner.plan(DEFAULT, watermarksForAll(WATERMARK), Set.of("Departments"), OVERLAP);
        for (TablePlan t : plan.tables()) {
            if (t.table().isIncremental()) {
                assertThat(t.mode()).as(t.table().name()).isEqualTo(TablePlan.Mode.INCREMENTAL);
            } else {
                assertThat(t.mode()).as(t.table().name()).isEqualTo(TablePlan.Mode.WHOLE);
                assertThat(t.filter()).isNull();
                assertThat(t.windowFrom()).isNull();
                assertThat(t.watermark()).isNull();
            }
        }
        assertThat(plan.tables()).filteredOn(t -> t.mode() == TablePlan.Mode.WHOLE).extracting(t -> t.table().entitySet())
                .containsExactlyInAnyOrder("Departments", "Categories", "Subcategories", "IncidentProcessingStatuses",
                        "IncidentPriorities", "IncidentImpacts", "IncidentUrgencies", "IncidentCallTypes", "IncidentEntryTypes",
                        "ChangeTypes", "ChangeImpacts", "ChangePriorities", "ChangeProcessingStatuses");
        assertThat(TablePlan.Mode.WHOLE.label()).isEqualTo("whole");
    }

    @Test
    void fullRefreshReloadsOnlyTheNamedSets() {
        RunPlanner.Plan plan = RunPlanner.plan(DEFAULT, watermarksForAll(WATERMARK), Set.of("Incidents", "Branches"), OVERLAP);

        TablePlan incidents = plan(plan, "Incidents");
        assertThat(incidents.mode()).isEqualTo(TablePlan.Mode.FULL);
        assertThat(incidents.filter()).isNull();
        assertThat(incidents.windowFrom()).isNull();
        assertThat(incidents.watermark()).isEqualTo(WATERMARK);
        assertPartitionedFullRead(tasks(plan.factTasks(), "fact_incident"), true);
        assertThat(plan(plan, "Branches").mode()).isEqualTo(TablePlan.Mode.FULL);

        assertThat(plan(plan, "Changes").mode()).isEqualTo(TablePlan.Mode.INCREMENTAL);
        assertThat(plan(plan, "Persons").mode()).isEqualTo(TablePlan.Mode.INCREMENTAL);
        assertThat(tasks(plan.factTasks(), "fact_change")).singleElement()
                .satisfies(t -> assertThat(t.detailsById()).isTrue());
    }

    @Test
    void onlySomeSetsHaveAWatermark() {
        RunPlanner.Plan plan = RunPlanner.plan(DEFAULT, Map.of("Changes", WATERMARK), null, Duration.ZERO);
        assertThat(plan(plan, "Changes").mode()).isEqualTo(TablePlan.Mode.INCREMENTAL);
        assertThat(plan(plan, "Changes").filter()).isEqualTo("modificationDate ge 2025-01-01T00:05:00Z");
        assertThat(plan(plan, "Incidents").mode()).isEqualTo(TablePlan.Mode.FULL);
        assertThat(plan(plan, "ChangeActivities").mode()).isEqualTo(TablePlan.Mode.FULL);
    }

    @Test
    void fractionalWatermarksKeepTheirPrecisionInTheFilter() {
        Instant w = Instant.parse("2025-06-30T23:03:00.123456Z");
        RunPlanner.Plan plan = RunPlanner.plan(DEFAULT, Map.of("Incidents", w), null, Duration.ofMinutes(5));
        assertThat(plan(plan, "Incidents").filter()).isEqualTo("modificationDate ge 2025-06-30T22:58:00.123456Z");
    }

    @Test
    void taskIdsAreUniqueAndTasksSeparatedByKind() {
        for (RunPlanner.Plan plan : List.of(
                RunPlanner.plan(DEFAULT, Map.of(), null, OVERLAP),
                RunPlanner.plan(DEFAULT, watermarksForAll(WATERMARK), Set.of(), OVERLAP),
                RunPlanner.plan(DEFAULT, watermarksForAll(WATERMARK), Set.of("Incidents"), OVERLAP))) {
            List<ReadTask> all = all(plan);
            assertThat(all).extracting(ReadTask::taskId).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isPositive());
            assertThat(plan.dimensionTasks()).allSatisfy(t -> assertThat(t.table()).startsWith("dim_"));
            assertThat(plan.factTasks()).allSatisfy(t -> assertThat(t.table()).startsWith("fact_"));
            // every table has its MAIN task(s): one, or one per window of a partitioned full read
            assertThat(all.stream().filter(t -> t.part() == ReadTask.Part.MAIN).map(ReadTask::table).distinct())
                    .containsExactlyInAnyOrderElementsOf(DEFAULT.tables().stream().map(TableDefinition::table).toList());
        }
        RunPlanner.Plan first = RunPlanner.plan(DEFAULT, Map.of(), null, OVERLAP);
        int expected = 22 + 4 * (PartitionWindows.of("creationDate").size() - 1);
        assertThat(Stream.concat(first.dimensionTasks().stream(), first.factTasks().stream()).map(ReadTask::taskId))
                .containsExactlyInAnyOrderElementsOf(Stream.iterate(1, i -> i + 1).limit(expected).toList());
    }

    @Test
    void aRestrictedDefinitionPlansOnlyItsTables() {
        RunPlanner.Plan plan = RunPlanner.plan(DEFAULT.restrictedTo(Set.of("Incidents")), Map.of(), null, OVERLAP);
        assertThat(plan.tables()).extracting(t -> t.table().name()).containsExactly("incident");
        assertThat(plan.dimensionTasks()).isEmpty();
        assertThat(plan.factTasks()).hasSize(PartitionWindows.of("creationDate").size() + 1);
    }
}
