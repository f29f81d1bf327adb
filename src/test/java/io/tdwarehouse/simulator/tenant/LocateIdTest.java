package io.tdwarehouse.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.simulator.model.EntitySetDef;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ids are a seed-keyed permutation of (family, index), so {@link TenantData#locate} inverts them. */
class LocateIdTest {
    private final TenantData data = new TenantData(7, 2_000);

    @Test
    void everyIdLocatesToItsIndexInItsFamilyIncludingIndicesPastTheEnd() {
        for (EntitySetDef set : TenantSchema.entitySets()) {
            int base = data.baseCount(set.name());
            for (int i : new int[] {0, 1, 2, base / 2, Math.max(0, base - 1), base, base + 4, base + 1000,
                    1 << 20, Integer.MAX_VALUE}) {
                UUID id = data.id(set.name(), i);
                assertThat(data.locate(set.name(), id)).as("%s %d", set.name(), i).isEqualTo(i);
            }
        }
    }

    @Test
    void idsAreVersion4WithTheRfcVariantAndDistinctAcrossFamilies() {
        Set<UUID> seen = new HashSet<>();
        for (String set : List.of("Branches", "Departments", "Persons", "Incidents", "Changes", "ChangeActivities",
                "ChangeTypes", "IncidentPriorities")) {
            for (int i = 0; i < 3_000; i++) {
                UUID id = data.id(set, i);
                assertThat(id.version()).isEqualTo(4);
                assertThat(id.variant()).isEqualTo(2);
                assertThat(seen.add(id)).as("%s %d is new", set, i).isTrue();
            }
        }
    }

    @Test
    void detailsSetsShareTheirMainSetsIds() {
        UUID incident = data.id("Incidents", 17);
        assertThat(data.locate("IncidentDetails", incident)).isEqualTo(17);
        UUID change = data.id("Changes", 5);
        assertThat(data.locate("ChangeDetails", change)).isEqualTo(5);
    }

    @Test
    void idsOfOtherFamiliesAndUnknownGuidsLocateToNothing() {
        assertThat(data.locate("Incidents", data.id("Branches", 3))).isEqualTo(-1);
        assertThat(data.locate("Branches", data.id("Incidents", 3))).isEqualTo(-1);
        assertThat(data.locate("Incidents", data.id("Changes", 3))).isEqualTo(-1);
        assertThat(data.locate("Incidents", new TenantData(8, 2_000).id("Incidents", 3))).as("other seed")
                .isEqualTo(-1);
        Random random = new Random(1);
        for (int k = 0; k < 10_000; k++) {
            UUID u = new UUID(random.nextLong(), random.nextLong());
            assertThat(data.locate("Incidents", u)).isEqualTo(-1);
            UUID v4 = UUID.randomUUID();
            assertThat(data.locate("Incidents", v4)).isEqualTo(-1);
        }
        // the permuted value of a real id with its hash bits changed
        UUID real = data.id("Incidents", 42);
        UUID forged = new UUID(real.getMostSignificantBits(), real.getLeastSignificantBits() ^ 1);
        assertThat(data.locate("Incidents", forged)).isEqualTo(-1);
        assertThat(data.locate("Incidents", new UUID(0, 0))).isEqualTo(-1);
    }

    @Test
    void idsAreDeterministicPerSeed() {
        assertThat(new TenantData(7, 5).id("Incidents", 123)).isEqualTo(data.id("Incidents", 123));
        assertThat(new TenantData(9, 2_000).id("Incidents", 123)).isNotEqualTo(data.id("Incidents", 123));
    }

    @Test
    void unknownSetIsRefused() {
        assertThatThrownBy(() -> data.locate("Nope", UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
