package io.tdwarehouse.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (or "dev" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = TopdeskWarehouse.class.getPackage().getImplementationVersion();
        return new String[] {"topdesk-warehouse " + (v == null ? "dev" : v)};
    }
}
