package io.tdwarehouse.cli;

import io.tdwarehouse.definition.DefinitionException;
import io.tdwarehouse.run.RunLock;
import io.tdwarehouse.source.FeedException;
import io.tdwarehouse.warehouse.WarehouseException;
import picocli.CommandLine;

/** The exit codes of every command, and which failure gets which. */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int SOURCE = 3;
    static final int WAREHOUSE = 4;
    static final int REJECTS = 5;
    static final int LOCKED = 6;
    static final int DEFINITION = 7;

    static final String[] LIST = {
        "0:success",
        "1:an unexpected failure (the message says what)",
        "2:usage error: unknown option, bad value, missing setting",
        "3:TOPdesk unreachable, or it refused the credentials (401) or the permission (403)",
        "4:warehouse unreachable, or a database error",
        "5:more rows rejected than the threshold allows",
        "6:another run holds the warehouse's run lock",
        "7:the pipeline definition does not match the tenant's $metadata or the warehouse"};

    @Override
    public int getExitCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FeedException) {
                return SOURCE;
            }
            if (t instanceof WarehouseException || t instanceof java.sql.SQLException
                    || t instanceof org.flywaydb.core.api.FlywayException) {
                return WAREHOUSE;
            }
            if (t instanceof RunLock.RunLockedException) {
                return LOCKED;
            }
            if (t instanceof io.tdwarehouse.run.RejectsExceededException) {
                return REJECTS;
            }
            if (t instanceof DefinitionException) {
                return DEFINITION;
            }
            if (t instanceof IllegalArgumentException && t == e) {
                return USAGE;
            }
        }
        return FAILURE;
    }
}
