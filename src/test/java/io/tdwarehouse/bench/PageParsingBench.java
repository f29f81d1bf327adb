package io.tdwarehouse.bench;

import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.definition.TableDefinition;
import io.tdwarehouse.pipeline.KeyMaps;
import io.tdwarehouse.pipeline.StagingLayout;
import io.tdwarehouse.simulator.http.SimulatorServer;
import io.tdwarehouse.simulator.http.Users;
import io.tdwarehouse.simulator.tenant.TenantData;
import io.tdwarehouse.source.FeedMetadata;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.PageParser;
import io.tdwarehouse.source.ReportingApiClient;
import io.tdwarehouse.source.Secret;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.format.ContentType;

/**
 * Olingo's reader against our streaming Jackson parse, on the same pages of Incidents from the simulator (the
 * properties the pipeline selects). Prints the median of several rounds of each. Not a unit test: run it with
 * bench/page-parsing.sh.
 */
public final class PageParsingBench {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        try (SimulatorServer server = SimulatorServer.start("127.0.0.1", 0, new TenantData(1, rows), Users.defaults(), false);
             ReportingApiClient client = new ReportingApiClient(FeedSettings.of(server.serviceRoot(), "reporting", Secret.of("reporting")))) {
            FeedMetadata metadata = FeedMetadata.parse(client.metadata());
            TableDefinition incidents = PipelineDefinition.loadDefault().tableOf("Incidents");
            List<String> properties = incidents.properties();
            List<byte[]> pages = fetch(client.entitySetUrl("Incidents", properties, null));
            long bytes = pages.stream().mapToLong(p -> p.length).sum();
            System.out.printf("pages of Incidents: %d rows, %d properties selected, %d pages, %.1f MB%n", rows,
                    properties.size(), pages.size(), bytes / 1e6);

            ODataClient olingo = ODataClientFactory.getClient();
            PageParser parser = new PageParser(properties);
            StagingLayout layout = StagingLayout.main(incidents, metadata.entitySets().get("Incidents"));
            KeyMaps keys = EmptyKeys.of(PipelineDefinition.loadDefault());

            System.out.printf("%-44s %10s %12s%n", "parser (median of " + rounds + " rounds)", "ms", "rows/s");
            report("Olingo ODataReader.readEntitySet (whole page)", rounds, rows, () -> {
                long n = 0;
                for (byte[] page : pages) {
                    ClientEntitySet set = olingo.getReader().readEntitySet(new ByteArrayInputStream(page), ContentType.APPLICATION_JSON);
                    n += set.getEntities().size();
                }
                return n;
            });
            report("Jackson streaming PageParser (ours)", rounds, rows, () -> {
                long[] n = {0};
                for (byte[] page : pages) {
                    parser.parse(new ByteArrayInputStream(page), r -> n[0]++);
                }
                return n[0];
            });
            report("PageParser + encode to COPY text", rounds, rows, () -> {
                io.tdwarehouse.pipeline.StagingRowEncoder encoder = new io.tdwarehouse.pipeline.StagingRowEncoder(layout, keys, 1);
                io.tdwarehouse.warehouse.CopyText copy = new io.tdwarehouse.warehouse.CopyText(1 << 20);
                long[] n = {0};
                for (byte[] page : pages) {
                    parser.parse(new ByteArrayInputStream(page), r -> {
                        if (encoder.encode(r) instanceof io.tdwarehouse.pipeline.StagingRowEncoder.Encoded e) {
                            for (String v : e.values()) {
                                copy.field(v);
                            }
                            copy.endRow();
                            n[0]++;
                        }
                    });
                    copy.reset();
                }
                return n[0];
            });
            report("PageParser + encode to binary COPY (the ETL's path)", rounds, rows, () -> {
                io.tdwarehouse.pipeline.StagingRowEncoder encoder = new io.tdwarehouse.pipeline.StagingRowEncoder(layout, keys, 1);
                io.tdwarehouse.warehouse.BinaryCopyRows copy = new io.tdwarehouse.warehouse.BinaryCopyRows(layout.columns().stream()
                        .map(c -> io.tdwarehouse.warehouse.BinaryCopyRows.Type.of(c.sqlType())).toList(), 1 << 20);
                long[] n = {0};
                for (byte[] page : pages) {
                    parser.parse(new ByteArrayInputStream(page), r -> {
                        if (encoder.encode(r) instanceof io.tdwarehouse.pipeline.StagingRowEncoder.Encoded e) {
                            copy.row(e.values(), e.bits());
                            n[0]++;
                        }
                    });
                    copy.reset();
                }
                return n[0];
            });
        }
    }

    private interface Work {
        long run() throws Exception;
    }

    private static void report(String name, int rounds, int expected, Work work) throws Exception {
        work.run(); // warm-up
        long[] ms = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            long n = work.run();
            ms[i] = (System.nanoTime() - start) / 1_000_000;
            if (n != expected) {
                throw new IllegalStateException(name + " read " + n + " rows, expected " + expected);
            }
        }
        Arrays.sort(ms);
        long median = ms[rounds / 2];
        System.out.printf("%-44s %10d %12.0f%n", name, median, expected * 1000.0 / Math.max(1, median));
    }

    private static List<byte[]> fetch(URI first) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("reporting:reporting".getBytes());
        List<byte[]> pages = new ArrayList<>();
        URI next = first;
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        while (next != null) {
            byte[] body = http.send(HttpRequest.newBuilder(next).header("Authorization", auth)
                    .header("Prefer", "odata.maxpagesize=10000").build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            pages.add(body);
            var link = mapper.readTree(body).get("@odata.nextLink");
            next = link == null ? null : next.resolve(link.asText());
        }
        return pages;
    }

    /** Key maps with no members: every reference counts as dangling, which costs the same lookup. */
    private static final class EmptyKeys {
        static KeyMaps of(PipelineDefinition definition) {
            java.util.Map<String, io.tdwarehouse.pipeline.KeyMap> maps = new java.util.HashMap<>();
            for (TableDefinition d : definition.dimensions()) {
                maps.put(d.name(), io.tdwarehouse.pipeline.KeyMap.of(new long[0], new long[0], new int[0]));
            }
            return new KeyMaps(maps);
        }
    }
}
