package io.tdwarehouse.simulator.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Writes rows as OData JSON ({@code odata.metadata=minimal}): one object per row, the selected properties. */
final class EntityPageWriter {
    private final JsonGenerator json;
    private final EntitySetDef set;
    private final int[] selected;
    private final SerializedString[] names;

    EntityPageWriter(JsonGenerator json, EntitySetDef set, int[] selected) {
        this.json = json;
        this.set = set;
        this.selected = selected;
        this.names = new SerializedString[selected.length];
        for (int i = 0; i < selected.length; i++) {
            names[i] = new SerializedString(set.property(selected[i]).name());
        }
    }

    void write(Row row) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < selected.length; i++) {
            json.writeFieldName(names[i]);
            Object v = row.get(selected[i]);
            if (v == null) {
                json.writeNull();
            } else {
                switch (set.property(selected[i]).type()) {
                    case GUID -> json.writeString(((UUID) v).toString());
                    case STRING -> json.writeString((String) v);
                    case DATE_TIME_OFFSET -> json.writeString(ODataDates.format((OffsetDateTime) v));
                    case BOOLEAN -> json.writeBoolean((Boolean) v);
                    case INT32 -> json.writeNumber((Integer) v);
                    case INT64 -> json.writeNumber((Long) v);
                    case DECIMAL -> json.writeNumber((BigDecimal) v);
                    default -> throw new IllegalStateException("unhandled type of " + names[i]);
                }
            }
        }
        json.writeEndObject();
    }
}
