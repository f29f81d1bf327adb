package io.tdwarehouse.pipeline;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The Beam graph of a run: dimension reads in parallel, then surrogate keys for what they staged, then fact reads
 * in parallel with the key maps as a side input. Elements are read tasks, not rows: rows go from HTTP straight
 * into COPY inside a task, because every hop of a row between transforms costs about as much as loading it.
 */
public final class LoadPipeline {
    private LoadPipeline() {
    }

    public static void build(Pipeline p, RunContext ctx, List<ReadTask> dimensionTasks, List<ReadTask> factTasks) {
        SerializableCoder<ReadTask> taskCoder = SerializableCoder.of(ReadTask.class);
        PCollection<String> stagedDimensions = p
                .apply("PlanDimensionReads", Create.of(dimensionTasks).withCoder(taskCoder))
                .apply("SpreadDimensionReads", Reshuffle.viaRandomKey())
                .apply("StageDimensions", ParDo.of(new StageEntitySetFn(ctx, null)))
                .setCoder(StringUtf8Coder.of());
        PCollectionView<KeyMaps> keys = stagedDimensions
                .apply("CollectStagedDimensions", Combine.globally(new DistinctStrings()))
                .apply("AssignSurrogateKeys", ParDo.of(new AssignKeysFn(ctx)))
                .setCoder(SerializableCoder.of(KeyMaps.class))
                .apply("KeyMapsView", View.asSingleton());
        p.apply("PlanFactReads", Create.of(factTasks).withCoder(taskCoder))
                .apply("SpreadFactReads", Reshuffle.viaRandomKey())
                .apply("StageFacts", ParDo.of(new StageEntitySetFn(ctx, keys)).withSideInputs(keys))
                .setCoder(StringUtf8Coder.of());
    }
}
