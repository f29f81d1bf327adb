package io.tdwarehouse.simulator.http;

import io.tdwarehouse.simulator.model.EdmType;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.PropertyDef;
import io.tdwarehouse.simulator.tenant.TenantSchema;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The CSDL XML of the tenant, as served at {@code $metadata}, with a {@link SchemaDrift} applied. */
final class MetadataDocument {
    private MetadataDocument() {
    }

    static byte[] render() {
        return render(new SchemaDrift());
    }

    static byte[] render(SchemaDrift drift) {
        StringBuilder x = new StringBuilder(32_000);
        x.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n")
                .append("  <edmx:DataServices>\n")
                .append("    <Schema Namespace=\"").append(TenantSchema.NAMESPACE)
                .append("\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n");
        for (EntitySetDef set : TenantSchema.entitySets()) {
            x.append("      <EntityType Name=\"").append(set.typeName()).append("\">\n")
                    .append("        <Key><PropertyRef Name=\"id\"/></Key>\n");
            for (PropertyDef p : set.properties()) {
                if (drift.removes(set.name(), p.name())) {
                    continue;
                }
                String retype = drift.retypeOf(set.name(), p.name());
                if (retype != null) {
                    property(x, p.name(), retype);
                    x.append("/>\n");
                    continue;
                }
                property(x, p.name(), p.type().edmName());
                if (!p.nullable()) {
                    x.append(" Nullable=\"false\"");
                }
                if (p.type() == EdmType.DECIMAL) {
                    x.append(" Precision=\"18\" Scale=\"2\"");
                } else if (p.type() == EdmType.DATE_TIME_OFFSET) {
                    x.append(" Precision=\"7\"");
                }
                x.append("/>\n");
            }
            drift.addedProperties(set.name()).forEach((name, type) -> property(x, name, type).append("/>\n"));
            x.append("      </EntityType>\n");
        }
        for (Map.Entry<String, Map<String, String>> added : drift.addedSets()) {
            x.append("      <EntityType Name=\"").append(added.getKey()).append("\">\n")
                    .append("        <Key><PropertyRef Name=\"id\"/></Key>\n");
            property(x, "id", "Edm.Guid").append(" Nullable=\"false\"/>\n");
            added.getValue().forEach((name, type) -> property(x, name, type).append("/>\n"));
            x.append("      </EntityType>\n");
        }
        x.append("      <EntityContainer Name=\"ReportingService\">\n");
        for (EntitySetDef set : TenantSchema.entitySets()) {
            if (drift.removesSet(set.name())) {
                continue;
            }
            x.append("        <EntitySet Name=\"").append(set.name()).append("\" EntityType=\"")
                    .append(TenantSchema.NAMESPACE).append('.').append(set.typeName()).append("\"/>\n");
        }
        for (Map.Entry<String, Map<String, String>> added : drift.addedSets()) {
            x.append("        <EntitySet Name=\"").append(added.getKey()).append("\" EntityType=\"")
                    .append(TenantSchema.NAMESPACE).append('.').append(added.getKey()).append("\"/>\n");
        }
        x.append("      </EntityContainer>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder property(StringBuilder x, String name, String type) {
        return x.append("        <Property Name=\"").append(name).append("\" Type=\"").append(type).append('"');
    }
}
