package io.tdwarehouse.pipeline;

import java.util.ArrayList;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;

/** Combines strings into their distinct set (the names of the tables staged); an empty input gives an empty set. */
final class DistinctStrings extends Combine.CombineFn<String, TreeSet<String>, Iterable<String>> {
    @Override
    public TreeSet<String> createAccumulator() {
        return new TreeSet<>();
    }

    @Override
    public TreeSet<String> addInput(TreeSet<String> acc, String input) {
        acc.add(input);
        return acc;
    }

    @Override
    public TreeSet<String> mergeAccumulators(Iterable<TreeSet<String>> accs) {
        TreeSet<String> all = new TreeSet<>();
        accs.forEach(all::addAll);
        return all;
    }

    @Override
    public Iterable<String> extractOutput(TreeSet<String> acc) {
        return new ArrayList<>(acc);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Coder<TreeSet<String>> getAccumulatorCoder(CoderRegistry registry, Coder<String> inputCoder)
            throws CannotProvideCoderException {
        return (Coder<TreeSet<String>>) (Coder<?>) SerializableCoder.of(TreeSet.class);
    }

    @Override
    public Coder<Iterable<String>> getDefaultOutputCoder(CoderRegistry registry, Coder<String> inputCoder) {
        return IterableCoder.of(StringUtf8Coder.of());
    }
}
