package io.tdwarehouse.cli;

import io.tdwarehouse.cli.config.Config;
import io.tdwarehouse.cli.config.ConfigOptions;
import io.tdwarehouse.cli.config.Setting;
import io.tdwarehouse.definition.DefinitionDraft;
import io.tdwarehouse.definition.DefinitionException;
import io.tdwarehouse.definition.PipelineDefinition;
import io.tdwarehouse.source.FeedMetadata;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.ReportingApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "discover", mixinStandardHelpOptions = true,
        description = {"Lists the tenant's entity sets and properties; writes a starting pipeline definition.",
            "Reads the tenant's $metadata (only the sets the account may read) and lists its entity sets with their "
                + "properties and EDM types. With --write-definition FILE, writes a starting pipeline definition for "
                + "them: sets with a 'name' property become dimensions; sets with creationDate, modificationDate and "
                + "several ...Id properties become facts whose ids refer to the dimensions matching them by name. Review "
                + "it, and add a migration in sql/ for its tables, before running with --pipeline FILE."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success", "1:unexpected failure", "2:usage error: missing setting, unknown --set, FILE exists",
            "3:TOPdesk unreachable, or it refused the credentials (401) or the permission (403)",
            "7:the written definition does not load (a bug: please report it)"},
        footer = {"%nExamples:",
            "  export TOPDESK_URL=https://yourcompany.topdesk.net TOPDESK_USERNAME=etl-reader",
            "  export TOPDESK_APP_PASSWORD_FILE=/etc/topdesk-warehouse/app-password",
            "  topdesk-warehouse discover                       (every entity set)",
            "  topdesk-warehouse discover --set Incidents",
            "  topdesk-warehouse discover --write-definition pipelines/my-tenant.yaml"})
final class DiscoverCommand implements Callable<Integer> {
    static final Set<Setting> SETTINGS = EnumSet.of(Setting.TOPDESK_URL, Setting.TOPDESK_USERNAME,
            Setting.TOPDESK_APP_PASSWORD_FILE, Setting.TOPDESK_ALLOW_INSECURE_HTTP, Setting.TOPDESK_MAX_ATTEMPTS,
            Setting.TOPDESK_READ_TIMEOUT);

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--set", paramLabel = "NAME", description = "Show only this entity set (its name as in $metadata, e.g. Incidents).")
    String set;

    @Option(names = "--write-definition", paramLabel = "FILE", description = "Write a starting pipeline definition (YAML) to FILE.")
    Path writeDefinition;

    @Option(names = "--force", description = "With --write-definition: replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (writeDefinition != null && Files.exists(writeDefinition) && !force) {
            throw new IllegalArgumentException(writeDefinition + " exists; name another file, or add --force to replace it");
        }
        Config settings = config.resolve();
        FeedSettings feed = feed(settings);
        FeedMetadata metadata;
        try (ReportingApiClient client = new ReportingApiClient(feed)) {
            metadata = FeedMetadata.parse(client.metadata());
        }
        Map<String, Map<String, String>> sets = metadata.entitySets();
        if (set != null && !sets.containsKey(set)) {
            String similar = sets.keySet().stream().filter(s -> s.equalsIgnoreCase(set)).findFirst()
                    .map(s -> "did you mean " + s + "? ").orElse("");
            throw new IllegalArgumentException("the tenant's $metadata has no entity set '" + set + "' (names are "
                    + "case-sensitive); " + similar + "it has: " + String.join(", ", sets.keySet()));
        }
        DefinitionDraft draft = DefinitionDraft.of(sets);
        Map<String, DefinitionDraft.Entry> entries = draft.entries().stream()
                .collect(Collectors.toMap(DefinitionDraft.Entry::entitySet, e -> e));
        PrintWriter out = spec.commandLine().getOut();
        if (set != null) {
            list(out, set, sets.get(set), entries.get(set));
        } else if (writeDefinition == null) {
            out.println(sets.size() + " entity sets in the $metadata of " + feed.serviceRoot() + " (the ones '" + feed.login()
                    + "' may read):");
            for (Map.Entry<String, Map<String, String>> e : sets.entrySet()) {
                out.println();
                list(out, e.getKey(), e.getValue(), entries.get(e.getKey()));
            }
        }
        if (writeDefinition != null) {
            write(out, draft, feed);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The feed settings, built with the canonical constructor so that --allow-insecure-http applies before the http:// check. */
    private static FeedSettings feed(Config settings) {
        FeedSettings defaults = FeedSettings.of(java.net.URI.create("https://localhost"), "x", io.tdwarehouse.source.Secret.of("x"));
        return new FeedSettings(FeedSettings.serviceRootOf(settings.require(Setting.TOPDESK_URL)),
                settings.require(Setting.TOPDESK_USERNAME), settings.topdeskPassword(), defaults.connectTimeout(),
                settings.duration(Setting.TOPDESK_READ_TIMEOUT), settings.integer(Setting.TOPDESK_MAX_ATTEMPTS),
                defaults.initialBackoff(), defaults.maxBackoff(), defaults.pageSize(),
                settings.bool(Setting.TOPDESK_ALLOW_INSECURE_HTTP));
    }

    private static void list(PrintWriter out, String name, Map<String, String> properties, DefinitionDraft.Entry entry) {
        String role = switch (entry.role()) {
            case DIMENSION -> "a dimension, dw." + entry.table();
            case FACT -> "a fact, dw." + entry.table();
            case DETAILS -> "details of dw." + entry.table();
            case SKIPPED -> "left out";
        };
        out.println(name + " (" + properties.size() + " properties; a written definition makes it " + role + ")");
        int width = properties.keySet().stream().mapToInt(String::length).max().orElse(0);
        properties.forEach((p, type) -> out.println("  " + p + " ".repeat(width - p.length() + 2) + type));
    }

    private void write(PrintWriter out, DefinitionDraft draft, FeedSettings feed) throws IOException {
        String stem = writeDefinition.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        List<String> header = List.of(
                "A STARTING POINT, NOT A FINISHED PIPELINE DEFINITION: review it before use.",
                "",
                "Written by 'topdesk-warehouse discover' from the $metadata of " + feed.serviceRoot(),
                "as the account '" + feed.login() + "' sees it, at " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".",
                "What it guessed, and what to check:",
                "  - sets with a 'name' property became dimensions (dw.dim_<name>); sets with creationDate,",
                "    modificationDate and " + DefinitionDraft.FACT_MIN_IDS + " or more ...Id (Edm.Guid) properties became facts (dw.fact_<name>);",
                "    <X>Details sets joined the fact of X as details; other sets became dimensions marked 'review'",
                "  - a fact's ...Id property refers to the dimension whose entity set matches it by name (branchId ->",
                "    Branches, priorityId of Incidents -> IncidentPriorities); the others are plain columns",
                "    (marked with a comment): add references by hand, e.g. callerId: {dimension: person, as: caller},",
                "    after declaring that dimension",
                "  - sets with modificationDate are loaded incrementally; the others are read whole on every run:",
                "    fine for small lookup sets, slow for big ones",
                "  - every property became a column (snake_case of its name); remove the ones nobody needs",
                "  - the warehouse needs the tables: add a Flyway migration in sql/ that creates them (see",
                "    sql/V1__warehouse_schema.sql), then 'topdesk-warehouse check --pipeline FILE' tells what is missing",
                "Format: see pipelines/topdesk-reporting.yaml.");
        String yaml = draft.yaml(stem.isEmpty() ? "discovered" : stem, header);
        Path parent = writeDefinition.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.writeString(writeDefinition, yaml, StandardCharsets.UTF_8, force
                    ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                    : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE});
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(writeDefinition + " exists; name another file, or add --force to replace it");
        }
        PipelineDefinition loaded;
        try {
            loaded = PipelineDefinition.load(writeDefinition);
        } catch (DefinitionException e) {
            throw new DefinitionException("the definition written to " + writeDefinition + " does not load (a bug of discover; "
                    + "please report it): " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + writeDefinition, e);
        }
        TextTable table = new TextTable("entity set", "becomes", "table", "review");
        for (DefinitionDraft.Entry e : draft.entries()) {
            List<String> notes = new ArrayList<>(e.notes());
            table.row(e.entitySet(), e.role().name().toLowerCase(), e.table() == null ? "-" : "dw." + e.table(),
                    notes.isEmpty() ? "" : notes.size() + (notes.size() == 1 ? " note" : " notes"));
        }
        out.print(table);
        out.println();
        out.println("wrote " + writeDefinition + ": " + loaded.dimensions().size() + " dimensions, " + loaded.facts().size()
                + " facts. It is a starting point: review it (the notes are comments in the file), add a migration in sql/ "
                + "for its tables, then: topdesk-warehouse check --pipeline " + writeDefinition);
    }
}
