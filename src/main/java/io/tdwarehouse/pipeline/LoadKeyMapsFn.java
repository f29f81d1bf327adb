package io.tdwarehouse.pipeline;

import io.tdwarehouse.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;

/** After every dimension read (each of which assigned its members' surrogate keys): emits the key maps (one element). */
final class LoadKeyMapsFn extends DoFn<Iterable<String>, KeyMaps> {
    private final RunContext ctx;

    LoadKeyMapsFn(RunContext ctx) {
        this.ctx = ctx;
    }

    @ProcessElement
    public void process(@Element Iterable<String> stagedTables, OutputReceiver<KeyMaps> out) {
        Set<String> staged = new HashSet<>();
        stagedTables.forEach(staged::add);
        try (Connection conn = ctx.warehouse().connect()) {
            out.output(SurrogateKeys.load(ctx, staged, conn));
        } catch (SQLException e) {
            throw new WarehouseException("loading the surrogate keys failed: " + e.getMessage(), e);
        }
    }
}
