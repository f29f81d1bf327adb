package io.tdwarehouse.pipeline;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The Beam graph of a run: dimension reads in parallel (each assigning surrogate keys to what it staged), then
 * the key maps, then fact reads in parallel with the key maps as a side input. Elements are read tasks, not rows: rows go from HTTP straight
 * into COPY inside a task, because every hop of a row between transforms costs about as much as loading it.
 */
public final class LoadPipeline {
    private LoadPipeline() {
    }

    /** @param groups how many groups the tasks of a stage are spread over (each group is a unit of parallel work) */
    public static void build(Pipeline p, RunContext ctx, List<ReadTask> dimensionTasks, List<ReadTask> factTasks, int groups) {
        SerializableCoder<ReadTask> taskCoder = SerializableCoder.of(ReadTask.class);
        PCollection<String> stagedDimensions = p
                .apply("PlanDimensionReads", Create.of(dimensionTasks).withCoder(taskCoder))
                .apply("SpreadDimensionReads", new SpreadTasks(groups))
                .apply("StageDimensions", ParDo.of(new StageEntitySetFn(ctx, null)))
                .setCoder(StringUtf8Coder.of());
        PCollectionView<KeyMaps> keys = stagedDimensions
                .apply("CollectStagedDimensions", Combine.globally(new DistinctStrings()))
                .apply("LoadKeyMaps", ParDo.of(new LoadKeyMapsFn(ctx)))
                .setCoder(SerializableCoder.of(KeyMaps.class))
                .apply("KeyMapsView", View.asSingleton());
        p.apply("PlanFactReads", Create.of(factTasks).withCoder(taskCoder))
                .apply("SpreadFactReads", new SpreadTasks(groups))
                .apply("StageFacts", ParDo.of(new StageEntitySetFn(ctx, keys)).withSideInputs(keys))
                .setCoder(StringUtf8Coder.of());
    }

    /**
     * Deals the tasks round-robin (in plan order, so a set's windows land in different groups) into a fixed number
     * of groups, each read by one worker in turn. Not one group per task: Beam's direct runner translates and
     * serialises the DoFn for every bundle it plans, which cost 12% of the ETL's CPU in a full load with one
     * task per bundle (122 tasks, measured with JFR); and not a random spread, which leaves some workers with
     * several of the largest windows.
     */
    static final class SpreadTasks extends PTransform<PCollection<ReadTask>, PCollection<ReadTask>> {
        private final int groups;

        SpreadTasks(int groups) {
            this.groups = Math.max(1, groups);
        }

        @Override
        public PCollection<ReadTask> expand(PCollection<ReadTask> tasks) {
            int n = groups;
            return tasks
                    .apply("DealToGroups", WithKeys.of((ReadTask t) -> t.taskId() % n).withKeyType(TypeDescriptors.integers()))
                    .setCoder(KvCoder.of(VarIntCoder.of(), tasks.getCoder()))
                    .apply("Group", GroupByKey.create())
                    .apply("Tasks", Values.create())
                    .apply("OneByOne", Flatten.iterables());
        }
    }
}
