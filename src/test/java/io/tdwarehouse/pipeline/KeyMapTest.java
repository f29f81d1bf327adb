package io.tdwarehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyMapTest {

    private static KeyMap of(List<UUID> ids, List<Integer> keys) {
        long[] msb = new long[ids.size()];
        long[] lsb = new long[ids.size()];
        int[] k = new int[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            msb[i] = ids.get(i).getMostSignificantBits();
            lsb[i] = ids.get(i).getLeastSignificantBits();
            k[i] = keys.get(i);
        }
        return KeyMap.of(msb, lsb, k);
    }

    private static int lookup(KeyMap map, UUID id) {
        return map.lookup(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static int lookup(KeyMap map, String guid) {
        long[] parsed = new long[2];
        StagingRowEncoder.parseGuid(guid, parsed);
        return map.lookup(parsed[0], parsed[1]);
    }

    @Test
    void emptyMapFindsNothing() {
        KeyMap map = KeyMap.of(new long[0], new long[0], new int[0]);
        assertThat(map.size()).isZero();
        assertThat(map.lookup(0, 0)).isEqualTo(-1);
        assertThat(map.lookup(-1, -1)).isEqualTo(-1);
        assertThat(map.lookup(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void singleEntry() {
        KeyMap map = KeyMap.of(new long[] {5}, new long[] {6}, new int[] {1});
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.lookup(5, 6)).isEqualTo(1);
        assertThat(map.lookup(5, 7)).isEqualTo(-1);
        assertThat(map.lookup(6, 6)).isEqualTo(-1);
        assertThat(map.lookup(4, 6)).isEqualTo(-1);
    }

    @Test
    void keyTextIsTheKeyAsCopyTextAndNullForAnUnknownId() {
        KeyMap map = KeyMap.of(new long[] {5, -3, 9}, new long[] {6, 0, 1}, new int[] {123_456, 7, Integer.MAX_VALUE});
        assertThat(map.keyText(5, 6)).isEqualTo("123456");
        assertThat(map.keyText(5, 6)).isSameAs(map.keyText(5, 6)); // made once
        assertThat(map.keyText(-3, 0)).isEqualTo("7");
        assertThat(map.keyText(9, 1)).isEqualTo("2147483647");
        assertThat(map.keyText(5, 7)).isNull();
        assertThat(map.keyText(0, 0)).isNull();
    }

    @Test
    void unsortedInputIsFound() {
        long[] msb = {30, 10, 20, 10, 40, 0};
        long[] lsb = {1, 2, 3, 1, 0, 9};
        int[] keys = {3, 12, 7, 11, 99, 1};
        KeyMap map = KeyMap.of(msb, lsb, keys);
        assertThat(map.size()).isEqualTo(6);
        for (int i = 0; i < msb.length; i++) {
            assertThat(map.lookup(msb[i], lsb[i])).as("entry %d", i).isEqualTo(keys[i]);
        }
        // ids between and around the present ones
        assertThat(map.lookup(10, 3)).isEqualTo(-1);
        assertThat(map.lookup(10, 0)).isEqualTo(-1);
        assertThat(map.lookup(25, 1)).isEqualTo(-1);
        assertThat(map.lookup(41, 0)).isEqualTo(-1);
        assertThat(map.lookup(-1, 0)).isEqualTo(-1);
        assertThat(map.lookup(0, 8)).isEqualTo(-1);
    }

    @Test
    void theInputArraysAreNotReordered() {
        long[] msb = {3, 1, 2};
        long[] lsb = {0, 0, 0};
        int[] keys = {30, 10, 20};
        KeyMap.of(msb, lsb, keys);
        assertThat(msb).containsExactly(3, 1, 2);
        assertThat(keys).containsExactly(30, 10, 20);
    }

    @Test
    void duplicateIdsKeepOneOfTheirKeys() {
        KeyMap map = KeyMap.of(new long[] {7, 1, 7, 7, 2}, new long[] {7, 1, 7, 7, 2}, new int[] {70, 10, 71, 72, 20});
        assertThat(map.lookup(7, 7)).isIn(70, 71, 72);
        assertThat(map.lookup(1, 1)).isEqualTo(10);
        assertThat(map.lookup(2, 2)).isEqualTo(20);
        assertThat(map.lookup(7, 8)).isEqualTo(-1);
    }

    @Test
    void negativeMostSignificantBitsUseSignedOrder() {
        // GUIDs from ffffffff-... through 80000000-... have a negative msb: the sort and the search must agree
        List<UUID> ids = List.of(
                UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"),
                UUID.fromString("80000000-0000-0000-0000-000000000000"),
                UUID.fromString("7fffffff-ffff-ffff-7fff-ffffffffffff"),
                UUID.fromString("00000000-0000-0000-0000-000000000000"),
                UUID.fromString("00000000-0000-0000-8000-000000000000"),
                UUID.fromString("00000000-0000-0000-ffff-ffffffffffff"),
                UUID.fromString("c0ffee00-dead-beef-cafe-000000000001"),
                UUID.fromString("c0ffee00-dead-beef-0afe-000000000001"),
                UUID.fromString("0badf00d-0000-4000-8000-00000000abcd"));
        List<Integer> keys = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
        KeyMap map = of(ids, keys);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(lookup(map, ids.get(i))).as(ids.get(i).toString()).isEqualTo(keys.get(i));
            // the encoder's GUID parser yields the same two longs as java.util.UUID
            assertThat(lookup(map, ids.get(i).toString())).isEqualTo(keys.get(i));
            assertThat(lookup(map, ids.get(i).toString().toUpperCase())).isEqualTo(keys.get(i));
        }
        assertThat(lookup(map, UUID.fromString("ffffffff-ffff-ffff-ffff-fffffffffffe"))).isEqualTo(-1);
        assertThat(lookup(map, UUID.fromString("80000000-0000-0000-0000-000000000001"))).isEqualTo(-1);
        assertThat(lookup(map, UUID.fromString("c0ffee00-dead-beef-8afe-000000000001"))).isEqualTo(-1);
    }

    @Test
    void manyRandomIdsInAnyOrder() {
        Random random = new Random(7);
        List<UUID> ids = new ArrayList<>();
        Map<UUID, Integer> expected = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            if (expected.putIfAbsent(id, i + 1) == null) {
                ids.add(id);
            }
        }
        List<UUID> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, random);
        KeyMap map = of(shuffled, shuffled.stream().map(expected::get).toList());
        assertThat(map.size()).isEqualTo(ids.size());
        for (UUID id : ids) {
            assertThat(lookup(map, id)).isEqualTo(expected.get(id));
        }
        for (int i = 0; i < 5_000; i++) {
            UUID absent = new UUID(random.nextLong(), random.nextLong());
            if (!expected.containsKey(absent)) {
                assertThat(lookup(map, absent)).isEqualTo(-1);
            }
            // same msb as a present id, another lsb
            UUID present = ids.get(random.nextInt(ids.size()));
            UUID sibling = new UUID(present.getMostSignificantBits(), present.getLeastSignificantBits() + 1);
            if (!expected.containsKey(sibling)) {
                assertThat(lookup(map, sibling)).isEqualTo(-1);
            }
        }
    }
}
